"""The person track's unit figures: talks held in time, plans followed through, median days to return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interventions.indicators import CaseRecord, FollowUpRecord, StepRecord, person_track_figure
from interventions.indicators.person_track import followed_through, step_followed_through
from tests.clock import LAST_MONTH, THIS_MONTH

FIRST, LAST = LAST_MONTH, THIS_MONTH - timedelta(days=1)  # last month, a whole month
DAY = LAST_MONTH + timedelta(days=10)


def talk(days_after_signal: int | None, held_on: date = DAY) -> CaseRecord:
    signal = None if days_after_signal is None else held_on - timedelta(days=days_after_signal)
    return CaseRecord("early_support", signal_on=signal, held_on=held_on)


def follow_up(days: int, status: str = "in_progress", next_in: int | None = 14) -> FollowUpRecord:
    """A follow-up ``days`` after FIRST, setting the next one ``next_in`` days later (None: the step ended)."""
    held = FIRST - timedelta(days=40) + timedelta(days=days)
    return FollowUpRecord(held, status, None if next_in is None else held + timedelta(days=next_in))


def closed_case(*steps: StepRecord, kind: str = "return_to_work", **fields) -> CaseRecord:
    return CaseRecord(kind, closed_on=fields.pop("closed_on", DAY), outcome="steps_done", steps=steps, **fields)


def test_a_talk_at_exactly_n_days_is_in_time_and_one_a_day_later_is_not():
    cases = [talk(14), talk(15)]
    assert person_track_figure("talks_in_time_pct", cases, FIRST, LAST, 14).value == 50.0
    assert person_track_figure("talks_in_time_pct", [talk(14)], FIRST, LAST, 14).value == 100.0
    assert person_track_figure("talks_in_time_pct", [talk(15)], FIRST, LAST, 14).value == 0.0


def test_talks_in_time_count_held_talks_with_a_signal_in_the_period_only():
    cases = [
        talk(0),  # held the day of the signal: in time
        talk(3),
        talk(20),
        talk(30),
        talk(None),  # no signal day: not counted
        talk(1, held_on=FIRST - timedelta(days=1)),  # held the month before: not counted
        CaseRecord("early_support", signal_on=DAY),  # booked, not held: not counted
        CaseRecord("network_meeting", signal_on=DAY - timedelta(days=1), held_on=DAY),  # not a talk
    ]
    figure = person_track_figure("talks_in_time_pct", cases, FIRST, LAST, 14)
    assert (figure.value, figure.cases) == (50.0, 4)
    assert person_track_figure("talks_in_time_pct", cases, FIRST, LAST, 20).value == 75.0


def test_the_days_allowed_are_configurable_but_never_negative():
    with pytest.raises(ValueError):
        person_track_figure("talks_in_time_pct", [talk(1)], FIRST, LAST, -1)


def test_a_step_followed_up_in_time_until_done_counts_as_followed_through():
    step = StepRecord("done", (follow_up(0), follow_up(14), follow_up(28, "done", None)))
    assert step_followed_through(step, DAY)


def test_a_late_follow_up_a_step_never_followed_up_or_still_open_is_not_followed_through():
    late = StepRecord("done", (follow_up(0), follow_up(15, "done", None)))  # the next was due on day 14
    never = StepRecord("done", ())
    still_open = StepRecord("in_progress", (follow_up(0),))
    assert not step_followed_through(late, DAY)
    assert not step_followed_through(never, DAY)
    assert not step_followed_through(still_open, DAY)


def test_a_step_closed_without_its_follow_up_counts_only_when_the_case_closed_before_the_follow_up_was_due():
    last = follow_up(0, next_in=14)  # left open, next follow-up 14 days later; then set done by editing
    step = StepRecord("dropped", (last,))
    assert step_followed_through(step, last.next_follow_up_on)
    assert not step_followed_through(step, last.next_follow_up_on + timedelta(days=1))


def test_steps_followed_up_is_the_share_of_closed_cases_with_steps_whose_every_step_was_followed_through():
    good = StepRecord("done", (follow_up(0, "done", None),))
    bad = StepRecord("done", ())
    cases = [
        closed_case(good, good),
        closed_case(good, kind="early_support"),
        closed_case(good, bad),  # one step not followed up: the case does not count as followed through
        closed_case(),  # no steps agreed: not counted
        CaseRecord("work_trial", steps=(good,)),  # still open: not counted
        closed_case(good, closed_on=FIRST - timedelta(days=1)),  # closed the month before
    ]
    assert followed_through(cases[3]) is None and followed_through(cases[4]) is None
    figure = person_track_figure("steps_followed_up_pct", cases, FIRST, LAST)
    assert figure.cases == 3 and figure.value == pytest.approx(200 / 3)


def back_at_work(days: int, kind: str = "return_to_work", signal: bool = True, **fields) -> CaseRecord:
    start = DAY - timedelta(days=days)
    dates = {"signal_on": start} if signal else {"starts_on": start, "signal_on": None}
    values = {"closed_on": DAY, "outcome": "back_at_work", "returned_on": DAY, **dates, **fields}
    return CaseRecord(kind, **values)


def test_days_to_return_is_the_median_from_the_sick_period_start_to_the_return():
    cases = [
        back_at_work(30),
        back_at_work(60, kind="work_trial"),
        back_at_work(90, signal=False),  # no signal day: counted from the plan's start
        back_at_work(10, outcome="referred"),  # not back at work: not counted
        back_at_work(10, kind="early_support"),  # a talk: not counted
        back_at_work(10, returned_on=None),  # no return day: not counted
    ]
    figure = person_track_figure("days_to_return", cases, FIRST, LAST)
    assert (figure.value, figure.cases) == (60.0, 3)
    assert person_track_figure("days_to_return", cases[:2], FIRST, LAST).value == 45.0


def test_a_figure_without_cases_has_no_value():
    for key in ("talks_in_time_pct", "steps_followed_up_pct", "days_to_return"):
        figure = person_track_figure(key, [], FIRST, LAST)
        assert (figure.value, figure.cases) == (None, 0)
