"""Use cases of survey rounds for HR: create a round (a draft: ``lifecycle`` opens, edits and closes it), hand out
codes, count responses. Never reads the request."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, select

from survey_app import audit
from survey_app.access import descendant_ids
from survey_app.admin.services import unit_by_code
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AccessCode, ResponseDraft, RoundUnit, SurveyResponse, SurveyRound, Unit, User
from survey_app.models.surveys import MIN_THRESHOLD
from survey_app.surveys import codes
from survey_app.surveys.content import OWN_ITEM_TYPES, section_choices

LANGUAGES = ("sv", "fi", "en")
MAX_THRESHOLD = 50
MAX_OWN_ITEMS = 20
OWN_TEXT_MAX = 500
MAX_CODES = 2000


@dataclass(frozen=True)
class RoundInput:
    """A survey round as HR typed it, before it is checked."""

    title: str
    root_code: str
    opens_on: date | None
    closes_on: date | None
    languages: tuple[str, ...]
    anonymity_threshold: int | None
    sections: tuple[str, ...]  # "instrument/section"
    own_statements: str = ""  # one per line; "sv | fi | en" gives a text per language
    own_questions: str = ""
    comment_threshold: int | None = 10
    #: {language: title}; None gives ``title`` in every offered language (the command line, the API).
    titles: Mapping[str, str] | None = None


@dataclass(frozen=True)
class CheckedRound:
    """A round as HR typed it, checked and ready to store."""

    titles: dict[str, str]
    root: Unit | None
    languages: tuple[str, ...]
    content: dict


@dataclass(frozen=True)
class UnitProgress:
    """How many responses a workplace of the round has so far: those that count, and those held out of results."""

    round_unit: RoundUnit
    responses: int
    held: int = 0

    @property
    def rate(self) -> float | None:
        """Responses as a share of the workplace's headcount; None without a headcount."""
        return self.responses / self.round_unit.headcount if self.round_unit.headcount else None


def _own_items(text: str, kind: str, languages: tuple[str, ...], field: str) -> list[dict]:
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 1:
            parts = parts * len(languages)
        if len(parts) != len(languages) or not all(parts):
            raise DomainError(
                _l(
                    "Line %(n)d: give one text, or one text per language (%(langs)s).",
                    n=number,
                    langs=" | ".join(languages),
                ),
                field,
            )
        if any(len(part) > OWN_TEXT_MAX for part in parts):
            raise DomainError(_l("Line %(n)d is longer than %(max)d characters.", n=number, max=OWN_TEXT_MAX), field)
        items.append({"type": kind, "text": dict(zip(languages, parts, strict=True))})
    return items


def _workplaces(root: Unit | None) -> list[Unit]:
    """Active units in the subtree (or the organisation) that have no active unit below them: where staff answer."""
    query = select(Unit).where(Unit.active)
    if root is not None:
        query = query.where(Unit.id.in_(descendant_ids([root.id])))
    units = list(db.session.scalars(query))
    parents = {unit.parent_id for unit in units}
    return [unit for unit in units if unit.id not in parents]


def _titles(data: RoundInput, languages: tuple[str, ...]) -> dict[str, str]:
    given = data.titles if data.titles is not None else dict.fromkeys(languages, data.title)
    titles = {language: " ".join((given.get(language) or "").split()) for language in languages}
    for language, title in titles.items():
        if not title or len(title) > 200:
            field = "title" if data.titles is None else f"title_{language}"
            raise DomainError(_l("Give the round a title of at most 200 characters in each language."), field)
    return titles


def check_round(data: RoundInput, today: date) -> CheckedRound:
    """The round HR typed, checked: ``DomainError`` naming the field for the first problem."""
    root = unit_by_code(data.root_code) if (data.root_code or "").strip() else None
    if root is None and (data.root_code or "").strip():
        raise DomainError(_l("There is no unit with the code %(code)s.", code=data.root_code), "root_code")
    if root is not None and not root.active:
        raise DomainError(_l("The unit %(code)s is deactivated.", code=root.code), "root_code")
    if data.opens_on is None or data.closes_on is None or data.closes_on < data.opens_on:
        raise DomainError(_l("The round must close on or after the day it opens."), "closes_on")
    if data.closes_on < today:
        raise DomainError(_l("The closing date has already passed."), "closes_on")
    languages = tuple(lang for lang in LANGUAGES if lang in data.languages)
    if not languages:
        raise DomainError(_l("Offer at least one language."), "languages")
    titles = _titles(data, languages)
    threshold = data.anonymity_threshold
    if threshold is None or not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise DomainError(
            _l("The anonymity threshold must be from %(min)d to %(max)d.", min=MIN_THRESHOLD, max=MAX_THRESHOLD),
            "anonymity_threshold",
        )
    comments = data.comment_threshold
    if comments is None or not threshold <= comments <= MAX_THRESHOLD:
        raise DomainError(
            _l(
                "The threshold for free text must be from the anonymity threshold (%(min)d) to %(max)d.",
                min=threshold,
                max=MAX_THRESHOLD,
            ),
            "comment_threshold",
        )
    known = {value for value, _, _ in section_choices()}
    unknown = [ref for ref in data.sections if ref not in known]
    if unknown:
        raise DomainError(_l("Unknown questionnaire sections: %(refs)s.", refs=", ".join(unknown)), "sections")
    own = _own_items(data.own_statements, OWN_ITEM_TYPES[0], languages, "own_statements")
    own += _own_items(data.own_questions, OWN_ITEM_TYPES[1], languages, "own_questions")
    if len(own) > MAX_OWN_ITEMS:
        raise DomainError(_l("At most %(n)d own questions.", n=MAX_OWN_ITEMS), "own_statements")
    if not data.sections and not own:
        raise DomainError(_l("Choose at least one section or write your own questions."), "sections")
    sections = [dict(zip(("instrument", "section"), ref.split("/", 1), strict=True)) for ref in data.sections]
    return CheckedRound(titles, root, languages, {"sections": sections, "own_items": own})


