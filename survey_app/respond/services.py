"""Answering a survey: drafts, validation page by page, and the exactly-once submission.

Exactly once (measured: "check the code, insert, mark it used" from eight racing processes stored 515 responses for
500 codes; docs/architecture.md): the submission *claims* before it writes. A link draft is claimed by
deleting it (``DELETE … WHERE id = ? AND state = 'open' RETURNING answers``): of two racing requests only one gets
the row. A code draft first claims its code (whose hash only the respondent's signed cookie holds, never the draft:
``resume.py``) and marks the draft "submitting" in one transaction, then — in a
separate transaction, so that no transaction id pairs the code with the answers — deletes the draft and stores the
response. A retry after a crash between the two finds the draft "submitting" and finishes it.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from interventions.i18n import N_
from interventions.scoring import AnswerError, validate_answer
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AccessCode, Answer, ResponseDraft, RoundUnit, SurveyResponse
from survey_app.respond import links
from survey_app.surveys.content import Page, pages

STORED, ALREADY_STORED = "stored", "already"
MESSAGE_ONE_VALUE = N_("Choose only one option.")


class SurveyNotOpenError(DomainError):
    """The round is not open today: the respondent reads when it opens, that it has closed, or (a draft only HR
    sees) that it is not open."""

    status = 403

    def __init__(self, status: str, round_unit: RoundUnit):
        survey = round_unit.round
        if status == "draft":
            message = _l("This survey is not open.")
        elif status == "scheduled":
            message = _l("This survey opens on %(day)s.", day=survey.opens_on.isoformat())
        else:
            message = _l(
                "This survey closed on %(day)s. Thank you for your interest.", day=survey.closes_on.isoformat()
            )
        super().__init__(message)
        self.round_unit = round_unit


class CodeError(DomainError):
    """A code that cannot be used (not a code, unknown, already used), shown on the code page itself."""

    status = 200


@dataclass(frozen=True)
class PageResult:
    """One page's answers as read: an error message per question, and the values to keep or show again."""

    errors: Mapping[str, str]
    values: Mapping[str, Any]


def round_unit_for_link(token: str) -> RoundUnit | None:
    """The round's unit an answer link leads to, with its round (every answer page needs both), or None for an
    unknown link."""
    return db.session.scalar(_link_queries()[0], {"token": token})


def link_with_drafts(token: str, draft_ids: Collection[str]) -> tuple[RoundUnit | None, dict[str, ResponseDraft]]:
    """The round's unit an answer link leads to, with its round, and which of ``draft_ids`` (the draft cookies a
    browser sent) are drafts of that unit, by id: one read where each answer page used to make three round trips
    to the database (issue 25)."""
    if not draft_ids:
        return round_unit_for_link(token), {}
    rows = db.session.execute(_link_queries()[1], {"token": token, "drafts": sorted(set(draft_ids))}).all()
    if not rows:
        return None, {}
    return rows[0][0], {draft.id: draft for _, draft in rows if draft is not None}


@cache
def _link_queries():
    """The two reads of an answer link, built once: building a statement costs more than running it (issue 25)."""
    link = (
        select(RoundUnit)
        .options(joinedload(RoundUnit.round, innerjoin=True))
        .where(RoundUnit.link_token == bindparam("token"))
    )
    held = ResponseDraft.id.in_(bindparam("drafts", expanding=True))
    return link, link.add_columns(ResponseDraft).outerjoin(
        ResponseDraft, and_(ResponseDraft.round_unit_id == RoundUnit.id, held)
    )


def check_open(round_unit: RoundUnit, today: date) -> None:
    """Refuse with ``SurveyNotOpenError`` unless the round is open on ``today``."""
    status = round_unit.round.status_on(today)
    if status != "open":
        raise SurveyNotOpenError(status, round_unit)


