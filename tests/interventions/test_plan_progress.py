"""How far a plan has come: steps done of those not dropped, and how many open steps are overdue or missed."""

from __future__ import annotations

from datetime import date

from interventions.plans import StepState, plan_progress

TODAY = date(2026, 12, 6)
BEFORE, AFTER = date(2026, 12, 1), date(2026, 12, 20)


def test_dropped_steps_are_not_counted_and_open_ones_are_checked_for_lateness():
    steps = [
        StepState("done", BEFORE, None),
        StepState("done", AFTER, None),
        StepState("in_progress", BEFORE, AFTER),  # overdue
        StepState("planned", AFTER, BEFORE),  # follow-up missed
        StepState("planned", TODAY, TODAY),  # due today: neither
        StepState("dropped", BEFORE, None),
    ]
    progress = plan_progress(steps, TODAY)
    assert (progress.done, progress.total, progress.overdue, progress.follow_up_missed) == (2, 5, 1, 1)


def test_a_plan_without_steps_has_nothing_done_of_nothing():
    assert plan_progress([], TODAY).total == 0
