"""Synthetic absence histories for the effect tests (a helper module, not a test module): 18 months of staffing and
short spells per unit, a shared winter season, and a planted effect from a start month on. The ``effect_world``
fixture (conftest.py) builds its units with them; the case page's and the programme page's tests read them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tests.clock import LAST_MONTH

MONTHS = 18  # 12 before the start, 6 after: the fewest the estimate takes
EMPLOYEES = 20


def effect_months() -> list[date]:
    """The 18 months up to the last complete one, oldest first."""
    months = [LAST_MONTH]
    while len(months) < MONTHS:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def absence(make, unit, months, start: date | None, fewer: int = 0, seed: int = 0) -> None:
    """Staffing of 20 and a month's short spells by different people: three of 3–5 days, a fourth in the winter
    months (the season every unit shares); ``fewer`` spells a month from ``start`` on (the planted effect)."""
    rng = random.Random(seed)
    for index, month in enumerate(months):
        make.staffing(unit, month, EMPLOYEES)
        spells = 3 + (month.month in (12, 1, 2)) - (fewer if start is not None and month >= start else 0)
        for number in range(spells):
            first = month + timedelta(days=2 + 6 * number)
            make.spell(f"{unit.code}-{index}-{number}", unit, first, first + timedelta(days=rng.randint(2, 4)))
