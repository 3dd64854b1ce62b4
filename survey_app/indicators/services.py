"""Indicator values and targets per unit and period: enter them, compute them, and lay them out for the page.

Where Omtanke holds the data, a value is computed, never typed in: early-support talks and network meetings are
counted from the logged ``SupportEvent`` rows (talks also from those recorded on the absence signals page), survey
indices come through the results query layer (``round_results``), so a unit hidden in a round stays hidden here, and
absence indicators are the absence statistics' own figures (``absence.services.unit_figures``) wherever spells and
staffing are imported. HR may still enter absence values for units and periods Omtanke holds no absence data for;
the other indicators are always entered. For the same unit and period a computed value wins over an entered one.

A computed figure of a unit covers the unit and every unit below it, like survey results; an entered figure is what
was entered for exactly that unit (or for the whole organisation).

Who may do what: HR and admin enter values, set targets and see every unit and the whole organisation; managers and
occupational health see the units in their scope (``access.unit_scope``). Nothing here reads the request.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, String, and_, cast, false, null, or_, select, union_all

from interventions.absence import UnitMonth
from interventions.indicators import INDICATORS, Indicator, PeriodError, parse_period, period_label, periods
from survey_app.absence.services import unit_figures
from survey_app.access import NotAllowedError, descendant_ids, unit_scope
from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.indicators import table
from survey_app.indicators.table import Entered, Row, Target
from survey_app.models import (
    AbsenceSpell,
    IndicatorTarget,
    IndicatorValue,
    Role,
    SignalTalk,
    SupportEvent,
    SurveyRound,
    Unit,
    User,
)
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.services import RoundResults, round_results

ORGANISATION_WIDE = (Role.HR.value, Role.ADMIN.value)
#: Indicators HR may enter: those Omtanke cannot compute, and absence (shown where no absence data is imported).
ENTERED_SOURCES = ("entered", "absence")
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
#: How many periods of each kind the page shows, the current one included.
RECENT_PERIODS = {"month": 12, "quarter": 4, "year": 3}
LARGEST = 1e9


# --- who may do what -------------------------------------------------------------------------------------------


def can_enter(actor: User) -> bool:
    return actor.role in ORGANISATION_WIDE


def can_view(actor: User, unit_id: int | None) -> bool:
    """HR and admin see every unit and the whole organisation (None); others the units in their scope."""
    scope = unit_scope(actor)
    return scope is None or (unit_id is not None and unit_id in scope)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowedError


def visible_units(actor: User, under: int | None = None) -> list[Unit]:
    """The units the caller may choose on the page, by name. ``under``: only that unit and the units below it
    (``NotAllowedError`` when the unit is outside the caller's scope)."""
    query = select(Unit).order_by(Unit.name, Unit.id)
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(Unit.id.in_(scope))
    if under is not None:
        _require(db.session.get(Unit, under) is not None and can_view(actor, under))
        query = query.where(Unit.id.in_(descendant_ids([under])))
    return list(db.session.scalars(query))


def default_unit_id(actor: User, units: Sequence[Unit]) -> int | None:
    """The organisation for HR and admin; otherwise the top of the caller's scope (their own unit), if any."""
    if unit_scope(actor) is None:
        return None
    ids = {unit.id for unit in units}
    tops = [unit for unit in units if unit.parent_id not in ids]
    return tops[0].id if tops else None


def recent_range(kind: str, today: date) -> tuple[date, date]:
    """First and last day of the last ``RECENT_PERIODS[kind]`` months, quarters or years, the current one included."""
    count = RECENT_PERIODS[kind]
    if kind == "year":
        return date(today.year - count + 1, 1, 1), today
    months_back = count - 1 if kind == "month" else 3 * (count - 1)
    start_month = today.month if kind == "month" else 3 * ((today.month - 1) // 3) + 1
    index = today.year * 12 + start_month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1), today


# --- entering values and targets ---------------------------------------------------------------------------------


def _indicator(key: str, sources: Sequence[str] | None = None) -> Indicator:
    found = INDICATORS.get(key or "")
    if found is None:
        raise DomainError(_l("Choose an indicator from the list."), "indicator")
    if sources is not None and found.source not in sources:
        raise DomainError(_l("Omtanke computes this indicator from its own data: it cannot be entered."), "indicator")
    return found


def _check_unit(unit_id: int | None) -> None:
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise DomainError(_l("Choose a unit from the list."), "unit_id")


def _number(indicator: Indicator, value: object, field: str) -> float:
    """A finite number in the indicator's range: zero or more, a percentage at most 100, a count whole."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DomainError(_l("Enter a number."), field) from None
    if not math.isfinite(number) or number < 0:
        raise DomainError(_l("Enter a number of zero or more."), field)
    if number > LARGEST:
        raise DomainError(_l("That number is too large."), field)
    if indicator.unit == "percent" and number > 100:
        raise DomainError(_l("A percentage is at most 100."), field)
    top = INDEX_TOP.get(indicator.key, 100.0)
    if indicator.unit == "index" and number > top:
        raise DomainError(_l("This index runs from 0 to %(top)d.", top=int(top)), field)
    if indicator.unit == "count" and not number.is_integer():
        raise DomainError(_l("Enter a whole number."), field)
    return number


def _same_unit(column, unit_id: int | None):
    return column.is_(None) if unit_id is None else column == unit_id


def _the_one(query, model):
    """The row ``query`` finds (the oldest, any later duplicate deleted), or None: entering again replaces."""
    existing = list(db.session.scalars(query.order_by(model.id)))
    for duplicate in existing[1:]:
        db.session.delete(duplicate)
    return existing[0] if existing else None


def enter_value(
    actor: User, indicator: str, unit_id: int | None, period_text: str, value: float | Decimal
) -> IndicatorValue:
    """Enter a value for a unit (None: the whole organisation) and a period; it replaces any value entered before
    for the same indicator, unit and period."""
    _require(can_enter(actor))
    found = _indicator(indicator, ENTERED_SOURCES)
    _check_unit(unit_id)
    try:
        start, end = parse_period(period_text or "")
    except PeriodError as error:
        raise DomainError(_l(error.message, **error.params), "period") from error
    number = _number(found, value, "value")
    same = select(IndicatorValue).where(
        IndicatorValue.indicator == found.key,
        _same_unit(IndicatorValue.unit_id, unit_id),
        IndicatorValue.period_start == start,
        IndicatorValue.period_end == end,
    )
    row = _the_one(same, IndicatorValue)
    replaced = row.value if row is not None else None
    row = row or IndicatorValue(indicator=found.key, unit_id=unit_id, period_start=start, period_end=end)
    row.value, row.entered_by_id, row.entered_at = number, actor.id, utcnow()
    db.session.add(row)
    db.session.flush()
    details = {"indicator": found.key, "unit_id": unit_id, "period": period_label(start, end), "value": number}
    record(actor, "indicators.value_entered", "indicator_value", row.id, **details, replaced=replaced)
    db.session.commit()
    return row


def set_target(
    actor: User, indicator: str, unit_id: int | None, target: float | Decimal, target_on: date | None
) -> IndicatorTarget:
    """Set where an indicator should be, and by when, for a unit (None: the whole organisation); it replaces the
    target set before for the same indicator and unit."""
    _require(can_enter(actor))
    found = _indicator(indicator)
    _check_unit(unit_id)
    number = _number(found, target, "target")
    if target_on is None:
        raise DomainError(_l("Give the date by which the target should be reached."), "target_on")
    same = select(IndicatorTarget).where(
        IndicatorTarget.indicator == found.key, _same_unit(IndicatorTarget.unit_id, unit_id)
    )
    row = _the_one(same, IndicatorTarget) or IndicatorTarget(indicator=found.key, unit_id=unit_id)
    row.target, row.target_on, row.set_by_id, row.set_at = number, target_on, actor.id, utcnow()
    db.session.add(row)
    db.session.flush()
    details = {"indicator": found.key, "unit_id": unit_id, "target": number, "target_on": target_on.isoformat()}
    record(actor, "indicators.target_set", "indicator_target", row.id, **details)
    db.session.commit()
    return row


# --- computed values ----------------------------------------------------------------------------------------------

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
) -> Values:
    """Computed values of an indicator per (unit id or None for the whole organisation, first day of the month)
    between ``first`` and ``last``. Empty for indicators Omtanke cannot compute. ``rounds``: the closed rounds'
    results (``closed_rounds``) when the caller already has them; ``absence``: the absence figures
    (``absence_figures``), keyed by each period's first day, for periods other than months."""
    found = INDICATORS[indicator]
    ids = list(dict.fromkeys(unit_ids))
    if found.source == "support_events":
        return support_event_counts(SUPPORT_EVENT_KINDS[indicator], ids, first, last)
    if found.source == "survey":
        return survey_values(indicator, ids, closed_rounds(first, last, today) if rounds is None else rounds)
    if found.source == "absence":
        return absence_values(indicator, ids, first, last, today, absence)
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
        select(SurveyRound)
        .where(SurveyRound.closes_on >= first, SurveyRound.closes_on <= last, SurveyRound.closes_on < today)
        .order_by(SurveyRound.closes_on, SurveyRound.id)
    )
    return [round_results(survey, items=False) for survey in db.session.scalars(query)]


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


