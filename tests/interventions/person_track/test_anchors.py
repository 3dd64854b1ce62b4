"""Properties of the person track on random sick periods: a task's identity never changes when a later import gives
an open sick period its last day, so a task once done stays done; and the days-off helpers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interventions.absence import AbsenceRules, Spell, merge_episodes
from interventions.person_track import TaskRules, is_day_off, next_working_day, person_tasks, working_day_before

BASE = date(2027, 1, 4)  # a Monday; the dates below are days after it
DAYS_OFF = frozenset({date(2027, 1, 6), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6), date(2027, 6, 25)})


def _tasks(spells: list[Spell], expected: dict, rules: TaskRules, today: date):
    return person_tasks(merge_episodes(spells, AbsenceRules()), expected, [], rules, today, DAYS_OFF)


@settings(max_examples=200, deadline=None)
@given(
    earlier=st.lists(st.tuples(st.integers(0, 150), st.integers(0, 20)), max_size=3),
    first=st.integers(0, 150),
    elapsed=st.integers(0, 90),
    ends_after=st.integers(1, 120),
    expected=st.none() | st.integers(1, 120),
    show=st.integers(0, 5),
    keep=st.integers(0, 90),
)
def test_a_last_day_after_today_never_moves_a_task(earlier, first, elapsed, ends_after, expected, show, keep) -> None:
    spells = [Spell("p1", "A", BASE + timedelta(days=a), BASE + timedelta(days=a + n), 100) for a, n in earlier]
    spells = [s for s in spells if s.last_day < BASE + timedelta(days=first)]
    start = BASE + timedelta(days=first)
    today = start + timedelta(days=elapsed)
    rules = TaskRules(show_days_ahead=show, keep_overdue_days=keep)
    reports = {} if expected is None else {("p1", start): expected}
    still_open = _tasks([*spells, Spell("p1", "A", start, None, 100)], reports, rules, today)
    closed = _tasks([*spells, Spell("p1", "A", start, today + timedelta(days=ends_after), 100)], reports, rules, today)
    period_firsts = {e.first_day for e in merge_episodes([*spells, Spell("p1", "A", start, None, 100)], AbsenceRules())}
    assert {t.anchor for t in [*still_open, *closed]} <= period_firsts
    by_identity = {t.identity: t for t in still_open}
    for task in closed:  # a known last day adds no task but the return plan, and moves none
        if task.kind != "se_return_plan":
            assert by_identity[task.identity] == task
        else:
            assert task.anchor == max(period_firsts)  # the first day of the sick period the open spell is part of


def test_weekends_and_the_holidays_given_are_days_off() -> None:
    assert [is_day_off(BASE + timedelta(days=n), DAYS_OFF) for n in range(7)] == [
        False, False, True, False, False, True, True,  # Monday 4 January, Epiphany on Wednesday, the weekend
    ]  # fmt: skip
    assert next_working_day(date(2027, 1, 9), DAYS_OFF) == date(2027, 1, 11)
    assert working_day_before(date(2027, 1, 10), DAYS_OFF) == date(2027, 1, 8)
    assert working_day_before(date(2027, 1, 6), DAYS_OFF) == date(2027, 1, 5)
    assert next_working_day(BASE, DAYS_OFF) == working_day_before(BASE, DAYS_OFF) == BASE


def test_a_calendar_without_working_days_is_an_error_not_a_hang() -> None:
    every_day = frozenset(BASE + timedelta(days=n) for n in range(-100, 100))
    with pytest.raises(ValueError, match="no working day"):
        next_working_day(BASE, every_day)
