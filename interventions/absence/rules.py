"""The thresholds of every absence rule, in one frozen dataclass, and how an installation's settings become one.

The rules, their defaults and their sources are written down in ``docs/absence-rules.md``; the rest of
``interventions.absence`` applies them. Standard library only: this module never reads configuration itself (the
web shell passes the installation's values to :meth:`AbsenceRules.from_mapping`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import UnionType
from typing import Any, get_args, get_origin, get_type_hints

__all__ = ["FI_COUNTINGS", "AbsenceRules"]

FI_COUNTINGS: tuple[str, ...] = ("calendar_days", "months", "allowance_days")  # how a 30-60-90 point is counted


@dataclass(frozen=True)
class AbsenceRules:
    """Every configurable threshold, with the defaults ``docs/absence-rules.md`` gives the sources of.

    A person signal's threshold of 0 or None turns that signal off. Each Finnish point (``fi_points``, named by its
    day count) is counted as ``fi_counting`` says, in the same order: ``calendar_days`` (sick calendar days over the
    last ``fi_points_months``), ``months`` (point / 30 months of the current sick period, as the law words the 30 and
    60 points) or ``allowance_days`` (Kela's paid days: Monday–Saturday except public holidays, after each sick
    period's waiting period of the day of falling ill and ``fi_waiting_days`` allowance days, over the last
    ``fi_points_months``).
    """

    continuation_gap_days: int = 5  # SE: a new spell starting within 5 days of the previous one continues it
    short_term_max_day: int = 14  # days 1–14 of a sick period are "short-term" (SE); FI configurable
    long_spell_min_days: int = 60
    # unit signals
    unit_margin_pct_points: float = 2.0  # above the organisation's short-term absence % by more than this margin
    unit_absolute_pct: float = 5.0  # short-term absence % above this
    unit_rising_months: int = 3  # short-term % rising this many months in a row
    # individual signals
    warning_spells: int | None = 3  # SE (SKR): 3 spells in a year are a warning signal; watch, no talk yet
    warning_window_months: int = 12
    spells_in_window: int | None = 4  # SE (Botkyrka): the 4th spell in 12 months → omtankesamtal
    spells_window_months: int = 12
    short_spells_fi: int | None = 3  # FI early-support talk
    short_spells_fi_months: int = 4
    days_fi: int | None = 30
    days_fi_months: int = 12
    bradford_threshold: int | None = 250
    bradford_weeks: int = 52
    fi_points: tuple[int, ...] = (30, 60, 90)  # FI 30/60/90: notify OH, apply for allowance, OH statement
    fi_counting: tuple[str, ...] = ("months", "months", "allowance_days")
    fi_waiting_days: int = 9  # FI: Kela pays after the day of falling ill and the 9 following allowance days
    fi_points_months: int = 24  # days are counted over 2 years

    def __post_init__(self) -> None:
        if len(self.fi_counting) != len(self.fi_points):
            raise ValueError(f"fi_counting: give one counting per point of fi_points {list(self.fi_points)}")
        for point, counting in zip(self.fi_points, self.fi_counting, strict=True):
            if counting not in FI_COUNTINGS:
                raise ValueError(f"fi_counting: {counting!r} is not one of {', '.join(FI_COUNTINGS)}")
            if counting == "months" and (point <= 0 or point % 30):
                raise ValueError(f"fi_counting: the point {point} counted in months must be a multiple of 30 days")
        if self.fi_waiting_days < 0:
            raise ValueError("fi_waiting_days: must be 0 or more")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> AbsenceRules:
        """Rules from plain values (a parsed JSON object): lists become tuples; an unknown field or a value of the
        wrong type raises ``ValueError`` naming the field."""
        hints = get_type_hints(cls)
        checked = {}
        for name, value in values.items():
            if name not in hints:
                raise ValueError(f"unknown field {name!r}; the fields are {', '.join(hints)}")
            checked[name] = _checked(name, hints[name], value)
        return cls(**checked)


def _checked(name: str, hint: Any, value: Any) -> Any:
    """``value`` as the field's type (int, float, an optional int or a tuple of ints or texts), else ValueError."""
    kinds = get_args(hint) if get_origin(hint) is UnionType else (hint,)
    if value is None and type(None) in kinds:
        return None
    kind = kinds[0]
    if get_origin(kind) is tuple:
        item = get_args(kind)[0]
        if isinstance(value, list | tuple) and all(_is(item, v) for v in value):
            return tuple(float(v) if item is float else v for v in value)
        raise ValueError(f"{name}: expected a list of {item.__name__} values, not {value!r}")
    if _is(kind, value):
        return float(value) if kind is float else value
    optional = " or null" if type(None) in kinds else ""
    raise ValueError(f"{name}: expected {'a number' if kind is float else kind.__name__}{optional}, not {value!r}")


def _is(kind: type, value: Any) -> bool:
    if isinstance(value, bool):
        return kind is bool
    return isinstance(value, int | float) if kind is float else isinstance(value, kind)
