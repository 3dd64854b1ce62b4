"""Reminders of plan steps' follow-ups: due in a few days, due today, missed (issue 22).

Every open step (not done or dropped; a step left open in a closed case too, as on the start page) with a next
follow-up date is looked at once a day:

* ``step_due_soon`` when the follow-up is 1–3 days away: one message per step and date, so a day cron missed still
  gets its message, and the next day does not get another;
* ``step_due_today`` on the day;
* ``step_missed`` once the day has passed, within the last 30 days (an installation's first run does not remind
  anyone of steps forgotten long ago), to the people responsible and to their managers
  (``plans.responsible.managers_of_responsible``).

Whether a follow-up is open, due or missed is ``interventions.plans``' rule; who is responsible is
``plans.responsible``'s. The key is the step and its follow-up date: a follow-up recorded with a new date gets
reminders of its own, the same date never twice. A message names the unit, the date and the step, the step's text
redacted (``privacy.redaction``, like every page) and shortened; never a follow-up's notes or anything a person wrote
about themselves.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from interventions.plans import CLOSED_STATUSES, follow_up_due, follow_up_missed
from survey_app.db import db
from survey_app.mail import links
from survey_app.mail.outbox import language_of, queue_mail
from survey_app.models import InterventionCase, PlanStep, Role, User
from survey_app.plans import due, wording
from survey_app.plans.responsible import managers_of_responsible, people_responsible_for
from survey_app.privacy.redaction import redact_for_display

#: How many days ahead a follow-up is announced ("due in 3 days").
SOON_DAYS = 3
#: How far back a missed follow-up is still told about.
MISSED_WITHIN_DAYS = 30
#: The most characters of a step's text a message shows.
TITLE_LENGTH = 80


def queue_due(today: date) -> int:
    """Record the reminders of follow-ups due soon, due today or missed on ``today``; how many were recorded."""
    recorded = 0
    for step in _steps_near(today):
        kind = reminder_kind(step, today)
        if kind is not None:
            title = step_title(step)
            recorded += sum(_queue(step, kind, title, person, why, today) for person, why in recipients(step, kind))
    return recorded


def _steps_near(today: date) -> list[PlanStep]:
    """Open steps whose follow-up lies from 30 days back to 3 days ahead, with their case and unit: one query."""
    query = (
        select(PlanStep)
        .where(
            PlanStep.status.not_in(CLOSED_STATUSES),
            PlanStep.next_follow_up_on >= today - timedelta(days=MISSED_WITHIN_DAYS),
            PlanStep.next_follow_up_on <= today + timedelta(days=SOON_DAYS),
        )
        .options(joinedload(PlanStep.case).joinedload(InterventionCase.unit))
        .order_by(PlanStep.next_follow_up_on, PlanStep.id)
    )
    return list(db.session.scalars(query))


def reminder_kind(step: PlanStep, today: date) -> str | None:
    """The reminder the step is due on ``today``: ``step_missed`` (within the last 30 days), ``step_due_today``,
    ``step_due_soon`` (1–3 days ahead), or None."""
    current, on = due.state(step), step.next_follow_up_on
    if on is None:  # an open step without a date is "missed" on the pages, but there is no day to remind of
        return None
    if follow_up_missed(current, today):
        return "step_missed" if (today - on).days <= MISSED_WITHIN_DAYS else None
    if on == today:
        return "step_due_today"
    return "step_due_soon" if follow_up_due(current, today, SOON_DAYS) else None


def recipients(step: PlanStep, kind: str) -> list[tuple[User, str]]:
    """Who gets the ``kind`` reminder of the step, and why: "responsible", or for a missed follow-up also "manager"
    (a manager of the unit or of the person responsible) or "hr" (the case's HR person, where no manager is)."""
    responsible = people_responsible_for(step)
    found = [(person, "responsible") for person in responsible]
    if kind == "step_missed":
        for person in managers_of_responsible(step, responsible):
            found.append((person, "manager" if person.role == Role.MANAGER.value else "hr"))
    return found


def step_title(step: PlanStep) -> str:
    """The step's text as a message shows it: redacted like every page shows free text, on one line, at most 80
    characters (cut at a word, with an ellipsis)."""
    text = " ".join(redact_for_display(step.what).split())
    if len(text) <= TITLE_LENGTH:
        return text
    return text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def _who(step: PlanStep) -> str:
    """Who is responsible, for a manager's message: the account's name or the role, never an older step's words."""
    if step.responsible_user is not None:
        return step.responsible_user.name
    if step.responsible_role:
        return wording.role_label(step.responsible_role)
    return _("Named on the step in Omtanke")


def _params(step: PlanStep, title: str, person: User, why: str, today: date) -> dict:
    """What the message says, in the person's language: the step, its unit, the date and who is responsible."""
    with force_locale(language_of(person)):
        return {
            "step": title,
            "unit": step.case.unit.name,
            "date": format_date(step.next_follow_up_on, "long"),
            "days": (step.next_follow_up_on - today).days,
            "why": why,
            "responsible": "" if why == "responsible" else _who(step),
        }


def _queue(step: PlanStep, kind: str, title: str, person: User, why: str, today: date) -> bool:
    """Record the ``kind`` reminder of the step (``title``, see ``step_title``) for ``person``; whether it was
    recorded now."""
    key = f"step:{step.id}:{step.next_follow_up_on.isoformat()}"
    link = links.path_for("plans.step_detail", step_id=step.id)
    params = _params(step, title, person, why, today)
    return queue_mail(kind, key, person, params=params, link=link) is not None
