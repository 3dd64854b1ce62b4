"""Every indicator's values for units and periods, computed where Omtanke holds the data and entered otherwise, with
targets and progress: the indicators page's table, in a fixed number of queries whatever the number of units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import false, or_, select

from interventions.indicators import INDICATORS, periods
from survey_app.db import db
from survey_app.indicators import table
from survey_app.indicators.computed import absence_figures, closed_rounds, computed_values
from survey_app.indicators.person_figures import person_figures
from survey_app.indicators.services.scope import can_view, require
from survey_app.indicators.table import Entered, Row, Target
from survey_app.models import IndicatorTarget, IndicatorValue, User

#: How many periods of each kind the page shows, the current one included.
RECENT_PERIODS = {"month": 12, "quarter": 4, "year": 3}


def recent_range(kind: str, today: date) -> tuple[date, date]:
    """First and last day of the last ``RECENT_PERIODS[kind]`` months, quarters or years, the current one included."""
    count = RECENT_PERIODS[kind]
    if kind == "year":
        return date(today.year - count + 1, 1, 1), today
    months_back = count - 1 if kind == "month" else 3 * (count - 1)
    start_month = today.month if kind == "month" else 3 * ((today.month - 1) // 3) + 1
    index = today.year * 12 + start_month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1), today


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
        require(can_view(actor, unit_id))
    if not ids:
        return {}
    spans = periods(kind, first, last)
    start, end = spans[0][0], spans[-1][1]
    rounds = closed_rounds(start, end, today)
    entered, targets = _entered(ids, start, end), _targets(ids)
    absence = absence_figures(ids, spans, today)
    person = person_figures(ids, spans, today)
    tables: dict[int | None, list[Row]] = {unit_id: [] for unit_id in ids}
    for key, indicator in INDICATORS.items():
        months: dict[int | None, dict[date, float]] = defaultdict(dict)
        for (unit_id, month), value in computed_values(key, ids, start, end, today, rounds, absence, person).items():
            months[unit_id][month] = value
        for unit_id in ids:
            cells = tuple(table.cell(indicator, span, months[unit_id], entered[unit_id].get(key, [])) for span in spans)
            tables[unit_id].append(table.row(indicator, cells, targets[unit_id].get(key)))
    return tables
