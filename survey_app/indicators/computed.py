"""Indicator values Omtanke computes from data it holds, per unit (its subtree) and month or period.

Early-support talks and network meetings are counted from the logged ``SupportEvent`` rows (talks also from those
recorded on the absence signals page); survey indices come through the results gate (``closed_round_results``:
closed rounds only, small groups already hidden), so a unit hidden in a round stays hidden here; absence indicators
are the absence statistics' own figures (``absence.services.unit_figures``); the person track's figures (talks
held in time, plans followed through, days to return) come from ``person_figures``, small counts withheld. Who may
see them is decided by ``indicators.services``, which calls this; nothing here checks access or reads the request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Date, String, and_, cast, null, select, union_all

from interventions.absence import UnitMonth
from interventions.indicators import INDICATORS, periods
from survey_app.absence.services import unit_figures
from survey_app.db import db
from survey_app.indicators.person_figures import PersonFigures, person_figures
from survey_app.models import AbsenceSpell, SignalTalk, SupportEvent, SurveyRound, Unit
from survey_app.results.figures import ORGANISATION, RoundResults
from survey_app.results.services import closed_round_results, rounds_closed_by

SUPPORT_EVENT_KINDS = {"early_support_talks": "early_support_talk", "network_meetings": "network_meeting"}
SURVEY_FIGURES = {
    "hme_total": "hme.total",
    "hme_motivation": "hme.motivation",
    "hme_leadership": "hme.leadership",
    "hme_steering": "hme.steering",
    "work_ability": "work_ability.work_ability",
}
#: Each absence indicator's figure in the absence statistics (``interventions.absence.UnitMonth``).
ABSENCE_FIGURES = {
    "sick_absence_pct": "sick_pct",
    "short_term_absence_pct": "short_term_pct",
    "partial_sick_leave_pct": "partial_share_pct",
    "sick_days_per_person_year": "days_per_person_year",
    "spells_per_employee": "spells_per_employee",
}
#: Survey figures are 0–100; an indicator kept on a smaller scale gives its top here (work ability is 0–10).
INDEX_TOP = {"work_ability": 10.0}
Values = dict[tuple[int | None, date], float]
AbsenceFigures = dict[tuple[int | None, date], UnitMonth]


def computed_values(
    indicator: str,
    unit_ids: Iterable[int | None],
    first: date,
    last: date,
    today: date,
    rounds: Sequence[RoundResults] | None = None,
    absence: AbsenceFigures | None = None,
    person: PersonFigures | None = None,
) -> Values:
    """Computed values of an indicator per (unit id or None for the whole organisation, first day of the month)
    between ``first`` and ``last``. Empty for indicators Omtanke cannot compute. ``rounds``: the closed rounds'
    results (``closed_rounds``) when the caller already has them; ``absence``: the absence figures
    (``absence_figures``), keyed by each period's first day, for periods other than months; ``person``: the person
    track's figures (``person_figures``) likewise."""
    found = INDICATORS[indicator]
    ids = list(dict.fromkeys(unit_ids))
    if found.source == "support_events":
        return support_event_counts(SUPPORT_EVENT_KINDS[indicator], ids, first, last)
    if found.source == "survey":
        return survey_values(indicator, ids, closed_rounds(first, last, today) if rounds is None else rounds)
    if found.source == "absence":
        return absence_values(indicator, ids, first, last, today, absence)
    if found.source == "person_track":
        person = person_figures(ids, periods("month", first, last), today) if person is None else person
        return {key: value for key, value in person[indicator].items() if key[0] in ids}
    return {}


