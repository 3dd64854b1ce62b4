"""The Swedish municipal ratios (docs/absence-figures.md): sick time as a share of working time in total, by sex and
by age band, each with the share in long episodes; a group too small to be given is left out, with the reason."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from interventions.absence.months import month_end, month_of, months_spanned
from interventions.absence.reporting_groups import AGE_BANDS, SEXES
from interventions.absence.rules import AbsenceRules
from interventions.absence.table import SpellTable, day_number, overlap_days


@dataclass(frozen=True)
class GroupStaffing:
    """Employees (headcount or FTE) of one reporting group — "total", "F", "M" or an age band — in one month,
    summed over the organisation's units."""

    group: str
    month: date
    employees: float


@dataclass(frozen=True)
class GroupRatio:
    """One reporting group's sick absence in a period. ``sick_pct`` is None when it may not or cannot be given:
    ``reason`` says why ("few" – at most ``min_employees`` on average, "no_staffing", "unknown" – spells without the
    attribute)."""

    group: str
    employees: float
    sick_days: float
    sick_pct: float | None
    long_share_pct: float | None
    reason: str = ""


def group_ratios(
    data: SpellTable,
    staffing: Iterable[GroupStaffing],
    first_month: date,
    last_month: date,
    today: date,
    rules: AbsenceRules,
    min_employees: int = 10,
) -> list[GroupRatio]:
    """The Swedish municipal ratios (docs/absence-figures.md) for the months ``first_month``..``last_month``: sick time
    as a % of ordinary working time in total, by sex and by age band, each with the share of sick time in episodes of at
    least ``long_spell_min_days`` days. Working time is taken as spread evenly over the month's calendar days, so sick
    hours / ordinary hours = extent-weighted sick days / (employees × days), the unit statistics' measure. As the
    Swedish annual-report rules require, a group of ``min_employees`` or fewer is not given."""
    months = months_spanned(first_month, last_month)
    start, stop = day_number(months[0]), day_number(month_end(months[-1]))
    _, episode_length = data.lengths(today)
    days = overlap_days(data.first, data.end(today), start, stop) * data.extent
    long = days * (episode_length >= rules.long_spell_min_days)[data.episode]
    employee_days: dict[str, float] = defaultdict(float)
    for row in staffing:
        if months[0] <= month_of(row.month) <= months[-1]:
            employee_days[row.group] += row.employees * month_end(row.month).day
    calendar_days = sum(month_end(month).day for month in months)
    total = employee_days["total"]
    covered = {  # a dimension's groups must cover the organisation's staff, or their ratios would be too high
        None: total > 0,
        "sex": total > 0 and sum(employee_days[g] for g in SEXES) >= 0.99 * total,
        "band": total > 0 and sum(employee_days[g] for g in AGE_BANDS) >= 0.99 * total,
    }
    groups = [("total", None, 0), *((sex, "sex", i + 1) for i, sex in enumerate(SEXES)),
              *((band, "band", i + 1) for i, band in enumerate(AGE_BANDS))]  # fmt: skip
    result = []
    for group, dimension, code in groups:
        column = {"sex": data.sex, "band": data.band}.get(dimension)
        mine = np.ones(len(days), dtype=bool) if column is None else column == code
        sick, in_long = float(days[mine].sum()), float(long[mine].sum())
        employees = employee_days[group] / calendar_days
        reason = ""
        if column is not None and days[column == 0].sum() > 0:
            reason = "unknown"
        elif not covered[dimension]:
            reason = "no_staffing"
        elif employees <= min_employees:
            reason = "few"
        if reason:
            result.append(GroupRatio(group, employees, sick, None, None, reason))
        else:
            long_share = in_long * 100 / sick if sick > 0 else None
            result.append(GroupRatio(group, employees, sick, sick * 100 / employee_days[group], long_share))
    return result
