"""Compiling the notes of all sessions: what was said under each theme, what the work group and the managers are shown,
how a small count is shown, and how much of the unit's staff the interviews reached."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interventions.interviews.theme_keys import OTHER


@dataclass(frozen=True)
class NoteFact:
    """One note as the compilation rules see it.

    ``participants`` is the number of people in the note's session (1 for an individual interview); ``theme`` a key of
    the guide or ``OTHER``. ``quote`` marks a note that quotes a participant, ``suggestion`` one that records a
    proposal. ``shareable`` marks a note whose participant agreed that it may be shown to the manager (asked in an
    individual interview).
    """

    session_id: int
    participants: int
    theme: str
    text: str
    quote: bool = False
    suggestion: bool = False
    shareable: bool = False


@dataclass(frozen=True)
class ThemeSummary:
    """What was said under one theme across all sessions.

    ``sessions`` counts the distinct sessions with at least one note in the theme, ``participants`` sums the
    participants of those sessions, ``notes`` counts the notes. ``quotes`` and ``suggestions`` are the texts of the
    flagged notes, sorted alphabetically (ignoring case) so that their order never reveals which session said what.
    ``one_interviewee`` says that every note comes from one session with one participant (an individual interview,
    or a focus group only one person came to), ``shareable`` that at least one note is marked shareable.
    """

    key: str
    sessions: int
    participants: int
    notes: int
    quotes: tuple[str, ...]
    suggestions: tuple[str, ...]
    one_interviewee: bool = False
    shareable: bool = False


def _alphabetical(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(texts, key=lambda text: (text.casefold(), text)))


def summarise_themes(notes: Iterable[NoteFact], theme_order: Sequence[str]) -> list[ThemeSummary]:
    """One ``ThemeSummary`` per theme that has notes.

    Themes come in the order of ``theme_order`` (normally ``guide.keys()``; repeated keys count once), followed by
    ``OTHER``, which collects the notes filed under ``OTHER`` and under any key not in ``theme_order``. Themes without
    notes are left out. Should notes of one session disagree on its ``participants``, the largest value counts.
    """
    order: list[str] = []
    for key in theme_order:
        if key != OTHER and key not in order:
            order.append(key)
    known = set(order)
    grouped: dict[str, list[NoteFact]] = {}
    for note in notes:
        grouped.setdefault(note.theme if note.theme in known else OTHER, []).append(note)
    summaries = []
    for key in [*order, OTHER]:
        group = grouped.get(key)
        if not group:
            continue
        sessions: dict[int, int] = {}
        for note in group:
            sessions[note.session_id] = max(sessions.get(note.session_id, 0), note.participants)
        summaries.append(
            ThemeSummary(
                key=key,
                sessions=len(sessions),
                participants=sum(sessions.values()),
                notes=len(group),
                quotes=_alphabetical(note.text for note in group if note.quote),
                suggestions=_alphabetical(note.text for note in group if note.suggestion),
                one_interviewee=sum(sessions.values()) == 1,
                shareable=any(note.shareable for note in group),
            )
        )
    return summaries


def shown_to_work_group(summary: ThemeSummary, threshold: int) -> bool:
    """Whether a theme is brought to the work group: raised in at least ``threshold`` sessions, or by sessions with at
    least ``threshold`` participants in total. ``ValueError`` for a threshold below 1."""
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    return summary.sessions >= threshold or summary.participants >= threshold


def shown_to_managers(summary: ThemeSummary) -> bool:
    """Whether a theme may be shown to the unit's managers. A theme raised by one person alone, in an individual
    interview, points at that person ("Kränkande särbehandling · 1 deltagare"): it is shown only when the participant
    agreed and a note records it (``shareable``). A focus group only one person came to counts as an individual
    interview; themes raised by several people are always shown."""
    return not summary.one_interviewee or summary.shareable


def shown_count(count: int, threshold: int) -> int | None:
    """A count of sessions or participants as the presentations and exports show it: the count itself from
    ``threshold`` (the round's anonymity threshold) up, else None, shown as "fewer than <threshold>" — never the
    exact small number, which can point at the one or two people who said it. ``ValueError`` for a threshold
    below 1."""
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    return count if count >= threshold else None


@dataclass(frozen=True)
class Coverage:
    """How much of a unit's staff the interviews reached.

    ``interviewed`` sums the participants of the sessions held; ``sessions_planned`` counts all sessions, held or not.
    """

    interviewed: int
    staff: int
    sessions_held: int
    sessions_planned: int

    @property
    def share(self) -> float | None:
        """``interviewed / staff``, at most 1.0 (staff figures can lag behind); ``None`` when ``staff`` is 0."""
        if self.staff == 0:
            return None
        return min(1.0, self.interviewed / self.staff)


def coverage(sessions: Iterable[tuple[bool, int]], staff: int) -> Coverage:
    """The coverage of a unit's interviews from ``(held, participants)`` per planned session and the staff count.

    Only held sessions count towards ``interviewed``. ``ValueError`` for a negative staff or participant count.
    """
    if staff < 0:
        raise ValueError(f"staff must not be negative, not {staff}")
    interviewed = held_count = planned = 0
    for held, participants in sessions:
        if participants < 0:
            raise ValueError(f"participants must not be negative, not {participants}")
        planned += 1
        if held:
            held_count += 1
            interviewed += participants
    return Coverage(interviewed=interviewed, staff=staff, sessions_held=held_count, sessions_planned=planned)
