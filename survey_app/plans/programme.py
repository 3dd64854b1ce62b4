"""The programme as a whole (issue 24): every case with its effect against comparison units, the totals, and how the
effect goes with following up the plans, for the organisation page and its workbook.

Nothing is computed twice: each case's figures are ``effect.case_effect``'s (the case page's own), its plan's are
``due.case_progress``'s. The rules this module adds, said in words HR can repeat by ``HOW`` (docs/effect.md):

* **Every step followed up**: the plan has at least one step that was not dropped, every such step is done, and no
  follow-up is missed (``PlanProgress``: done == total > 0, follow_up_missed == 0). A plan without steps, or with a
  step still open, is not followed up: the method's steps were not all carried out yet.
* **The totals** are the sums of each case's days and money over the cases with an estimate (verdict "estimate"),
  per measure; short-term days are part of all sick days, so the two measures are never added together. The
  estimate's bootstrap draws are not kept (``Estimate`` holds only the interval), so the total has no interval of
  its own: the intervals belong to the cases and are not added up, and the page says so.
* **Followed up versus not**: the plain mean of the cases' change per employee-year in each group, counting only
  cases with an estimate; with fewer than ``MIN_GROUP`` such cases in either group the page says "too few cases to
  compare" instead of two means. It shows whether the two go together, not that following up caused it.

Who sees it: HR and admin (``access.can_run_case``), who see every unit; a manager's scope would make "the programme"
a part of it. Only unit figures, nothing about a person; each case's read is audit-logged by ``case_effect``.
``case_effect`` reads a year and more of unit figures per case, so a page with many cases takes a while: the figures
are not cached, so that they are always the case pages' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from interventions.effect import MEASURES, Estimate
from interventions.effect.indices import IndexEstimate
from interventions.plans import PlanProgress
from survey_app.access import can_run_case
from survey_app.models import InterventionCase, User
from survey_app.plans import due, services
from survey_app.plans.effect import MEASURE_LABELS, case_effect, effect_start
from survey_app.plans.services.guards import require

#: The fewest cases with an estimate each group needs before the two groups' means are compared.
MIN_GROUP = 3

HOW = {
    "case": _l("Each case's estimate is the change in sick days per employee and year in the case's unit from "
               "before its start to after, minus the change in comparison units of the same kind over the same "
               "months, with a 95 per cent interval; where the data cannot say, the reason is given instead of a "
               "figure."),
    "cases": _l("Every case opened, open or closed."),
    "estimated": _l("The cases whose data can say something: at least 6 months before and after the start, at "
                    "least 5 comparison units and no difference in course before the start."),
    "days": _l("The sick days each case's estimate amounts to over the months since its start, added up over the "
               "cases with an estimate. A minus sign means fewer days."),
    "cost": _l("Each case's sick days times the cost of a sick day set for it, added up over the cases with an "
               "estimate. A minus sign means money saved."),
    "intervals": _l("The intervals belong to each case and are not added up: the totals are the sum of the cases' "
                    "best estimates and have no interval of their own. Short-term sick days are part of all sick "
                    "days, so the two totals are never added together."),
    "followed_up": _l("A case counts as followed up when its plan has at least one step that was not dropped, every "
                      "such step is done and no follow-up was missed; the share is those cases out of all cases."),
    "mean": _l("The plain mean of the cases' changes in sick days per employee and year, for the cases followed up "
               "and for the others, counting only cases with an estimate. It shows whether the two go together, "
               "not that following up caused the difference."),
}  # fmt: skip


@dataclass(frozen=True)
class CaseFigures:
    """One case on the programme page: the case, the day its effect is counted from, its estimate of each measure
    (``MEASURES``), its plan's progress, whether every step was followed up, and its HME index's estimate."""

    case: InterventionCase
    start: date
    estimates: dict[str, Estimate]
    progress: PlanProgress
    followed_up: bool
    daily_cost: float
    #: The HME total index's estimate between rounds (``effect_survey``).
    survey: IndexEstimate


@dataclass(frozen=True)
class Total:
    """A measure's totals over the cases with an estimate: how many, their days and their money."""

    cases: int
    days: float
    cost: float


@dataclass(frozen=True)
class GroupMeans:
    """A measure's mean change per employee-year among the cases followed up and among the others (None: no case
    with an estimate), the number of cases with an estimate in each, and whether both groups are large enough."""

    followed_up: float | None
    followed_up_cases: int
    others: float | None
    other_cases: int

    @property
    def comparable(self) -> bool:
        """Whether both groups have at least MIN_GROUP cases with an estimate."""
        return min(self.followed_up_cases, self.other_cases) >= MIN_GROUP


