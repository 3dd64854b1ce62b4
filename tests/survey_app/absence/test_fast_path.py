"""The import and the statistics read a million spells column by column (packed rows sorted by the database, no
object per row): on a generated file they give exactly the figures, unit signals and person signals that the rules
give when handed the same spells as plain columns (``SpellTable.from_columns``) or as one ``Spell`` at a time."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from interventions.absence import AbsenceRules, SpellTable, merge_episodes, person_signals, unit_periods, unit_signals
from interventions.absence.spells import Spell
from interventions.absence.unit_statistics import Staffing as StaffingFigure
from interventions.indicators import periods
from survey_app.absence import imports
from survey_app.absence.allowance_days import finnish_holidays
from survey_app.absence.services import PERSON_LOOKBACK_DAYS, lookback, person_signals_for, statistics
from survey_app.db import db
from survey_app.importing import ImportRejectedError
from tests.clock import TODAY
from tests.factories import spells_csv

RULES = AbsenceRules()


def _month(back: int) -> date:
    index = TODAY.year * 12 + TODAY.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _history(codes: list[str], seed: int) -> list[tuple]:
    """(employee, unit, first day, last day or None, extent): overlapping, repeated, open and moved spells over
    two years and a half, in file order."""
    rng = random.Random(seed)
    rows = []
    for _ in range(1500):
        employee = f"E{rng.randrange(60)}"
        first = TODAY - timedelta(days=rng.randint(0, 900))
        last = first + timedelta(days=rng.choice((0, 1, 2, 4, 6, 9, 13, 14, 20, 35, 70, 100)))
        unit = codes[int(employee[1:]) % len(codes)] if rng.random() < 0.85 else rng.choice(codes)
        rows.append((employee, unit, first, None if last >= TODAY else last, rng.choice((100, 100, 75, 50, 25))))
    rows += [(employee, codes[-1], first, last, 50) for employee, _, first, last, _ in rows[:40]]  # the same days
    return rows


@pytest.fixture
def org(make):
    area = make.unit("Vård och omsorg", code="VO")
    units = [make.unit(f"Enhet {n}", parent=area, code=f"E-{n}", headcount=25) for n in range(4)]
    for unit in units:
        for back in range(0, 16):
            make.staffing(unit, _month(back), 25)
    return {"area": area, "units": units, "hr": make.user("hr")}


def _file(rows: list[tuple]) -> bytes:
    return spells_csv((e, u, f.isoformat(), (lt or "") and lt.isoformat(), x) for e, u, f, lt, x in rows)


def _table(rows: list[tuple], first: date) -> SpellTable:
    """The spells a read from ``first`` holds, as plain columns in file order."""
    kept = [row for row in rows if row[3] is None or row[3] >= first]
    return SpellTable.from_columns(*zip(*kept, strict=True), RULES.continuation_gap_days)


def test_imported_spells_give_the_figures_and_signals_of_the_plain_rules(app, org, monkeypatch) -> None:
    monkeypatch.setattr(imports, "INSERT_BATCH", 400)  # several batches, each with a last short statement
    codes = [unit.code for unit in org["units"]]
    rows = _history(codes, seed=7)
    result = imports.import_absence(org["hr"], _file(rows), "spells.csv", None, "", TODAY)
    assert result.spells == len(rows)

    found = statistics(org["hr"], TODAY)
    spans = periods("month", _month(12), _month(1))
    staffing = [StaffingFigure(code, _month(back), 25.0) for code in codes for back in range(16)]
    rollup = {code: "VO" for code in codes} | {"VO": None}
    expected = unit_periods(_table(rows, lookback(_month(12), RULES)), staffing, spans, TODAY, RULES, rollup=rollup)
    assert found.months == expected
    assert found.signals == unit_signals(expected, RULES, _month(1))

    signals = [signal for signal, _ in person_signals_for(org["hr"], TODAY)]
    first = TODAY - timedelta(days=PERSON_LOOKBACK_DAYS)
    holidays = finnish_holidays(TODAY)
    assert signals == person_signals(_table(rows, first), RULES, TODAY, holidays)
    spells = [Spell(*row) for row in rows if row[3] is None or row[3] >= first]
    one_at_a_time = person_signals(merge_episodes(spells, RULES), RULES, TODAY, holidays)
    assert {(s.employee, s.rule, s.on, s.value) for s in signals} == {
        (s.employee, s.rule, s.on, s.value) for s in one_at_a_time
    }
    assert len(signals) > 20  # the history is rich enough to signal


def test_a_file_with_bad_rows_far_apart_imports_nothing_and_lists_each(app, org, monkeypatch) -> None:
    monkeypatch.setattr(imports, "INSERT_BATCH", 400)  # the two bad rows in different batches
    codes = [unit.code for unit in org["units"]]
    lines = _file(_history(codes, seed=3)).decode().splitlines()
    lines[2] = "E1;NOPE;2026-01-01;;100"
    lines[1200] = f"E2;{codes[0]};2026-05-05;2026-05-01;100"
    with pytest.raises(ImportRejectedError) as refused:
        imports.import_absence(org["hr"], "\n".join(lines).encode(), "spells.csv", None, "", TODAY)
    assert [(problem.row, problem.column) for problem in refused.value.problems] == [
        (3, "unit_code"),
        (1201, "end_date"),
    ]
    assert db.session.execute(db.text("SELECT COUNT(*) FROM absence_spells")).scalar() == 0