# --- the page's table ---------------------------------------------------------------------------------------------


def _for_units(column, unit_ids: Sequence[int | None]):
    """``column`` is one of the units, or null when the whole organisation (None) is among them."""
    ids = [unit_id for unit_id in unit_ids if unit_id is not None]
    return or_(column.in_(ids), column.is_(None) if None in unit_ids else false())


def _entered(unit_ids: Sequence[int | None], first: date, last: date) -> dict[int | None, dict[str, list[Entered]]]:
    query = (
        select(IndicatorValue)
        .where(
            _for_units(IndicatorValue.unit_id, unit_ids),
            IndicatorValue.period_start >= first,
            IndicatorValue.period_end <= last,
        )
        .order_by(IndicatorValue.entered_at, IndicatorValue.id)
    )
    found: dict[int | None, dict[str, list[Entered]]] = {unit_id: defaultdict(list) for unit_id in unit_ids}
    for row in db.session.scalars(query):
        found[row.unit_id][row.indicator].append(Entered(row.period_start, row.period_end, row.value))
    return found  # oldest first, so that the latest entry wins


def _targets(unit_ids: Sequence[int | None]) -> dict[int | None, dict[str, Target]]:
    query = select(IndicatorTarget).where(_for_units(IndicatorTarget.unit_id, [*unit_ids, None]))
    found: dict[int | None, dict[str, Target]] = {unit_id: {} for unit_id in unit_ids}
    for row in db.session.scalars(query.order_by(IndicatorTarget.unit_id.is_(None).desc(), IndicatorTarget.id)):
        if row.unit_id is not None:
            found[row.unit_id][row.indicator] = Target(row.target, row.target_on, False)
            continue
        for unit_id, targets in found.items():  # the organisation's target stands in for a unit without its own
            targets[row.indicator] = Target(row.target, row.target_on, unit_id is not None)
    return found  # the unit's own target comes last, so it wins


