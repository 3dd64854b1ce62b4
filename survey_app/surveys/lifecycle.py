"""A round's lifecycle: draft → scheduled → open → closed (``SurveyRound.status_on`` is its one home), and what HR may
still change in each state.

A saved round is a draft: only HR and administrators see it and can preview it; its links answer nothing and it is
in no result, list or API. Opening (publishing) it makes it scheduled or open by its dates. Everything about it can
change until the first answer arrives (a held answer is an answer); after that only the closing date can move, while
it is scheduled or open. Closing early sets the closing date to today, from when the round counts as closed
everywhere. Only a draft can be deleted. Never reads the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from survey_app import audit
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import ResponseDraft, RoundUnit, SurveyResponse, SurveyRound, User
from survey_app.surveys.services import RoundInput, apply_round, check_round


@dataclass(frozen=True)
class RoundRules:
    """What HR can still do with a round on a day, and why not: the round page shows it, the services enforce it."""

    status: str
    #: Answers that have arrived, held ones included, and code answers being stored.
    answers: int

    @property
    def can_open(self) -> bool:
        """A draft can be opened to respondents."""
        return self.status == "draft"

    @property
    def can_edit(self) -> bool:
        """Everything can change until the first answer arrives (or the round closes)."""
        return self.status != "closed" and not self.answers

    @property
    def can_extend(self) -> bool:
        """The closing date can move later while the round is scheduled or open."""
        return self.status in ("scheduled", "open")

    @property
    def can_close(self) -> bool:
        """An open round can be closed early."""
        return self.status == "open"

    @property
    def can_delete(self) -> bool:
        """Only a draft can be deleted."""
        return self.status == "draft"

    @property
    def why_not_edit(self):
        """Why the round can no longer be edited."""
        if self.status == "closed":
            return _l("Nothing can change any more: the round has closed.")
        return ngettext(
            "Questions, dates, languages, thresholds and workplaces can no longer change: %(num)d answer has arrived.",
            "Questions, dates, languages, thresholds and workplaces can no longer change: %(num)d answers have "
            "arrived.",
            self.answers,
        )

    @property
    def why_not_extend(self):
        """Why the closing date cannot move."""
        if self.status == "draft":
            return _l("A draft's dates change when you edit it.")
        return _l("The closing date can no longer move: the round has closed.")

    @property
    def why_not_close(self):
        """Why the round cannot be closed early."""
        if self.status == "scheduled":
            return _l("It can be closed early once it has opened.")
        if self.status == "closed":
            return _l("The round has closed.")
        return _l("A draft is not open: delete it instead.")

    @property
    def why_not_delete(self):
        """Why the round cannot be deleted."""
        return _l("Only a draft can be deleted: once opened, a round's links may be in use.")


def answers_arrived(survey: SurveyRound) -> int:
    """Answers that have arrived for the round (held ones too), and code answers being stored, in one query."""
    responses = select(func.count()).where(SurveyResponse.round_id == survey.id).scalar_subquery()
    storing = (
        select(func.count())
        .select_from(ResponseDraft)
        .join(RoundUnit, RoundUnit.id == ResponseDraft.round_unit_id)
        .where(RoundUnit.round_id == survey.id, ResponseDraft.state == "submitting")
        .scalar_subquery()
    )
    return db.session.scalar(select(responses + storing)) or 0


def round_rules(survey: SurveyRound, today: date) -> RoundRules:
    """What can still change about ``survey`` on ``today``."""
    status = survey.status_on(today)
    return RoundRules(status, answers_arrived(survey) if status != "draft" else 0)


def open_round(actor: User, survey: SurveyRound, today: date) -> str:
    """Open a draft to respondents: scheduled until its first day, then open. Returns the new status."""
    if not round_rules(survey, today).can_open:
        raise DomainError(_l("The round is already open to respondents."))
    if survey.closes_on < today:
        raise DomainError(_l("The closing date has already passed: edit the dates before opening the round."))
    survey.published_on = today
    audit.record(actor, "survey.open", "survey_round", survey.id, opens_on=survey.opens_on.isoformat())
    db.session.commit()
    return survey.status_on(today)


def edit_round(actor: User, survey: SurveyRound, data: RoundInput, today: date) -> None:
    """Change everything about a round while no answer has arrived; unfinished answers of a changed questionnaire
    are deleted (they would not fit it)."""
    rules = round_rules(survey, today)
    if not rules.can_edit:
        raise DomainError(rules.why_not_edit)
    checked = check_round(data, today)
    questionnaire = (survey.content, survey.languages)
    apply_round(survey, data, checked)
    if (survey.content, survey.languages) != questionnaire:
        _delete_drafts(survey)
    db.session.flush()
    audit.record(actor, "survey.edit", "survey_round", survey.id, status=survey.status_on(today))
    db.session.commit()


def extend_round(actor: User, survey: SurveyRound, closes_on: date | None, today: date) -> None:
    """Move a scheduled or open round's closing date later."""
    rules = round_rules(survey, today)
    if not rules.can_extend:
        raise DomainError(rules.why_not_extend)
    if closes_on is None or closes_on <= survey.closes_on:
        raise DomainError(_l("Choose a closing date after %(day)s.", day=survey.closes_on.isoformat()), "closes_on")
    audit.record(
        actor,
        "survey.extend",
        "survey_round",
        survey.id,
        closes_on=closes_on.isoformat(),
        was=survey.closes_on.isoformat(),
    )
    survey.closes_on = closes_on
    db.session.commit()


def close_round_early(actor: User, survey: SurveyRound, today: date) -> None:
    """Close an open round today: respondents are refused from now, its results can be read today, its unfinished
    answers are deleted."""
    rules = round_rules(survey, today)
    if not rules.can_close:
        raise DomainError(rules.why_not_close)
    audit.record(actor, "survey.close_early", "survey_round", survey.id, was=survey.closes_on.isoformat())
    survey.closes_on, survey.closed_early = today, True
    _delete_drafts(survey)
    db.session.commit()


def delete_draft(actor: User, survey: SurveyRound, today: date) -> None:
    """Delete a draft round, its links and any codes made for it."""
    rules = round_rules(survey, today)
    if not rules.can_delete:
        raise DomainError(rules.why_not_delete)
    audit.record(actor, "survey.delete", "survey_round", survey.id, title=survey.title)
    db.session.delete(survey)
    db.session.commit()


def _delete_drafts(survey: SurveyRound) -> None:
    """Unfinished answers of the round (a code answer being stored finishes: ``respond.services``)."""
    units = select(RoundUnit.id).where(RoundUnit.round_id == survey.id)
    db.session.execute(
        delete(ResponseDraft)
        .where(ResponseDraft.round_unit_id.in_(units), ResponseDraft.state == "open")
        .execution_options(synchronize_session=False)
    )
