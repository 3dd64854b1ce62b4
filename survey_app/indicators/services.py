"""Indicator values and targets per unit and period: enter them, compute them, and lay them out for the page.

Where Omtanke holds the data, a value is computed, never typed in (``indicators.computed``: talks and meetings
logged, survey indices through the results query layer, absence from the absence statistics wherever spells and
staffing are imported). HR may still enter absence values for units and periods Omtanke holds no absence data for;
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
from sqlalchemy import false, or_, select

from interventions.indicators import INDICATORS, Indicator, PeriodError, parse_period, period_label, periods
from survey_app.access import NotAllowedError, descendant_ids, unit_scope
from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.indicators import table
from survey_app.indicators.computed import INDEX_TOP, absence_figures, closed_rounds, computed_values
from survey_app.indicators.table import Entered, Row, Target
from survey_app.models import (
    IndicatorTarget,
    IndicatorValue,
    Role,
    Unit,
    User,
)

ORGANISATION_WIDE = (Role.HR.value, Role.ADMIN.value)
#: Indicators HR may enter: those Omtanke cannot compute, and absence (shown where no absence data is imported).
ENTERED_SOURCES = ("entered", "absence")
#: How many periods of each kind the page shows, the current one included.
RECENT_PERIODS = {"month": 12, "quarter": 4, "year": 3}
LARGEST = 1e9


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
