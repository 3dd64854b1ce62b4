"""Person signals over a whole organisation's spells at once, with the rules ``docs/absence-rules.md`` documents.

Works on ``interventions.absence.table.SpellTable`` columns: a million spells give their signals in seconds. Plain
numpy: never Flask, SQLAlchemy or ``survey_app``, never the clock, never a calendar of its own (the caller passes the
public holidays that are not allowance days).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from datetime import date

import numpy as np

from interventions.absence.months import window_start
from interventions.absence.rules import AbsenceRules
from interventions.absence.signals import PersonSignal
from interventions.absence.spells import Episode
from interventions.absence.table import OPEN, SpellTable, as_table, day_number, day_of, overlap_days
from interventions.i18n import N_

__all__ = ["allowance_days", "person_signals"]


_WARNING_MESSAGE = N_(
    "%(count)d sick-leave spells started in the last %(months)d months: a warning signal; follow the absence."
)
_SPELLS_MESSAGE = N_("%(count)d sick-leave spells started in the last %(months)d months: time for a care conversation.")
_SHORT_MESSAGE = N_("%(count)d short sick-leave spells in the last %(months)d months: time for an early-support talk.")
_DAYS_MESSAGE = N_("%(days)d sick days in the last %(months)d months: time for an early-support talk.")
_BRADFORD_MESSAGE = N_("Bradford factor %(factor)d (spells² × days) over the last %(weeks)d weeks.")
_FI_MESSAGES = {  # the 30, 60 and 90 points' actions (then any further point), by counting
    "calendar_days": (
        N_("%(days)d sick days in %(months)d months, reached on %(date)s: notify occupational health."),
        N_("%(days)d sick days in %(months)d months, reached on %(date)s: the sickness allowance must be applied for."),
        N_("%(days)d sick days in %(months)d months, reached on %(date)s: an OH statement on work ability is due."),
        N_("%(days)d sick days in %(months)d months, reached on %(date)s."),
    ),
    "months": (
        N_("Sick since %(start)s and still on %(date)s: notify occupational health."),
        N_("Sick since %(start)s and still on %(date)s: the sickness allowance must be applied for by then."),
        N_("Sick since %(start)s and still on %(date)s: an OH statement on work ability is due."),
        N_("Sick since %(start)s and still on %(date)s."),
    ),
    "allowance_days": (
        N_("%(days)d sickness allowance days in %(months)d months, reached on %(date)s: notify occupational health."),
        N_(
            "%(days)d sickness allowance days in %(months)d months, reached on %(date)s: the sickness allowance must "
            "be applied for."
        ),
        N_(
            "%(days)d sickness allowance days in %(months)d months, reached on %(date)s: an OH statement on work "
            "ability is due."
        ),
        N_("%(days)d sickness allowance days in %(months)d months, reached on %(date)s."),
    ),
}


def person_signals(
    data: SpellTable | Iterable[Episode], rules: AbsenceRules, today: date, holidays: Container[date] = frozenset()
) -> list[PersonSignal]:
    """Signals as of ``today``, by employee. A window of N months runs from the day after the same date N months
    earlier to ``today``; thresholds are "at least", and a threshold of 0 or None turns its signal off; episodes
    starting after ``today`` are left out. ``holidays`` are the public holidays that are not allowance days.

    * ``spells_in_window`` (Botkyrka's omtankesamtal), ``spells_warning`` (SKR's warning signal: asks for no talk,
      and is not given when the omtankesamtal is), ``short_spells_fi``: episodes starting in the window (for the last
      only those of at most ``short_term_max_day`` sick days, open ones as they stand); ``on`` is the latest one's
      first day.
    * ``days_fi`` (calendar sick days, whatever the extent), ``bradford``: ``on`` is ``today``.
    * ``fi_30``/``fi_60``/``fi_90`` (``fi_points``), each counted as ``fi_counting`` says (``counting`` on the
      signal): ``calendar_days`` or ``allowance_days`` over the last ``fi_points_months`` reaching the point, ``on``
      the day it was reached (``allowance_days``: see :func:`allowance_days`); ``months``: the latest sick period
      still running point / 30 months after its first day (the day with the same number, or the month's last day),
      that day being in the last ``fi_points_months``; ``on`` is that day.
    """
    table = as_table(data)
    if not len(table.first) or not (table.first[table.starts] <= day_number(today)).any():
        return []
    segment = (table.first[table.starts] <= day_number(today))[table.episode]  # segments of episodes started
    found: dict[int, list[tuple]] = defaultdict(list)
    _spell_counts(found, table, rules, today)
    _day_counts(found, table, segment, rules, today)
    _finnish_points(found, table, segment, rules, today, holidays)
    # each employee's unit: that of their latest segment started by today (segments are sorted by first day)
    employee, first = table.employee[segment], table.first[segment]
    started = np.flatnonzero(first <= day_number(today))
    latest = started[np.r_[employee[started][1:] != employee[started][:-1], True]]
    latest_unit = np.full(len(table.employees), -1)
    latest_unit[employee[latest]] = table.unit[segment][latest]
    unit_of, names, units = latest_unit.tolist(), table.employees, table.units
    return [PersonSignal(names[p], units[unit_of[p]], *row) for p in sorted(found) for row in found.pop(p)]


def _spell_counts(found: dict[int, list[tuple]], table: SpellTable, rules: AbsenceRules, today: date) -> None:
    """The omtankesamtal, the warning (not where the omtankesamtal is given) and the Finnish short-spell talk."""
    _, episode_length = table.lengths(today)
    episode_first, episode_employee = table.first[table.starts], table.employee[table.starts]
    counted = episode_first <= day_number(today)
    people = len(table.employees)
    windows = (
        ("spells_in_window", rules.spells_in_window, rules.spells_window_months, _SPELLS_MESSAGE, None),
        ("spells_warning", rules.warning_spells, rules.warning_window_months, _WARNING_MESSAGE, None),
        ("short_spells_fi", rules.short_spells_fi, rules.short_spells_fi_months, _SHORT_MESSAGE,
         rules.short_term_max_day),
    )  # fmt: skip
    talked: set[int] = set()
    for rule, threshold, months, message, max_length in windows:
        if not threshold:
            continue
        hit = counted & (episode_first >= day_number(window_start(today, months)))
        if max_length is not None:
            hit &= episode_length <= max_length
        count = np.bincount(episode_employee[hit], minlength=people)
        latest = np.full(people, -OPEN)
        np.maximum.at(latest, episode_employee[hit], episode_first[hit])
        signalled = np.flatnonzero(count >= threshold)
        talk = rule != "spells_warning"
        columns = (signalled.tolist(), count[signalled].tolist(), latest[signalled].tolist())
        for person, number, on in zip(*columns, strict=True):
            if not talk and person in talked:
                continue  # the omtankesamtal already answers the warning
            found[person].append((rule, day_of(on), number, message, {"count": number, "months": months}, "", talk))
            if rule == "spells_in_window":
                talked.add(person)


def _day_counts(found, table: SpellTable, segment: np.ndarray, rules: AbsenceRules, today: date) -> None:
    """The Finnish 30 days in 12 months and the Bradford factor."""
    now, people = day_number(today), len(table.employees)
    if rules.days_fi:
        start = day_number(window_start(today, rules.days_fi_months))
        weights = overlap_days(table.first[segment], table.end(today)[segment], start, now)
        days = np.bincount(table.employee[segment], weights=weights, minlength=people)
        for person in np.flatnonzero(days >= rules.days_fi):
            value = float(days[person])
            params = {"days": int(value), "months": rules.days_fi_months}
            found[person].append(("days_fi", today, value, _DAYS_MESSAGE, params))
    if rules.bradford_threshold:
        for person, factor in _bradford(table, segment, today, rules.bradford_weeks):
            if factor >= rules.bradford_threshold:
                params = {"factor": factor, "weeks": rules.bradford_weeks}
                found[person].append(("bradford", today, factor, _BRADFORD_MESSAGE, params))


def _finnish_points(found, table, segment, rules: AbsenceRules, today: date, holidays: Container[date]) -> None:
    """The 30-60-90 points, each dated by its counting."""
    start = day_number(window_start(today, rules.fi_points_months))
    for index, (point, counting) in enumerate(sorted(zip(rules.fi_points, rules.fi_counting, strict=True))):
        messages = _FI_MESSAGES[counting]
        message = messages[min(index, len(messages) - 1)]
        if point <= 0:
            continue
        if counting == "months":
            reached = _months_reached(table, today, start, point // 30)
        else:
            calendar = counting == "calendar_days"
            waiting = 0 if calendar else rules.fi_waiting_days
            reached = _days_reached(table, segment, today, start, point, None if calendar else holidays, waiting)
        for person, on, since in reached:
            params = {"days": point, "months": rules.fi_points_months, "date": on}
            if counting == "months":
                params = {"count": point // 30, "start": since, "date": on}
            found[person].append((f"fi_{point}", on, point, message, params, counting))


def allowance_days(first: int, last: int, holidays: Container[date]) -> np.ndarray:
    """Whether each day number in [first, last] is a Finnish sickness-allowance day (*arkipäivä*): Monday to Saturday
    except the given public holidays (Health Insurance Act 1224/2004)."""
    days = np.arange(first, last + 1)
    allowed = (days + 3) % 7 != 6  # day 0, 1 January 1970, was a Thursday; 6 is Sunday
    for index in np.flatnonzero(allowed).tolist():
        if day_of(first + index) in holidays:
            allowed[index] = False
    return allowed


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
    people = np.flatnonzero(spells)
    factor = (spells[people] * spells[people] * total[people]).astype(np.int64)  # int() of each, as floats multiply
    return list(zip(people.tolist(), factor.tolist(), strict=True))


def _months_reached(table: SpellTable, today: date, start: int, months: int) -> list[tuple[int, date, date]]:
    """(employee, the day, the first sick day) for each employee's latest sick period that was still running
    ``months`` months after its first day, that day falling in [start, today]."""
    firsts = table.first[table.starts]
    ends = table.end(today)[np.r_[table.starts[1:] - 1, len(table.first) - 1]]  # an episode's last segment ends it
    points = _add_months(firsts, months)
    hit = np.flatnonzero((points <= np.minimum(ends, day_number(today))) & (points >= start))
    owners = table.employee[table.starts][hit]
    last = hit[np.r_[owners[1:] != owners[:-1], True]] if len(hit) else hit  # points grow with the first day
    people, on, since = (column[last].tolist() for column in (table.employee[table.starts], points, firsts))
    return [(person, day_of(a), day_of(b)) for person, a, b in zip(people, on, since, strict=True)]


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Each day number ``months`` months later: the day with the same number, or the month's last day if it has none
    (the Finnish Act on calculating statutory time limits, 150/1930, § 3)."""
    day = days.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    number = (day - month.astype("datetime64[D]")).astype(np.int64)
    target = (month + months).astype("datetime64[D]")
    length = ((month + months + 1).astype("datetime64[D]") - target).astype(np.int64)
    return target.astype(np.int64) + np.minimum(number, length - 1)


def _days_reached(table: SpellTable, segment: np.ndarray, today: date, start: int, point: int,
                  holidays: Container[date] | None, waiting: int) -> list[tuple[int, date, None]]:  # fmt: skip
    """(employee, the day of their ``point``-th counted day in [start, today], None) for those who reached it.

    Counted days are calendar days (``holidays`` None) or allowance days. With ``waiting`` > 0 each sick period's
    first day and its next ``waiting`` counted days are its waiting period and do not count (Kela pays from the day
    after). Segments are sorted by employee and first day and never overlap."""
    now = day_number(today)
    employee, episode = table.employee[segment], table.episode[segment]
    first, end = table.first[segment], np.minimum(table.end(today)[segment], now)
    lo = int(first.min())
    allowed = np.ones(now - lo + 1, dtype=bool) if holidays is None else allowance_days(lo, now, holidays)
    before = np.r_[0, np.cumsum(allowed)]  # before[d - lo]: counted days from lo to the day before d

    def count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(
            b >= a, before[np.clip(b - lo + 1, 0, len(allowed))] - before[np.clip(a - lo, 0, len(allowed))], 0
        )

    def nth(a: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The day of the ``n``-th counted day from ``a`` on."""
        return lo + np.searchsorted(before, before[np.clip(a - lo, 0, len(allowed))] + n, side="left") - 1

    days = count(first, end)
    opens = np.r_[True, episode[1:] != episode[:-1]]
    group = np.cumsum(opens) - 1
    done = np.cumsum(days) - days
    done -= done[opens][group]  # counted days of the sick period before each segment
    wait = (waiting + allowed[first[opens] - lo]) if waiting > 0 else np.zeros(int(opens.sum()), dtype=np.int64)
    left = np.maximum(wait[group] - done, 0)  # waiting days still to pass in each segment
    paid = np.where(left < days, nth(first, left + 1), end + 1)
    paid = np.maximum(paid, start)
    counts = count(paid, end)
    total = np.cumsum(counts)
    base = np.r_[0, total][np.searchsorted(employee, np.arange(len(table.employees)))]
    within = total - base[employee]  # running total inside each employee's own segments
    scale = int(within.max(initial=0)) + point + 1
    key = employee * scale + within  # increasing: by employee, then by running total
    people = np.flatnonzero(np.bincount(employee, weights=counts, minlength=len(table.employees)) >= point)
    index = np.searchsorted(key, people * scale + point)
    days = nth(paid[index], point - within[index] + counts[index])
    return [(person, day_of(day), None) for person, day in zip(people.tolist(), days.tolist(), strict=True)]
