"""Person signals over a whole organisation's spells at once, with the rules ``interventions.absence`` documents.

Works on ``interventions.absence_table.SpellTable`` columns: a million spells give their signals in seconds. Plain
numpy: never Flask, SQLAlchemy or ``survey_app``, never the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import numpy as np

from interventions.absence import AbsenceRules, Episode, PersonSignal, _window_start
from interventions.absence_table import OPEN, SpellTable, as_table, day_number, day_of, overlap_days
from interventions.i18n import N_

__all__ = ["person_signals"]


_SPELLS_MESSAGE = N_("%(count)d sick-leave spells started in the last %(months)d months: time for a care conversation.")
_SHORT_MESSAGE = N_("%(count)d short sick-leave spells in the last %(months)d months: time for an early-support talk.")
_DAYS_MESSAGE = N_("%(days)d sick days in the last %(months)d months: time for an early-support talk.")
_BRADFORD_MESSAGE = N_("Bradford factor %(factor)d (spells² × days) over the last %(weeks)d weeks.")
_FI_MESSAGES = (
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: notify occupational health."),
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: the sickness allowance must be applied for."),
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: an OH statement on work ability is due."),
)
_FI_OTHER_MESSAGE = N_("%(days)d sick days in %(months)d months, reached on %(date)s.")


def person_signals(data: SpellTable | Iterable[Episode], rules: AbsenceRules, today: date) -> list[PersonSignal]:
    """Signals as of ``today``, by employee. A window of N months runs from the day after the same date N months
    earlier to ``today``; thresholds are "at least"; episodes starting after ``today`` are left out.

    * ``spells_in_window``, ``short_spells_fi``: episodes starting in the window (for the latter only those of at most
      ``short_term_max_day`` sick days, open ones as they stand); ``on`` is the latest one's first day.
    * ``days_fi`` (calendar sick days, whatever the extent), ``bradford``: ``on`` is ``today``.
    * ``fi_30``/``fi_60``/``fi_90`` (``fi_points``): calendar sick days over the last ``fi_points_months`` (2 years;
      approximating Kela's paid days) reaching the point; ``on`` is the day it was reached.
    """
    table = as_table(data)
    if not len(table.first):
        return []
    now = day_number(today)
    _, episode_length = table.lengths(today)
    episode_first = table.first[table.starts]
    episode_employee = table.employee[table.starts]
    counted = episode_first <= now
    if not counted.any():
        return []
    segment = counted[table.episode]
    employee, first, end = table.employee[segment], table.first[segment], table.end(today)[segment]
    people = len(table.employees)
    found: dict[int, list[tuple]] = defaultdict(list)

    windows = (
        ("spells_in_window", rules.spells_in_window, rules.spells_window_months, _SPELLS_MESSAGE, None),
        ("short_spells_fi", rules.short_spells_fi, rules.short_spells_fi_months, _SHORT_MESSAGE,
         rules.short_term_max_day),
    )  # fmt: skip
    for rule, threshold, months, message, max_length in windows:
        hit = counted & (episode_first >= day_number(_window_start(today, months)))
        if max_length is not None:
            hit &= episode_length <= max_length
        count = np.bincount(episode_employee[hit], minlength=people)
        latest = np.full(people, -OPEN)
        np.maximum.at(latest, episode_employee[hit], episode_first[hit])
        for person in np.flatnonzero((count > 0) & (count >= threshold)):
            number = int(count[person])
            found[person].append(
                (rule, day_of(int(latest[person])), number, message, {"count": number, "months": months})
            )

    start = day_number(_window_start(today, rules.days_fi_months))
    days = np.bincount(employee, weights=overlap_days(first, end, start, now), minlength=people)
    for person in np.flatnonzero((days > 0) & (days >= rules.days_fi)):
        value = float(days[person])
        found[person].append(
            ("days_fi", today, value, _DAYS_MESSAGE, {"days": int(value), "months": rules.days_fi_months})
        )

    for person, factor in _bradford(table, segment, today, rules.bradford_weeks):
        if factor > 0 and factor >= rules.bradford_threshold:
            params = {"factor": factor, "weeks": rules.bradford_weeks}
            found[person].append(("bradford", today, factor, _BRADFORD_MESSAGE, params))

    start = day_number(_window_start(today, rules.fi_points_months))
    for index, point in enumerate(sorted(rules.fi_points)):
        message = _FI_MESSAGES[index] if index < len(_FI_MESSAGES) else _FI_OTHER_MESSAGE
        for person, reached in _days_reached(employee, first, end, start, now, point, people):
            params = {"days": point, "months": rules.fi_points_months, "date": reached}
            found[person].append((f"fi_{point}", reached, point, message, params))

    # each employee's unit: that of their latest segment started by today (segments are sorted by first day)
    started = np.flatnonzero(first <= now)
    latest = started[np.r_[employee[started][1:] != employee[started][:-1], True]]
    latest_unit = np.full(people, -1)
    latest_unit[employee[latest]] = table.unit[segment][latest]
    return [
        PersonSignal(table.employees[person], table.units[latest_unit[person]], *row)
        for person in sorted(found)
        for row in found[person]
    ]


def _bradford(table: SpellTable, segment: np.ndarray, today: date, weeks: int) -> list[tuple[int, int]]:
    """(employee, spells² × calendar days over the last ``weeks``) for every employee with a spell in them."""
    now = day_number(today)
    start = now - 7 * weeks + 1
    days = np.bincount(
        table.episode[segment],
        weights=overlap_days(table.first[segment], table.end(today)[segment], start, now),
        minlength=len(table.starts),
    )
    employee = table.employee[table.starts]
    spells = np.bincount(employee, weights=days > 0, minlength=len(table.employees))
    total = np.bincount(employee, weights=days, minlength=len(table.employees))
    return [(int(p), int(spells[p] * spells[p] * total[p])) for p in np.flatnonzero(spells)]


def _days_reached(employee, first, end, start: int, now: int, point: int, people: int) -> list[tuple[int, date]]:
    """(employee, the day their ``point``-th calendar sick day in [start, now] fell) for those who reached it.
    Segments are sorted by employee and first day and never overlap."""
    if point <= 0:
        return []
    days = overlap_days(first, end, start, now)
    total = np.cumsum(days)
    before_employee = np.r_[0, total][np.searchsorted(employee, np.arange(people))]
    within = total - before_employee[employee]  # running total inside each employee's own segments
    reached = []
    scale = int(within.max(initial=0)) + point + 1
    key = employee * scale + within  # increasing: by employee, then by running total
    candidates = np.flatnonzero(np.bincount(employee, weights=days, minlength=people) >= point)
    for person, index in zip(candidates, np.searchsorted(key, candidates * scale + point), strict=True):
        day = max(int(first[index]), start) + point - int(within[index] - days[index]) - 1
        reached.append((int(person), day_of(day)))
    return reached
