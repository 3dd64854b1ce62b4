"""The Swedish municipal ratios (docs/absence-figures.md): sick time as a share of working time in total, by sex and
by age band, each with the share in long episodes; a group too small to be given, or one that would give such a group
away, is left out with the reason (the rule is ``small_groups``')."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from interventions.absence.months import month_end, month_of, months_spanned
from interventions.absence.rules import AbsenceRules
from interventions.absence.small_groups import DIMENSIONS, GROUPS, TOTAL, withhold_small_groups
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
    """One reporting group's sick absence in a period. ``sick_days``, ``sick_pct`` and ``long_share_pct`` are None
    when they may not or cannot be given: ``reason`` says why ("few" – at most ``min_employees`` on average,
    "few_in_a_month", "protects_others" – it would give away such a group's figures (``small_groups``),
    "no_staffing", "unknown" – spells without the attribute)."""

    group: str
    employees: float
    sick_days: float | None
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
    Swedish annual-report rules require, a group of ``min_employees`` or fewer is not given, nor any figure from which
    such a group's could be computed (``small_groups.withhold_small_groups`` decides, month by month and for the
    period)."""
    months = months_spanned(first_month, last_month)
    sick, long, unknown = _month_days(data, months, today, rules)
    employee_days: dict[tuple[str, date], float] = defaultdict(float)
    for row in staffing:
        if months[0] <= month_of(row.month) <= months[-1]:
            employee_days[(row.group, month_of(row.month))] += row.employees * month_end(row.month).day
    calendar_days = sum(month_end(month).day for month in months)
    summed = {group: sum(employee_days[(group, month)] for month in months) for group in GROUPS}
    sick_in = {group: sum(sick[(group, month)] for month in months) for group in GROUPS}
    unavailable = {TOTAL: "no_staffing"} if summed[TOTAL] <= 0 else {}
    for dimension, groups in enumerate(DIMENSIONS):
        # a dimension's groups must cover the organisation's staff, or their ratios would be too high
        covered = summed[TOTAL] > 0 and sum(summed[group] for group in groups) >= 0.99 * summed[TOTAL]
        reason = "unknown" if unknown[dimension] > 0 else "" if covered else "no_staffing"
        unavailable |= dict.fromkeys(groups, reason) if reason else {}
    monthly = [  # a month without staff shows nothing, so it decides nothing either
        {group: _size(employee_days[(group, month)] / month_end(month).day, sick[(group, month)]) for group in GROUPS}
        for month in months
        if employee_days[(TOTAL, month)] > 0
    ]
    period = {group: _size(summed[group] / calendar_days, sick_in[group]) for group in GROUPS}
    withheld = withhold_small_groups(period, monthly, unavailable, min_employees)
    result = []
    for group in GROUPS:
        employees = summed[group] / calendar_days
        if group in withheld:
            result.append(GroupRatio(group, employees, None, None, None, withheld[group]))
            continue
        days, in_long = sick_in[group], sum(long[(group, month)] for month in months)
        long_share = in_long * 100 / days if days > 0 else None
        result.append(GroupRatio(group, employees, days, days * 100 / summed[group], long_share))
    return result


def _size(employees: float, sick_days: float) -> float:
    """A group's size for the small-group rule: its employees, but never none where it has sick days (staffing that
    disagrees with the spells must not let the total minus the others give those days away)."""
    return employees if employees > 0 or sick_days <= 0 else 1e-9


def _month_days(data: SpellTable, months: list[date], today: date, rules: AbsenceRules) -> tuple[dict, dict, list]:
    """Extent-weighted sick days and days in long episodes per (group, month), and per dimension the days of spells
    that lack its attribute."""
    _, episode_length = data.lengths(today)
    in_long = (episode_length >= rules.long_spell_min_days)[data.episode]
    end = data.end(today)
    seen = (data.first <= day_number(month_end(months[-1]))) & (end >= day_number(months[0]))
    first, end, extent, in_long = data.first[seen], end[seen], data.extent[seen], in_long[seen]
    columns = (data.sex[seen], data.band[seen])
    sick: dict[tuple[str, date], float] = {}
    long: dict[tuple[str, date], float] = {}
    unknown = [0.0] * len(DIMENSIONS)
    for month in months:
        days = overlap_days(first, end, day_number(month), day_number(month_end(month))) * extent
        sick[(TOTAL, month)], long[(TOTAL, month)] = float(days.sum()), float(days[in_long].sum())
        for dimension, (column, groups) in enumerate(zip(columns, DIMENSIONS, strict=True)):
            by_code = np.bincount(column, weights=days, minlength=len(groups) + 1)
            long_by_code = np.bincount(column, weights=days * in_long, minlength=len(groups) + 1)
            unknown[dimension] += float(by_code[0])  # code 0: the spell file did not say
            for code, group in enumerate(groups, start=1):
                sick[(group, month)], long[(group, month)] = float(by_code[code]), float(long_by_code[code])
    return sick, long, unknown