@dataclass(frozen=True)
class Programme:
    """The programme page: every case, the totals and the group means of each measure, and how many cases were
    followed up."""

    cases: list[CaseFigures]
    totals: dict[str, Total]
    means: dict[str, GroupMeans]
    followed_up: int

    @property
    def share_followed_up(self) -> float | None:
        """Per cent of the cases whose steps were all followed up (None without cases)."""
        return 100 * self.followed_up / len(self.cases) if self.cases else None


@dataclass(frozen=True)
class Figure:
    """One figure of the programme as the page and the workbook show it: what it is, its value (None: ``unit`` says
    why there is none), its unit, the sentence saying how it was computed, and its kind ("integer", "number": a
    signed figure with ``digits`` decimals, "percent")."""

    what: str
    value: float | None
    unit: str
    how: str
    kind: str = "integer"
    digits: int = 0


def followed_up(progress: PlanProgress) -> bool:
    """Whether every step was followed up: at least one step not dropped, all of them done, no follow-up missed."""
    return progress.total > 0 and progress.done == progress.total and progress.follow_up_missed == 0


def _case_figures(actor: User, case: InterventionCase, today: date) -> CaseFigures:
    effect = case_effect(actor, case, today)
    progress = due.case_progress(case, today)
    return CaseFigures(
        case,
        effect_start(case)[0],
        effect.estimates,
        progress,
        followed_up(progress),
        effect.daily_cost,
        effect.survey.estimates["hme.total"],
    )


def _estimated(cases: list[CaseFigures], measure: str) -> list[Estimate]:
    return [c.estimates[measure] for c in cases if c.estimates[measure].verdict == "estimate"]


def _mean(estimates: list[Estimate]) -> float | None:
    return sum(e.change_per_employee_year for e in estimates) / len(estimates) if estimates else None


def _group_means(cases: list[CaseFigures], measure: str) -> GroupMeans:
    done = _estimated([c for c in cases if c.followed_up], measure)
    others = _estimated([c for c in cases if not c.followed_up], measure)
    return GroupMeans(_mean(done), len(done), _mean(others), len(others))


def programme(actor: User, today: date) -> Programme:
    """Every case of the organisation (open and closed, the latest first) with its effect on ``today``, the totals
    and the group means; ``NotAllowedError`` for anyone but HR and admin."""
    require(can_run_case(actor))
    cases = [_case_figures(actor, case, today) for case in services.visible_cases(actor, whole_plans=True)]
    totals = {}
    for measure in MEASURES:
        found = _estimated(cases, measure)
        totals[measure] = Total(len(found), sum(e.days for e in found), sum(e.cost for e in found))
    means = {measure: _group_means(cases, measure) for measure in MEASURES}
    return Programme(cases, totals, means, sum(c.followed_up for c in cases))


def summary(found: Programme) -> list[Figure]:
    """The programme's figures in the order the page and the workbook show them, each with how it was computed."""
    rows = [
        Figure(_("Cases"), len(found.cases), "", str(HOW["cases"])),
        Figure(_("Cases whose steps were all followed up"), found.followed_up, "", str(HOW["followed_up"])),
        Figure(_("Share of cases whose steps were all followed up"), found.share_followed_up, "",
               str(HOW["followed_up"]), "percent"),
    ]  # fmt: skip
    too_few = _("too few cases to compare (fewer than %(n)d with an estimate in a group)", n=MIN_GROUP)
    for measure in MEASURES:
        label, total, means = str(MEASURE_LABELS[measure]), found.totals[measure], found.means[measure]
        rate = _("sick days per employee and year") if means.comparable else too_few
        rows += [
            Figure(_("%(measure)s: cases with an estimate", measure=label), total.cases, "", str(HOW["estimated"])),
            Figure(_("%(measure)s: sick days in total", measure=label), total.days, _("days"), str(HOW["days"]),
                   "number"),
            Figure(_("%(measure)s: money in total", measure=label), total.cost, "",
                   f"{HOW['cost']} {HOW['intervals']}", "number"),
            Figure(_("%(measure)s: mean change, cases followed up (%(n)d with an estimate)", measure=label,
                     n=means.followed_up_cases), means.followed_up if means.comparable else None, rate,
                   str(HOW["mean"]), "number", 1),
            Figure(_("%(measure)s: mean change, other cases (%(n)d with an estimate)", measure=label,
                     n=means.other_cases), means.others if means.comparable else None, rate, str(HOW["mean"]),
                   "number", 1),
        ]  # fmt: skip
    return rows
