"""The Finnish tasks: the 30-60-90 rule's three duties and the early-support talk (varhaisen tuen keskustelu), each
from the person signal of ``interventions.absence`` that dates it. Dates as the law and the model give them;
``interventions.person_track.tasks`` moves them off days off and decides which are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from interventions.absence.signals import PersonSignal
from interventions.absence.spells import Episode
from interventions.person_track.kinds import Task
from interventions.person_track.rules import TaskRules

__all__ = ["signal_tasks"]

_POINT_KINDS = {"fi_30": "fi_notify_oh", "fi_60": "fi_allowance", "fi_90": "fi_oh_statement"}
_TALK_RULES = ("short_spells_fi", "days_fi")


def signal_tasks(
    signals: Iterable[PersonSignal], episodes: Iterable[Episode], rules: TaskRules, today: date
) -> Iterator[Task]:
    """The Finnish tasks of ``signals``:

    * ``fi_notify_oh`` (the 30 point: notify occupational health, Occupational Health Care Act 1383/2001),
      ``fi_allowance`` (60: the sickness allowance is applied for within two months, Health Insurance Act
      1224/2004) and ``fi_oh_statement`` (90 paid allowance days: occupational health's statement on remaining work
      ability), each due and anchored on the day the point was reached;
    * ``fi_early_support``: 3 short sick periods in 4 months (anchored on the latest one's first day, as the signal
      is) or 30 sick days in 12 months, due ``talk_within_days`` after its anchor. The days signal is dated today
      every day it holds, so its talk is anchored on the first day of the employee's latest sick period instead:
      the count can only reach its threshold on a sick day, the anchor stays put while the signal holds, and a new
      sick period on top of it calls for a new talk, as a new short spell does. Both signals on one anchor give one
      task.
    """
    latest = _latest_first_days(episodes, today)
    for signal in signals:
        if signal.rule in _POINT_KINDS:
            params = {"point": int(signal.rule.removeprefix("fi_"))}
            yield Task(signal.employee, signal.unit, _POINT_KINDS[signal.rule], signal.on, signal.on, params)
        elif signal.rule in _TALK_RULES:
            anchor = signal.on if signal.rule == "short_spells_fi" else latest.get(signal.employee, signal.on)
            due = anchor + timedelta(days=rules.talk_within_days)
            yield Task(signal.employee, signal.unit, "fi_early_support", anchor, due, {"signal": signal.rule})


def _latest_first_days(episodes: Iterable[Episode], today: date) -> dict[str, date]:
    """Each employee's latest sick period's first day, of those started by ``today``."""
    latest: dict[str, date] = {}
    for episode in episodes:
        if episode.first_day <= today and episode.first_day > latest.get(episode.employee, date.min):
            latest[episode.employee] = episode.first_day
    return latest
