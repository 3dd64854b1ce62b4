"""Values and targets HR enters: checked against the indicator's range, replacing what was entered before for the
same indicator, unit and period, every entry audit-logged."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interventions.indicators import INDICATORS, Indicator, PeriodError, parse_period, period_label
from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.indicators.computed import INDEX_TOP
from survey_app.indicators.services.scope import can_enter, require
from survey_app.models import IndicatorTarget, IndicatorValue, Unit, User

#: Indicators HR may enter: those Omtanke cannot compute, and absence (shown where no absence data is imported).
ENTERED_SOURCES = ("entered", "absence")
LARGEST = 1e9


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
    require(can_enter(actor))
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
    require(can_enter(actor))
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