def start_draft(round_unit: RoundUnit, language: str, today: date, by_code: bool = False) -> ResponseDraft:
    """A new, empty draft for one respondent (``by_code``: sent by claiming a code, ``resume.py``; without, only where
    the link is open: ``links.CodesOnlyError`` for a small workplace)."""
    check_open(round_unit, today)
    if not by_code:
        links.check_link_open(round_unit)
    draft = ResponseDraft(
        id=secrets.token_urlsafe(32),
        round_unit_id=round_unit.id,
        by_code=by_code,
        language=_offered(round_unit, language),
        answers={},
        updated_on=today,
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def _offered(round_unit: RoundUnit, language: str) -> str:
    offered = round_unit.round.languages
    return language if language in offered else offered[0]


def questionnaire(round_unit: RoundUnit) -> tuple[Page, ...]:
    """The round's questionnaire, page by page."""
    return pages(round_unit.round.content)


def resume_page(questionnaire: tuple[Page, ...], answers: Mapping[str, Any]) -> int:
    """Where to continue: the page after the last one with an answer (1 for a fresh draft)."""
    answered = [n for n, page in enumerate(questionnaire, start=1) if any(q.key in answers for q in page.questions)]
    return min(max(answered, default=0) + 1, len(questionnaire)) if questionnaire else 1


def _raw_value(item_type: str, raw: list[str]) -> Any:
    """What the form sent for one question: a list for a multiple choice, else the single value (or None)."""
    if item_type == "multi":
        return [value for value in raw if value != ""]
    if len(raw) > 1:
        raise AnswerError(MESSAGE_ONE_VALUE, "")
    return raw[0] if raw else None


def _translated(error: AnswerError) -> str:
    return gettext(error.message, **error.params)


def read_page(page: Page, form: Mapping[str, list[str]], require: bool) -> PageResult:
    """Validate one page's answers. ``require``: required questions must be answered (next/submit, not back/save)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for question in page.questions:
        raw = form.get(question.key, [])
        try:
            value = _raw_value(question.item.type, raw)
            if not require and (value is None or value == [] or (isinstance(value, str) and not value.strip())):
                values[question.key] = None
                continue
            values[question.key] = validate_answer(question.item, value)
        except AnswerError as error:
            errors[question.key] = _translated(error)
            values[question.key] = raw[0] if question.item.type == "text" and raw else None
    return PageResult(errors, values)


def save_page(draft: ResponseDraft, result: PageResult, today: date) -> bool:
    """Keep a page's valid answers in the draft; False when the draft was submitted meanwhile (another tap)."""
    answers = dict(draft.answers or {})
    for key, value in result.values.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = list(value) if isinstance(value, tuple) else value
    return _update_open_draft(draft.id, answers=answers, updated_on=today)


def set_language(draft: ResponseDraft, language: str) -> bool:
    """Switch the draft to another offered language (others are ignored); False if it was submitted meanwhile."""
    if language not in draft.round_unit.round.languages:
        return True
    return _update_open_draft(draft.id, language=language)


def _update_open_draft(draft_id: str, **values: Any) -> bool:
    """Change a draft only while it is open: a conditional UPDATE, safe against a concurrent submission."""
    changed = db.session.execute(
        update(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.state == "open")
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return changed == 1


def _answer_rows(response_id: str, answers: Mapping[str, Any]) -> list[dict]:
    rows = []
    for key, value in answers.items():
        if isinstance(value, list):
            rows += [
                {"response_id": response_id, "item_key": key, "position": i, "value": v, "text": None}
                for i, v in enumerate(sorted(value))
            ]
        elif isinstance(value, str):
            rows.append({"response_id": response_id, "item_key": key, "position": 0, "value": None, "text": value})
        else:
            rows.append({"response_id": response_id, "item_key": key, "position": 0, "value": value, "text": None})
    return rows


def submit(draft_id: str, today: date, arrival: links.Arrival | None = None, code_hash: str | None = None) -> str:
    """Store the draft as one anonymous response, exactly once; ALREADY_STORED for a repeat or a lost race. A link
    answer (``arrival``: where its request came from) may be stored held (``links.held_on_arrival``). A code draft
    is sent by claiming ``code_hash``, which only the respondent's signed cookie holds (``resume.py``)."""
    draft = db.session.get(ResponseDraft, draft_id)
    if draft is None:
        db.session.rollback()
        return ALREADY_STORED
    check_open(draft.round_unit, today)
    round_id, unit_id, by_code, state = draft.round_unit.round_id, draft.round_unit.unit_id, draft.by_code, draft.state
    if by_code and state == "open":
        if code_hash is None:
            raise CodeError(_l("Enter your code again to send these answers."), "code")
        claimed = db.session.execute(
            update(AccessCode).where(AccessCode.code_hash == code_hash, AccessCode.used.is_(False)).values(used=True)
        ).rowcount
        moved = db.session.execute(
            update(ResponseDraft)
            .where(ResponseDraft.id == draft_id, ResponseDraft.state == "open")
            .values(state="submitting")
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1 or moved != 1:
            db.session.rollback()
            return ALREADY_STORED
        db.session.commit()  # the claim commits alone: no transaction holds both the code and the answers
        state = "submitting"
    answers = db.session.execute(
        delete(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.state == state)
        .returning(ResponseDraft.answers)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if answers is None:
        db.session.rollback()
        return ALREADY_STORED
    held = not by_code and links.held_on_arrival(draft.round_unit, arrival or links.Arrival(None, None))
    response_id = secrets.token_hex(16)
    db.session.add(SurveyResponse(id=response_id, round_id=round_id, unit_id=unit_id, submitted_on=today, held=held))
    db.session.flush()
    rows = _answer_rows(response_id, answers or {})
    if rows:
        db.session.execute(Answer.__table__.insert(), rows)
    db.session.commit()
    return STORED
