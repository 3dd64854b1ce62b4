"""Managers' reminders about a survey round of their units: it opens (put up the posters), halfway and two days
before it closes (how many have answered), and its results are ready; safety representatives get the last one only
(``mail.kinds`` says who gets which kind).

A round's state on a day is ``SurveyRound.status_on``'s alone (a draft never counts, a round closed early is closed
from the day HR closed it). What a manager learns about answers is what their answering page shows them
(``surveys.outreach.rounds_in_reach``): their own workplaces only, answers that count and the headcount, never an
answer, never a held answer, never another unit. A results message holds no figure: it links to the results page,
whose gate decides what may be read. Each message is recorded once per manager, round and kind (``queue_mail``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale, format_date
from sqlalchemy import select

from survey_app.db import db
from survey_app.mail.kinds import kind as mail_kind
from survey_app.mail.links import path_for
from survey_app.mail.outbox import language_of, queue_mail
from survey_app.models import Role, SurveyRound, UnitAssignment, User
from survey_app.surveys.outreach import RoundRates, own_units, rounds_in_reach

#: The opening message still goes this many days after the first day (a missed cron day), not later (a first install).
OPENS_GRACE_DAYS = 3
#: The closing reminder's window: from this many days before the last day to the last day.
CLOSING_DAYS = 2
#: The results message still goes this many days after the round closed, not later.
RESULTS_GRACE_DAYS = 14


@dataclass(frozen=True)
class Due:
    """A reminder due about a round on a day: its kind and the key it is recorded under (the manager is added)."""

    kind: str
    key: str


def closed_on(survey: SurveyRound) -> date:
    """The first day the round is closed (``status_on``): the day after its last day, or the day HR closed it."""
    return survey.closes_on if survey.closed_early else survey.closes_on + timedelta(days=1)


def midway(survey: SurveyRound) -> date:
    """The round's middle day: its first day plus half its length, rounded down."""
    return survey.opens_on + timedelta(days=(survey.closes_on - survey.opens_on).days // 2)


def due_on(survey: SurveyRound, today: date) -> tuple[Due, ...]:
    """The reminders due about ``survey`` on ``today``. Opening: open, and opened at most ``OPENS_GRACE_DAYS`` ago.
    Closing: open, within ``CLOSING_DAYS`` of its last day. Midway: open, from the middle day until the closing
    window (never for a round so short that the middle falls inside that window). Results: closed, at most
    ``RESULTS_GRACE_DAYS`` ago. Two at once only after missed runs (opening and midway of a one-week round)."""
    status = survey.status_on(today)
    if status == "closed" and (today - closed_on(survey)).days <= RESULTS_GRACE_DAYS:
        return (Due("round_results", f"round:{survey.id}:results"),)
    if status != "open":
        return ()
    found = []
    if (today - survey.opens_on).days <= OPENS_GRACE_DAYS:
        found.append(Due("round_opens", f"round:{survey.id}:opens"))
    if today >= survey.closes_on - timedelta(days=CLOSING_DAYS):
        found.append(Due("round_closing", f"round:{survey.id}:closing"))
    elif today >= midway(survey):
        found.append(Due("round_midway", f"round:{survey.id}:midway"))
    return tuple(found)


def rounds_due(today: date) -> dict[int, tuple[Due, ...]]:
    """Every published round with a reminder due on ``today``, by id: one query."""
    candidates = db.session.scalars(
        select(SurveyRound).where(
            SurveyRound.published(),
            SurveyRound.opens_on <= today,
            SurveyRound.closes_on >= today - timedelta(days=RESULTS_GRACE_DAYS + 1),
        )
    )
    found = {survey.id: due_on(survey, today) for survey in candidates}
    return {round_id: reminders for round_id, reminders in found.items() if reminders}


def managers() -> list[User]:
    """Active managers and safety representatives with a unit assigned: the only people these reminders are for."""
    query = select(User).where(
        User.role.in_([Role.MANAGER.value, Role.SAFETY.value]),
        User.active.is_(True),
        User.id.in_(select(UnitAssignment.user_id)),
    )
    return list(db.session.scalars(query.order_by(User.id)))


def _workplaces(rates: RoundRates) -> list[dict]:
    """The manager's workplaces in the round as the answering page counts them: name, answers, headcount, share."""
    return [
        {
            "name": unit.round_unit.unit.name,
            "responses": unit.responses,
            "headcount": unit.round_unit.headcount,
            "rate": unit.rate,
        }
        for unit in rates.units
    ]


def _link(kind: str, manager: User, survey: SurveyRound) -> str:
    """Where the message leads: the poster pack of the manager's area, their answering page, or the results."""
    if kind == "round_opens":
        areas = own_units(manager)
        return path_for("posters.pack", round_id=survey.id, **({"unit": areas[0].id} if len(areas) == 1 else {}))
    if kind == "round_results":
        return path_for("results.overview", round_id=survey.id)
    return path_for("posters.answering", _anchor=f"round-{survey.id}")


def _params(kind: str, manager: User, rates: RoundRates) -> dict:
    """What the kind's template shows: the round's title in the manager's language and its dates; the names of
    their workplaces when it opens; the answering page's counts halfway and before it closes; no figure after."""
    survey, language = rates.survey, language_of(manager)
    with force_locale(language):  # dates as the manager reads them, like the subject
        opens_on, closes_on = format_date(survey.opens_on, "long"), format_date(survey.closes_on, "long")
    params: dict = {"title": survey.title_in(language), "opens_on": opens_on, "closes_on": closes_on}
    if manager.role == Role.SAFETY.value:
        params["reader"] = "safety"  # the results message's last line speaks to a representative, not a manager
    if kind == "round_opens":
        params["units"] = [{"name": unit.round_unit.unit.name} for unit in rates.units]
    elif kind in ("round_midway", "round_closing"):
        params["units"] = _workplaces(rates)
        params.update(responses=rates.responses, headcount=rates.headcount, rate=rates.rate)
    return params


def _messages(manager: User, due: dict[int, tuple[Due, ...]], today: date) -> Iterator[bool]:
    """Record the manager's due reminders about the rounds that reach their units; True for each one recorded."""
    for rates in rounds_in_reach(manager, today):
        for reminder in due.get(rates.survey.id, ()) if rates.units else ():
            if manager.role not in mail_kind(reminder.kind).roles:
                continue  # a safety representative hears of the results, not of the posters and response rates
            params = _params(reminder.kind, manager, rates)
            link = _link(reminder.kind, manager, rates.survey)
            yield queue_mail(reminder.kind, reminder.key, manager, params=params, link=link) is not None


def queue_due(today: date) -> int:
    """Record the round reminders due on ``today`` for every manager whose units a round reaches; how many were
    recorded (none when the run has been made already)."""
    due = rounds_due(today)
    if not due:
        return 0
    return sum(sum(_messages(manager, due, today)) for manager in managers())
