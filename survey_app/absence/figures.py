"""A unit's absence figures for any period, for a case's evaluation (``plans.evaluation`` looks here first)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from interventions.absence import Spell, merge_episodes, short_term_days, sick_days
from interventions.plans import PeriodFigures
from survey_app.absence.services import rules
from survey_app.access import descendant_ids
from survey_app.db import db, utcnow
from survey_app.models import AbsenceSpell, Staffing


def period_figures(unit_id: int, start: date, end: date) -> PeriodFigures | None:
    """Sick days and short-term sick days of the unit and the units below it, and their average staffing; None when
    Omtanke holds no staffing for them in the period (HR then enters the figures on the case)."""
    units = descendant_ids([unit_id])
    employees = _average_staffing(units, start, end)
    if not employees:
        return None
    query = select(AbsenceSpell).where(
        AbsenceSpell.unit_id.in_(units),
        AbsenceSpell.first_day <= end,
        (AbsenceSpell.last_day.is_(None)) | (AbsenceSpell.last_day >= start),
    )
    spells = [
        Spell(s.employee_id, str(s.unit_id), s.first_day, s.last_day, s.extent) for s in db.session.scalars(query)
    ]
    today = utcnow().date()
    current = rules()
    episodes = merge_episodes(spells, current)
    total = sum(sick_days(e, start, end, today) for e in episodes)
    short = sum(short_term_days(e, start, end, today, current) for e in episodes)
    return PeriodFigures(start, end, employees, total, short)


def _average_staffing(units, start: date, end: date) -> float | None:
    per_month = db.session.execute(
        select(Staffing.month, func.sum(Staffing.employees))
        .where(Staffing.unit_id.in_(units), Staffing.month >= date(start.year, start.month, 1), Staffing.month <= end)
        .group_by(Staffing.month)
    ).all()
    if not per_month:
        return None
    return sum(float(total) for _, total in per_month) / len(per_month)
