"""One unit's absence in a month is one set of figures wherever it is shown: the case evaluation, the statistics
(the overview's figures), the absence workbook and ``omtanke absence units --json`` agree with each other and with the
rule counted day by day, on random spell histories (spells crossing the month's start, partial extents, spells
joined across a few days at work, an employee moving between units)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import delete

from survey_app.absence.commands import absence_cli
from survey_app.absence.figures import period_figures
from survey_app.absence.services import statistics
from survey_app.absence.workbooks import absence_workbook
from survey_app.db import db
from survey_app.models import AbsenceSpell, InterventionCase, Staffing
from survey_app.plans.evaluation import case_evaluation
from tests.clock import TODAY

GAP = 5  # a spell starting at most 5 days after the previous one ended continues it (SKR)
SHORT = 14  # calendar days 1–14 of a sick period are short-term


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(month: date) -> date:
    return _month_start(month, -1) - timedelta(days=1)


@pytest.fixture
def world(make):
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C")
    night = make.unit("Nattpatrullen", parent=home, code="HT-N")
    school = make.unit("Ängsskolan", code="BUF-1")
    return {"units": (area, home, night, school), "hr": make.user("hr")}


# one spell: days back at work since the previous one (the first: days after the history starts), sick days,
# extent, which unit (index into the world's units), and whether a last spell is still open
_spell = st.tuples(st.integers(1, 9), st.integers(1, 20), st.sampled_from((25, 50, 75, 100)), st.integers(0, 3))
_history = st.lists(st.tuples(st.lists(_spell, min_size=1, max_size=6), st.booleans()), min_size=1, max_size=4)


def _spells(history, units, begin: date) -> list[tuple]:
    """(employee, unit, first day, last day or None, extent), never overlapping: a data error has its own rule."""
    rows = []
    for number, (spells, open_last) in enumerate(history):
        last = begin
        for index, (gap, length, extent, unit) in enumerate(spells):
            first = last + timedelta(days=gap)
            last = first + timedelta(days=length - 1)
            still_open = open_last and index == len(spells) - 1
            rows.append((f"E{number}", units[unit], first, None if still_open else last, extent))
    return rows


def _counted(rows, codes: set[str], start: date, end: date) -> tuple[float, float]:
    """Sick days and short-term days of units ``codes`` in [start, end], walking each employee's days one by one."""
    sick = short = 0.0
    for employee in {row[0] for row in rows}:
        day_of_episode, previous_last = 0, None
        for _, unit, first, last, extent in sorted((r for r in rows if r[0] == employee), key=lambda r: r[2]):
            if previous_last is None or (first - previous_last).days > GAP:
                day_of_episode = 0
            day, last = first, last or TODAY
            while day <= last:
                day_of_episode += 1
                if start <= day <= end and unit.code in codes:
                    sick += extent / 100
                    short += extent / 100 if day_of_episode <= SHORT else 0
                day += timedelta(days=1)
            previous_last = last
    return sick, short


def _workbook_rows(actor) -> dict[tuple[str, str], tuple]:
    """The workbook's "Every unit, month by month" rows by (code, month): employees, short-term %, sick %."""
    target = io.BytesIO()
    absence_workbook(actor, target, TODAY)
    book = load_workbook(io.BytesIO(target.getvalue()), read_only=True)
    try:
        rows = [list(row) for row in book["Months"].iter_rows(values_only=True)]
    finally:
        book.close()
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Every unit, month by month") + 2

    # shares are stored as fractions with a percent format (exports/workbook.py): back to per cent here
    def per_cent(share: float | None) -> float | None:
        return None if share is None else share * 100

    return {
        (row[1] or "", row[2]): (row[3], per_cent(row[4]), per_cent(row[5])) for row in rows[start:] if row and row[0]
    }


# a chain of one-day spells five days apart reaching 75 days back: the month's first days are its days 16–20
CHAIN = [([(5, 1, 100, 1)] * 15 + [(5, 5, 100, 1)], False)]


# no shrinking: each example is a few database round trips, and a shrink would take minutes
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(
    history=_history,
    back=st.integers(2, 4),
    begin=st.integers(-80, 20),
    staffed=st.lists(st.integers(3, 40), min_size=4, max_size=4),
    case_unit=st.integers(0, 2),
    span=st.tuples(st.integers(-20, 20), st.integers(0, 35)),
)
@example(history=CHAIN, back=3, begin=-80, staffed=[9] * 4, case_unit=0, span=(3, 9))
def test_evaluation_statistics_workbook_and_json_give_the_same_figures(
    app, world, history, back, begin, staffed, case_unit, span
):
    units, hr = world["units"], world["hr"]
    month = _month_start(TODAY, back)
    follow_up = _month_start(TODAY, back - 1)
    db.session.execute(delete(InterventionCase))
    db.session.execute(delete(AbsenceSpell))
    db.session.execute(delete(Staffing))
    rows = _spells(history, units, month + timedelta(days=begin))
    db.session.add_all(
        AbsenceSpell(employee_id=e, unit_id=u.id, first_day=f, last_day=la, extent=x) for e, u, f, la, x in rows
    )
    for unit, employees in zip(units, staffed, strict=True):
        db.session.add_all(
            Staffing(unit_id=unit.id, month=_month_start(TODAY, m), employees=employees) for m in range(1, 13)
        )
    unit = units[case_unit]
    case = InterventionCase(
        unit=unit, trigger="other", opened_on=TODAY, reference_start=month, reference_end=_month_end(month),
        follow_up_start=follow_up, follow_up_end=_month_end(follow_up),
    )  # fmt: skip
    db.session.add(case)
    db.session.commit()

    evaluation = case_evaluation(case, TODAY)
    found = statistics(hr, TODAY)
    workbook = _workbook_rows(hr)
    listed = json.loads(app.test_cli_runner().invoke(absence_cli, ["units", "--json"]).output)["units"]
    subtree = {u.code for u in units[case_unit : 3 if case_unit < 3 else 4]}
    assert evaluation.source == "absence"
    for period in (evaluation.reference, evaluation.follow_up):
        sick, short = _counted(rows, subtree, period.start, period.end)
        staff = sum(n for u, n in zip(units, staffed, strict=True) if u.code in subtree)
        row = next(m for m in found.months if (m.unit, m.month) == (unit.code, period.start))
        entry = next(m for m in listed if (m["unit"], m["month"]) == (unit.code, period.start.isoformat()))
        employees, short_pct, sick_pct = workbook[(unit.code, period.start.strftime("%Y-%m"))]
        assert (period.short_term_sick_days, period.sick_days, period.employees) == pytest.approx((short, sick, staff))
        assert (row.short_term_days, row.sick_days, row.employees) == pytest.approx((short, sick, staff))
        assert (entry["short_term_days"], entry["sick_days"], entry["employees"]) == pytest.approx((short, sick, staff))
        staff_days = staff * period.days
        assert (row.short_term_pct, row.sick_pct) == pytest.approx((short * 100 / staff_days, sick * 100 / staff_days))
        assert (entry["short_term_pct"], entry["sick_pct"]) == pytest.approx((row.short_term_pct, row.sick_pct))
        assert (employees, short_pct, sick_pct) == pytest.approx((staff, row.short_term_pct, row.sick_pct))
    # any first and last day, as a case may choose them: the same computation, the same rule
    start = month + timedelta(days=span[0])
    (figures,) = period_figures(unit.id, [(start, start + timedelta(days=span[1]))], TODAY)
    expected = (*_counted(rows, subtree, figures.start, figures.end), staff)
    assert (figures.sick_days, figures.short_term_sick_days, figures.employees) == pytest.approx(expected)
