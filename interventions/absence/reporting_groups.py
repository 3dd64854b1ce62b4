"""The groups Swedish municipal reporting gives sick absence for: sex and age band (≤29, 30–49, ≥50)."""

from __future__ import annotations

from datetime import date

AGE_BANDS: tuple[str, ...] = ("0-29", "30-49", "50+")  # the Swedish municipal bands ≤29, 30–49, ≥50
SEXES: tuple[str, ...] = ("F", "M")


def age_band(birth_date: date, on: date) -> str:
    """The Swedish reporting age band (``AGE_BANDS``: ≤29, 30–49, ≥50) of someone born ``birth_date`` on ``on``."""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return AGE_BANDS[0] if age <= 29 else AGE_BANDS[1] if age <= 49 else AGE_BANDS[2]
