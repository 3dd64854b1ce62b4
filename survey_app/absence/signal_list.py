"""The person signals page as a list to work through: filtered by unit, kind of signal and status, a page of
employees at a time, with counts at the top.

Person signals are not rows in the database: ``services.person_signals_for`` computes them, all at once, from the
spell table (and audit-logs the read). So filtering, counting and paging happen here on that one result, never by
computing again per unit or per page. Scope stays the service's: only the signals the caller may see are filtered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from interventions.absence import PersonSignal
from survey_app.absence.services import person_signals_for
from survey_app.db import db
from survey_app.models import Unit, User

PER_PAGE = 25
#: a signal's status: a talk to hold, a talk recorded, or a warning that asks only that the absence be followed
AWAITING_TALK, TALK_HELD, TO_FOLLOW = "awaiting_talk", "talk_held", "to_follow"
STATUSES = (AWAITING_TALK, TALK_HELD, TO_FOLLOW)


@dataclass(frozen=True)
class SignalFilters:
    """What the reader asked for: a unit code, a kind of signal (its rule) and a status ("" for all), and a page
    from 1. The kind is "kind" in a query string: a talk form's "rule" is the signal it records."""

    unit: str = ""
    kind: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SignalFilters:
        """From a query string or a form; an unknown status or a page that is not a number is ignored."""
        status = args.get("status", "")
        page = args.get("page", "")
        return cls(
            unit=args.get("unit", "")[:64],
            kind=args.get("kind", "")[:30],
            status=status if status in STATUSES else "",
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    def query(self, **changed: object) -> dict[str, object]:
        """The filters as query parameters for a link, with ``changed`` applied; empty ones left out."""
        values = {"unit": self.unit, "kind": self.kind, "status": self.status, "page": self.page, **changed}
        return {key: value for key, value in values.items() if value and not (key == "page" and value == 1)}


@dataclass(frozen=True)
class ListedSignal:
    """A signal with the latest talk recorded for it and where it stands (one of ``STATUSES``)."""

    signal: PersonSignal
    talked: date | None  # the latest talk recorded for the employee and rule
    status: str


@dataclass(frozen=True)
class Person:
    """An employee (a pseudonymous id) in the unit of their latest spell, with the signals that pass the filters."""

    unit: str
    employee: str
    signals: tuple[ListedSignal, ...]

    @property
    def asking(self) -> ListedSignal | None:
        """The first of the person's listed signals that asks for a talk: the one the talk form records."""
        return next((listed for listed in self.signals if listed.signal.talk), None)


@dataclass(frozen=True)
class SignalPage:
    """One page of employees with the signals that pass the filters, and the counts the page states."""

    people: tuple[Person, ...]
    filters: SignalFilters
    total: int  # employees that pass the filters
    by_status: dict[str, int]  # employees with a signal in each status, within the unit and kind chosen
    units: tuple[tuple[str, str], ...]  # (code, name) of the units with signals the caller sees
    rules: tuple[str, ...]  # the kinds of signal among them
    pages: int

    @property
    def first(self) -> int:
        """The number of the page's first employee (from 1), 0 when there is none."""
        return (self.filters.page - 1) * PER_PAGE + 1 if self.people else 0

    @property
    def last(self) -> int:
        """The number of the page's last employee, 0 when there is none."""
        return self.first + len(self.people) - 1 if self.people else 0

    def page_links(self) -> list[int | None]:
        """The page numbers to link: the first, the last and two either side of this one; None where some are left
        out ("…")."""
        near = {1, self.pages, *range(self.filters.page - 2, self.filters.page + 3)}
        shown = sorted(n for n in near if 1 <= n <= self.pages)
        links: list[int | None] = []
        for number in shown:
            if links and number - (links[-1] or 0) > 1:
                links.append(None)
            links.append(number)
        return links


def status_of(signal: PersonSignal, talked: date | None) -> str:
    """A warning asks only to follow the absence; any other signal awaits a talk until one is recorded for it."""
    if not signal.talk:
        return TO_FOLLOW
    return TALK_HELD if talked is not None else AWAITING_TALK


def list_person_signals(actor: User, filters: SignalFilters, today: date) -> SignalPage:
    """The page of employees ``filters`` asks for, sorted by unit and employee; a page past the last shows the
    last. Counts are of everything that passes the filters, not only this page."""
    found = [ListedSignal(s, talked, status_of(s, talked)) for s, talked in person_signals_for(actor, today)]
    codes = sorted({listed.signal.unit for listed in found})
    names = {code: name for code, name in db.session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(codes)))}
    chosen = [
        listed
        for listed in found
        if (not filters.unit or listed.signal.unit == filters.unit)
        and (not filters.kind or listed.signal.rule == filters.kind)
    ]
    by_status = {
        status: len({(s.signal.unit, s.signal.employee) for s in chosen if s.status == status}) for status in STATUSES
    }
    people: dict[tuple[str, str], list[ListedSignal]] = {}
    for listed in chosen:
        if not filters.status or listed.status == filters.status:
            people.setdefault((listed.signal.unit, listed.signal.employee), []).append(listed)
    pages = max(1, -(-len(people) // PER_PAGE))
    page = min(filters.page, pages)
    start = (page - 1) * PER_PAGE
    shown = sorted(people.items())[start : start + PER_PAGE]
    return SignalPage(
        people=tuple(Person(unit, employee, tuple(signals)) for (unit, employee), signals in shown),
        filters=SignalFilters(filters.unit, filters.kind, filters.status, page),
        total=len(people),
        by_status=by_status,
        units=tuple((code, names.get(code, code)) for code in codes),
        rules=tuple(sorted({listed.signal.rule for listed in found})),
        pages=pages,
    )