def indicator_table(
    actor: User, unit_id: int | None, first: date, last: date, today: date, kind: str = "month"
) -> list[Row]:
    """Every indicator for a unit (None: the whole organisation) per month, quarter or year from ``first`` to
    ``last``: its values, the latest and the one before, the target (the unit's own, else the organisation's),
    whether it is met and the progress from the first value shown. A fixed number of queries per survey round."""
    return indicator_tables(actor, [unit_id], first, last, today, kind)[unit_id]


def indicator_tables(
    actor: User, unit_ids: Iterable[int | None], first: date, last: date, today: date, kind: str = "month"
) -> dict[int | None, list[Row]]:
    """``indicator_table`` for several units at once (None: the whole organisation), by unit id, in the same fixed
    number of queries whatever the number of units."""
    ids = list(dict.fromkeys(unit_ids))
    for unit_id in ids:
        _require(can_view(actor, unit_id))
    if not ids:
        return {}
    spans = periods(kind, first, last)
    start, end = spans[0][0], spans[-1][1]
    rounds = closed_rounds(start, end, today)
    entered, targets = _entered(ids, start, end), _targets(ids)
    absence = absence_figures(ids, spans, today)
    tables: dict[int | None, list[Row]] = {unit_id: [] for unit_id in ids}
    for key, indicator in INDICATORS.items():
        months: dict[int | None, dict[date, float]] = defaultdict(dict)
        for (unit_id, month), value in computed_values(key, ids, start, end, today, rounds, absence).items():
            months[unit_id][month] = value
        for unit_id in ids:
            cells = tuple(table.cell(indicator, span, months[unit_id], entered[unit_id].get(key, [])) for span in spans)
            tables[unit_id].append(table.row(indicator, cells, targets[unit_id].get(key)))
    return tables
