"""The Swedish tasks: the days of a sick period (Botkyrka's call on day 2 and contact until day 8, the notification
to Försäkringskassan after the employer's sick-pay period, the return-to-work plan by day 30) and the talks the
repeated-spell signals call for (SKR's warning, Botkyrka's omtankesamtal). Dates as the law and the method give them;
``interventions.person_track.tasks`` moves them off days off and decides which are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta

from interventions.absence.signals import PersonSignal
from interventions.absence.spells import Episode
from interventions.person_track.kinds import Task
from interventions.person_track.rules import TaskRules

__all__ = ["day_of_period", "episode_tasks", "reaches", "signal_tasks"]

_SIGNAL_KINDS = {"spells_warning": "se_warning", "spells_in_window": "se_care_talk"}


def day_of_period(episode: Episode, number: int) -> date:
    """Day ``number`` of the sick period: its first day is day 1, and every calendar day counts (the days back at
    work between spells joined by the continuation rule too)."""
    return episode.first_day + timedelta(days=number - 1)


def reaches(episode: Episode, number: int) -> bool:
    """Whether the sick period is still going on its day ``number``: open (as far as is known, it goes on), or its
    last day is that day or later."""
    return episode.last_day is None or episode.last_day >= day_of_period(episode, number)


def episode_tasks(
    episodes: Iterable[Episode], expected_days: Mapping[tuple[str, date], int], rules: TaskRules, today: date
) -> Iterator[Task]:
    """The tasks of each sick period started by ``today``, anchored on its first day:

    * ``se_call`` on day 2 and ``se_health_care`` on day 8 (Botkyrka's Hälsosupport; a doctor's certificate is
      needed from day 8), when the period is still going on that day;
    * ``se_notify_fk`` by day 21, when the period goes past the employer's sick pay (days 1–14, Sick Pay Act
      1991:1047 § 12: notify within 7 calendar days after it);
    * ``se_return_plan`` by day 30, when the period reaches day 30 and is expected to last 60 days or more: a sick
      report said so, its known last day says so, or it has lasted that long (Social Insurance Code ch. 30 § 6).
    """
    steps = (
        ("se_call", rules.se_call_day, rules.se_call_day),
        ("se_health_care", rules.se_health_care_day, rules.se_health_care_day),
        ("se_notify_fk", rules.se_sick_pay_days + 1, rules.se_notify_fk_day),
    )
    for episode in episodes:
        if episode.first_day > today:
            continue
        for kind, trigger, due in steps:
            if reaches(episode, trigger):
                yield _task(episode, kind, due)
        if reaches(episode, rules.se_plan_day) and _expected_length(episode, expected_days, today) >= max(
            rules.se_plan_expected_days, 1
        ):
            yield _task(episode, "se_return_plan", rules.se_plan_day)


def signal_tasks(signals: Iterable[PersonSignal], rules: TaskRules) -> Iterator[Task]:
    """``se_warning`` (SKR: 3 spells in 12 months, due ``warning_within_days`` after) and ``se_care_talk``
    (Botkyrka: the 4th spell, the omtankesamtal, due ``talk_within_days`` after), anchored on the day the signal
    was reached (the latest spell's first day)."""
    within = {"se_warning": rules.warning_within_days, "se_care_talk": rules.talk_within_days}
    for signal in signals:
        kind = _SIGNAL_KINDS.get(signal.rule)
        if kind is not None:
            due = signal.on + timedelta(days=within[kind])
            yield Task(signal.employee, signal.unit, kind, signal.on, due, {"signal": signal.rule})


def _task(episode: Episode, kind: str, day: int) -> Task:
    return Task(episode.employee, episode.unit, kind, episode.first_day, day_of_period(episode, day), {"day": day})


def _expected_length(episode: Episode, expected_days: Mapping[tuple[str, date], int], today: date) -> int:
    """The longest the sick period is known or expected to last, in days from its first: its known last day (today
    while open), or a sick report's expected length counted from the first day of the spell it reported."""
    end = episode.last_day if episode.last_day is not None else today
    longest = (end - episode.first_day).days + 1
    for spell in episode.segments:
        expected = expected_days.get((episode.employee, spell.first_day))
        if expected is not None:
            longest = max(longest, (spell.first_day - episode.first_day).days + expected)
    return longest
