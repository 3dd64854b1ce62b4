"""Which groups of the sex and age-band breakdown may be given: the Swedish ratios' small-group rule with
complementary suppression, as one pure function that pages, JSON and workbooks all reach through ``group_ratios``.

The breakdown splits the same employees three ways: all employees ("total"), by sex and by age band. Every figure a
group has (sick days, days in long spells, their ratios) is a sum over its employees, so the total minus the groups
shown of one dimension is exactly the withheld groups' sum. Rules, in order (the survey results' rules in
``survey_app/results/anonymity.py``, applied to a breakdown):

1. *Ten or fewer*: a group of ``min_employees`` or fewer on average in the period is withheld (``FEW``), as the
   Swedish annual-report rules require.
2. *No other period*: a period's figures are its months' figures summed, and each month is shown on its own while it
   is the latest full month; so a group withheld in any month of the period (by rules 1, 3 or 4, decided for that
   month alone) is withheld for the whole period (``FEW_IN_A_MONTH`` or ``PROTECTS_OTHERS``), or the period minus
   the other months would give its month away. Months without any staffing show nothing and decide nothing.
3. *No subtraction*: in each dimension the withheld groups together are what the total minus the groups shown
   gives. When they hold more than none but ``min_employees`` or fewer employees, the smallest group shown in that
   dimension is withheld too (``PROTECTS_OTHERS``), then the next, until they hold more. With two sexes, withheld
   men mean withheld women. The total is never withheld for this: the unit statistics show it anyway.
4. *One breakdown in part*: where one dimension is shown only in part (some group with employees shown, another
   withheld), every group of the other dimension is withheld (``PROTECTS_OTHERS``). Otherwise the two could be
   combined: with every woman aged 50 or older and every man 29 or younger, women minus the 50+ band is the women
   aged 30–49, however few (the insider knows their colleagues' ages).

Why that is enough, for one month: with one dimension shown in part and the other withheld, what is shown is the
total and some groups of one partition, and a withheld group is not a combination of them unless the other withheld
groups of its dimension are empty — rule 3 keeps them above ``min_employees``. With one dimension wholly withheld
and the other wholly shown, a withheld group is a combination only if it is a union of shown groups, each of more
than ``min_employees``, and so is its complement: then neither it nor its complement is small, and nothing of ten or
fewer is protected by it. And by rule 2 every figure shown for a longer period is a sum of figures its months show,
so it adds nothing. ``tests/interventions/absence`` checks all of this by rank over the sex × age-band cells and the
months, for random staff in each cell. A withheld group's headcount stays shown: it does not help to compute its days.

Groups unavailable for another reason (spells lacking the attribute, staffing not broken down) come in withheld
already and count as withheld for rules 3 and 4. Plain Python: never Flask, SQLAlchemy, ``survey_app`` or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from interventions.absence.reporting_groups import AGE_BANDS, SEXES

TOTAL = "total"
#: the breakdown's dimensions: each splits the total into these groups
DIMENSIONS: tuple[tuple[str, ...], ...] = (SEXES, AGE_BANDS)
GROUPS: tuple[str, ...] = (TOTAL, *SEXES, *AGE_BANDS)
FEW, FEW_IN_A_MONTH, PROTECTS_OTHERS = "few", "few_in_a_month", "protects_others"


def withhold_small_groups(
    period: Mapping[str, float],
    months: Iterable[Mapping[str, float]] = (),
    unavailable: Mapping[str, str] | None = None,
    min_employees: float = 10,
) -> dict[str, str]:
    """Every group whose figures may not be given for the period, with the reason (the module's rules 1–4).

    ``period``: each group's average employees over the period; ``months``: the same for each of its months (one
    mapping per month with staff); ``unavailable``: groups already withheld, with their reason."""
    reasons = dict(unavailable or {})
    for group, employees in period.items():
        if employees <= min_employees:
            reasons.setdefault(group, FEW)
    for month in months:
        if month.get(TOTAL, 0) <= 0:
            continue
        for group, reason in _complemented(month, _few(month, min_employees), min_employees).items():
            if group != TOTAL:
                reasons.setdefault(group, FEW_IN_A_MONTH if reason == FEW else PROTECTS_OTHERS)
    return _complemented(period, reasons, min_employees)


def _few(sizes: Mapping[str, float], min_employees: float) -> dict[str, str]:
    return {group: FEW for group, employees in sizes.items() if employees <= min_employees}


def _complemented(sizes: Mapping[str, float], withheld: Mapping[str, str], min_employees: float) -> dict[str, str]:
    """``withheld`` with rules 3 and 4 applied until neither finds anything more to withhold."""
    reasons = dict(withheld)
    while _withhold_one_more(sizes, reasons, min_employees):
        pass
    return reasons


def _withhold_one_more(sizes: Mapping[str, float], reasons: dict[str, str], min_employees: float) -> bool:
    """Apply the first of rules 3 and 4 that finds something to withhold; False when the breakdown is safe."""
    for groups in DIMENSIONS:  # rule 3: the withheld groups together hold none or more than min_employees
        hidden = sum(sizes.get(group, 0.0) for group in groups if group in reasons)
        shown = sorted((group for group in groups if group not in reasons), key=lambda g: (sizes.get(g, 0.0), g))
        if shown and 0 < hidden <= min_employees:
            reasons[shown[0]] = PROTECTS_OTHERS
            return True
    for groups, others in zip(DIMENSIONS, reversed(DIMENSIONS), strict=True):  # rule 4: one breakdown in part
        staffed = [group for group in groups if sizes.get(group, 0.0) > 0]
        in_part = any(group in reasons for group in staffed) and any(group not in reasons for group in staffed)
        shown = [group for group in others if group not in reasons]
        if in_part and shown:
            reasons |= dict.fromkeys(shown, PROTECTS_OTHERS)
            return True
    return False