def support_event_counts(kind: str, unit_ids: Sequence[int | None], first: date, last: date) -> Values:
    """Talks or meetings held per unit (its subtree) and month, in one query; months without any are left out. None
    counts the whole organisation.

    Early-support talks include those recorded on the absence signals page (``SignalTalk``), each in the unit of the
    employee's latest spell begun by the day of the talk (the unit the signal was raised for), once per employee and
    day whatever the number of signals it answered. A logged event names no employee, so a talk logged both ways is
    recognised by unit and day: per unit and day the larger of the two counts is taken."""
    events = select(
        SupportEvent.unit_id, SupportEvent.held_on, cast(null(), String).label("employee"), cast(null(), Date)
    ).where(SupportEvent.kind == kind, SupportEvent.held_on >= first, SupportEvent.held_on <= last)
    query = events
    if kind == "early_support_talk":
        began_before = and_(
            AbsenceSpell.employee_id == SignalTalk.employee_id, AbsenceSpell.first_day <= SignalTalk.held_on
        )
        talks = (
            select(AbsenceSpell.unit_id, SignalTalk.held_on, SignalTalk.employee_id, AbsenceSpell.first_day)
            .select_from(SignalTalk)
            .outerjoin(AbsenceSpell, began_before)
            .where(SignalTalk.held_on >= first, SignalTalk.held_on <= last)
        )
        query = union_all(events, talks)
    logged: dict[tuple[int | None, date], int] = defaultdict(int)
    latest: dict[tuple[str, date], tuple[date, int | None]] = {}  # (employee, day) → (spell's first day, unit)
    for unit_id, held_on, employee, began in db.session.execute(query).all():
        if employee is None:
            logged[(unit_id, held_on)] += 1
        elif (employee, held_on) not in latest or (began or date.min) > latest[(employee, held_on)][0]:
            latest[(employee, held_on)] = (began or date.min, unit_id)
    recorded: dict[tuple[int | None, date], int] = defaultdict(int)
    for (_, held_on), (_, unit_id) in latest.items():
        recorded[(unit_id, held_on)] += 1
    wanted = {unit_id for unit_id in unit_ids if unit_id is not None}
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all()) if wanted else {}
    counts: dict[tuple[int | None, date], float] = defaultdict(float)
    for unit_id, held_on in logged.keys() | recorded.keys():
        count = max(logged.get((unit_id, held_on), 0), recorded.get((unit_id, held_on), 0))
        held = held_on.replace(day=1)
        if None in unit_ids:
            counts[(None, held)] += count
        node = unit_id
        while node is not None:  # the unit and every unit above it that was asked for
            if node in wanted:
                counts[(node, held)] += count
            node = parents.get(node)
    return dict(counts)


def closed_rounds(first: date, last: date, today: date) -> list[RoundResults]:
    """Results (suppression applied) of the rounds that closed between ``first`` and ``last``, before today."""
    query = (
        rounds_closed_by(today)
        .where(SurveyRound.closes_on >= first, SurveyRound.closes_on <= last)
        .order_by(SurveyRound.closes_on, SurveyRound.id)
    )
    return [closed_round_results(survey, today) for survey in db.session.scalars(query)]


def survey_values(indicator: str, unit_ids: Sequence[int | None], rounds: Sequence[RoundResults]) -> Values:
    """A unit's survey figure from each round, in the month the round closed (the later round when two closed in
    the same month). A unit hidden by the anonymity rules has no value, never a bypass."""
    figure, top = SURVEY_FIGURES[indicator], INDEX_TOP.get(indicator, 100.0)
    values: Values = {}
    for results in rounds:
        month = results.survey.closes_on.replace(day=1)
        for unit_id in unit_ids:
            result = results.units.get(ORGANISATION if unit_id is None else unit_id)
            score = result.score(figure) if result is not None else None
            if score is not None:
                values[(unit_id, month)] = score * top / 100.0
    return values


def absence_figures(unit_ids: Sequence[int | None], spans: Sequence[tuple[date, date]], today: date) -> AbsenceFigures:
    """The absence statistics' figures (``absence.services.unit_figures``: the unit and every unit below it; None the
    whole organisation) per unit and period, keyed by the period's first day; the current period counts up to
    ``today``."""
    spans = [(start, min(end, today)) for start, end in spans if start <= today]
    if not spans:
        return {}
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    _, found = unit_figures(spans, today, units)
    ids = {
        "" if unit_id is None else units[unit_id].code: unit_id
        for unit_id in unit_ids
        if unit_id in units or unit_id is None
    }
    return {(ids[month.unit], month.month): month for month in found if month.unit in ids}


def absence_values(
    indicator: str,
    unit_ids: Sequence[int | None],
    first: date,
    last: date,
    today: date,
    figures: AbsenceFigures | None = None,
) -> Values:
    """An absence indicator computed from imported spells and staffing, per unit and month (or per period of
    ``figures``). A unit and period without the figure's data (no staffing, for a rate; no sick days, for the
    partial share) has no value, so what HR entered shows there."""
    figures = absence_figures(unit_ids, periods("month", first, last), today) if figures is None else figures
    name = ABSENCE_FIGURES[indicator]
    values: Values = {}
    for key, month in figures.items():
        value = getattr(month, name)
        if value is not None:
            values[key] = float(value)
    return values
