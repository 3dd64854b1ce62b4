"""A work trial's schedule of hours: shares of 1–100 per cent that only step up, one share a day, within the trial."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interventions.person_track.work_trial import ScheduledHours, check_hours_schedule
from interventions.plans import PlanError

START = date(2027, 2, 1)
END = START + timedelta(days=89)


def _hours(*steps: tuple[int, int]) -> list[ScheduledHours]:
    return [ScheduledHours(START + timedelta(days=day), percent) for day, percent in steps]


def _problem(schedule) -> PlanError:
    with pytest.raises(PlanError) as refused:
        check_hours_schedule(schedule, START, END)
    assert refused.value.field == "hours_percent"
    return refused.value


def test_a_schedule_that_steps_up_within_the_trial_is_accepted_in_any_order():
    check_hours_schedule(_hours((42, 75), (0, 25), (21, 50), (89, 100), (60, 75)), START, END)
    check_hours_schedule(_hours((0, 50), (0, 50)), START, END)  # the same share said twice
    check_hours_schedule(_hours((-30, 10), (200, 100)), None, None)  # a trial without known dates


def test_a_share_that_steps_down_is_refused_with_both_steps_named():
    problem = _problem(_hours((0, 25), (21, 75), (42, 50)))
    assert problem.params == {
        "later": 50, "later_on": START + timedelta(days=42), "earlier": 75, "earlier_on": START + timedelta(days=21),
    }  # fmt: skip


@pytest.mark.parametrize(
    "schedule, param",
    [
        (((-1, 25),), {"date": START}),
        (((90, 100),), {"date": END}),
        (((10, 25), (10, 50)), {"date": START + timedelta(days=10)}),
    ],
)
def test_a_step_outside_the_trial_or_two_shares_on_one_day_are_refused(schedule, param):
    assert _problem(_hours(*schedule)).params == param


@pytest.mark.parametrize("percent", [0, 101, -5])
def test_a_share_is_from_1_to_100_per_cent(percent):
    _problem(_hours((0, percent)))