def apply_round(survey: SurveyRound, data: RoundInput, checked: CheckedRound) -> None:
    """Give ``survey`` what HR typed; the workplaces are those of the chosen subtree today, keeping the links (and
    codes) of those that were already in it."""
    survey.title = checked.titles[checked.languages[0]]
    survey.titles = checked.titles
    survey.opens_on, survey.closes_on = data.opens_on, data.closes_on
    survey.languages = list(checked.languages)
    survey.anonymity_threshold, survey.comment_threshold = data.anonymity_threshold, data.comment_threshold
    survey.content = checked.content
    if survey.units and survey.root_unit_id == (checked.root.id if checked.root else None):
        return
    survey.root_unit = checked.root
    kept = {round_unit.unit_id: round_unit for round_unit in survey.units}
    survey.units = [
        kept.get(unit.id) or RoundUnit(unit=unit, link_token=secrets.token_urlsafe(16), headcount=unit.headcount)
        for unit in _workplaces(checked.root)
    ]


def create_round(actor: User, data: RoundInput, today: date) -> SurveyRound:
    """Save a draft round for every workplace in the chosen subtree, each with its own answer link; only HR and
    administrators see it until it is opened (``lifecycle.open_round``)."""
    checked = check_round(data, today)
    survey = SurveyRound(created_by_id=actor.id if actor else None)
    apply_round(survey, data, checked)
    db.session.add(survey)
    db.session.flush()
    audit.record(actor, "survey.create", "survey_round", survey.id, units=len(survey.units))
    db.session.commit()
    return survey


def new_codes(round_unit: RoundUnit, count: int, secret: str, today: date) -> list[str]:
    """``count`` single-use codes for one unit, added to the session (the caller commits); only keyed hashes are
    stored, the plain codes are returned once."""
    plain = set()
    while len(plain) < count:
        plain.add(codes.new_code())
    db.session.add_all(
        AccessCode(round_unit_id=round_unit.id, code_hash=codes.code_hash(secret, code), created_on=today)
        for code in plain
    )
    return sorted(plain)


def create_codes(actor: User, round_unit: RoundUnit, count: int, secret: str, today: date) -> list[str]:
    """Make ``count`` single-use codes for one unit; the plain codes are returned once and never stored."""
    if not 1 <= count <= MAX_CODES:
        raise DomainError(_l("Ask for 1 to %(n)d codes at a time.", n=MAX_CODES), "count")
    plain = new_codes(round_unit, count, secret, today)
    audit.record(
        actor, "survey.codes_created", "survey_round", round_unit.round_id, unit=round_unit.unit.code, count=count
    )
    db.session.commit()
    return plain


def progress(survey: SurveyRound) -> list[UnitProgress]:
    """Responses per participating unit, those that count and those held apart (``surveys.held``), in two queries."""
    held, counted = SurveyResponse.held.is_(True), SurveyResponse.held.is_(False)
    counts = {
        unit_id: (counts_now, held_now)
        for unit_id, counts_now, held_now in db.session.execute(
            select(SurveyResponse.unit_id, func.count(case((counted, 1))), func.count(case((held, 1))))
            .where(SurveyResponse.round_id == survey.id)
            .group_by(SurveyResponse.unit_id)
        )
    }
    units = db.session.scalars(
        select(RoundUnit)
        .join(Unit, Unit.id == RoundUnit.unit_id)
        .where(RoundUnit.round_id == survey.id)
        .order_by(Unit.name)
    )
    return [UnitProgress(round_unit, *counts.get(round_unit.unit_id, (0, 0))) for round_unit in units]


def rounds_overview() -> list[tuple[SurveyRound, int]]:
    """Every round with its number of responses that count (not held), newest first, in two queries."""
    counted = select(SurveyResponse.round_id, func.count()).where(SurveyResponse.held.is_(False))
    totals = dict(db.session.execute(counted.group_by(SurveyResponse.round_id)).all())
    rounds = db.session.scalars(select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc()))
    return [(survey, totals.get(survey.id, 0)) for survey in rounds]


def purge_closed_drafts(today: date) -> int:
    """Delete unfinished answers of rounds that have closed: nobody can send them any more."""
    closed_units = select(RoundUnit.id).join(SurveyRound).where(SurveyRound.closed_by(today))
    deleted = db.session.execute(
        delete(ResponseDraft)
        .where(ResponseDraft.round_unit_id.in_(closed_units))
        .execution_options(synchronize_session=False)
    ).rowcount
    audit.record(None, "survey.drafts_purged", drafts=deleted)
    db.session.commit()
    return deleted
