"""One unit's monthly absence, as the effect estimate reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: What an effect is estimated on: short-term sick days (days 1–14 of each spell) or all sick days.
MEASURES = ("short_term", "total")


@dataclass(frozen=True)
class UnitSeries:
    """A unit's months (each the first day of a calendar month, consecutive, oldest first), the employees it had in
    each (average headcount or FTE), and its short-term and total sick days in each. ``kind`` is the unit's kind of
    workplace (``survey_app.models.org.UNIT_KINDS``) or None."""

    unit_id: int
    kind: str | None
    months: tuple[date, ...]
    employees: tuple[float, ...]
    short_term_days: tuple[float, ...]
    sick_days: tuple[float, ...]

    def days(self, measure: str) -> tuple[float, ...]:
        """The sick days of ``measure`` (``MEASURES``) in each month."""
        return self.short_term_days if measure == "short_term" else self.sick_days
