"""A unit's absence figures for any period, for a case's evaluation (``plans.evaluation`` looks here first).

The figures are the statistics' own (``services.unit_figures``): the same spells, the same episodes and the same
staffing, so a case's reference month shows exactly the short-term days the statistics page shows for that month.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from interventions.evaluation import PeriodFigures
from survey_app.absence.services import unit_figures
from survey_app.db import db
from survey_app.models import Unit


def period_figures(unit_id: int, spans: Sequence[tuple[date, date]], today: date) -> list[PeriodFigures | None]:
    """Sick days and short-term sick days of the unit and the units below it, and their average staffing, for each
    period (first day, last day); None for a period in which Omtanke holds no staffing for them (HR then enters the
    figures on the case)."""
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    if unit_id not in units or not spans:
        return [None] * len(spans)
    _, found = unit_figures(spans, today, units)
    code = units[unit_id].code
    rows = {m.month: m for m in found if m.unit == code}
    return [
        PeriodFigures(start, end, row.employees, row.sick_days, row.short_term_days) if row.employees > 0 else None
        for start, end in spans
        for row in [rows[start]]
    ]
