"""Getting staff to answer: posters in the round's languages, packs of posters for an area, and the response rates a
manager follows while the round is open (issue 20).

Everyone here works within ``access.unit_scope``: HR and administrators every workplace, a manager the units they
manage and those below; anything outside it is ``NotAllowedError`` (404). Response rates are numbers only: how many
answers count (``surveys.held``), the headcount and the share, never an answer or which answers are held. A draft
round is HR's alone: nothing here shows it to anyone else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import segno
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from survey_app.access import ORGANISATION_WIDE, NotAllowedError, descendant_ids, unit_scope
from survey_app.admin.queries import UnitRow, tree_rows
from survey_app.db import db
from survey_app.models import RoundUnit, SurveyResponse, SurveyRound, Unit, UnitAssignment, User
from survey_app.surveys.held import link_open
from survey_app.surveys.links import answer_url, short_url
from survey_app.surveys.short_codes import grouped


@dataclass(frozen=True)
class PosterText:
    """A poster's words in one of the round's languages."""

    language: str
    title: str
    invitation: str
    how: str
    until: str


@dataclass(frozen=True)
class Poster:
    """One workplace's poster: its QR code (an SVG data URI with its namespace, so browsers size it), its answer
    link, and its short code at the short address."""

    round_unit: RoundUnit
    url: str
    qr: str
    short_url: str
    short_code: str


@dataclass(frozen=True)
class UnitRate:
    """A workplace's answers so far: those that count, its headcount and their share (None without a headcount)."""

    round_unit: RoundUnit
    responses: int

    @property
    def rate(self) -> float | None:
        """Responses as a share of the headcount, 0–100."""
        headcount = self.round_unit.headcount
        return 100 * self.responses / headcount if headcount else None


@dataclass(frozen=True)
class RoundRates:
    """A round as a manager follows it: its status and the response rate of each of their workplaces in it."""

    survey: SurveyRound
    status: str
    units: tuple[UnitRate, ...]

    @property
    def responses(self) -> int:
        """Answers that count from all these workplaces."""
        return sum(unit.responses for unit in self.units)

    @property
    def headcount(self) -> int:
        """Staff of all these workplaces when the round was made."""
        return sum(unit.round_unit.headcount for unit in self.units)

    @property
    def rate(self) -> float | None:
        """All these workplaces' responses as a share of their headcount, 0–100."""
        return 100 * self.responses / self.headcount if self.headcount else None


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (segno's, which carries the SVG namespace)."""
    return segno.make(url, error="m").svg_data_uri(scale=8, border=2)


def poster_texts(survey: SurveyRound) -> tuple[PosterText, ...]:
    """The poster's words in each of the round's languages, in the round's order."""
    texts = []
    for language in survey.languages:
        with force_locale(language):
            texts.append(
                PosterText(
                    language=language,
                    title=survey.title_in(language),
                    invitation=_(
                        "Tell us how you feel about your work. It takes about 10 minutes, works on your phone, "
                        "and your answers are anonymous."
                    ),
                    how=_("Scan the QR code with your phone camera, or go to the short address and type the code:"),
                    until=_("Open until %(day)s.", day=format_date(survey.closes_on, "long")),
                )
            )
    return tuple(texts)


def poster_for(round_unit: RoundUnit) -> Poster:
    """A workplace's poster: its answer link, that link's QR code, the short address and its short code."""
    url = answer_url(round_unit)
    return Poster(round_unit, url, qr_data_uri(url), short_url(), grouped(round_unit.short_code))


def _check_visible(actor: User, survey: SurveyRound) -> None:
    """A draft round is HR's and administrators' alone."""
    if survey.published_on is None and actor.role not in ORGANISATION_WIDE:
        raise NotAllowedError(survey.id)


def round_unit_in_scope(actor: User, survey: SurveyRound, unit_id: int) -> RoundUnit:
    """The round's workplace ``unit_id`` if the actor may see it, else ``NotAllowedError``."""
    _check_visible(actor, survey)
    scope = unit_scope(actor)
    round_unit = db.session.scalar(
        select(RoundUnit).where(RoundUnit.round_id == survey.id, RoundUnit.unit_id == unit_id)
    )
    if round_unit is None or (scope is not None and unit_id not in scope):
        raise NotAllowedError(unit_id)
    return round_unit


def area_choices(actor: User, survey: SurveyRound) -> list[UnitRow]:
    """The units the actor may pick for a pack of posters: those with one of the round's workplaces at or below
    them, within the actor's scope, in tree order."""
    _check_visible(actor, survey)
    scope = unit_scope(actor)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    reached: set[int] = set()
    for unit_id in db.session.scalars(select(RoundUnit.unit_id).where(RoundUnit.round_id == survey.id)):
        while unit_id is not None and unit_id not in reached:
            reached.add(unit_id)
            unit_id = units[unit_id].parent_id
    if scope is not None and not reached & scope:
        raise NotAllowedError(survey.id)
    return tree_rows([units[unit_id] for unit_id in reached if scope is None or unit_id in scope])


def area_pack(actor: User, survey: SurveyRound, unit_id: int) -> tuple[Unit, list[Poster], list[RoundUnit]]:
    """A pack for the area below ``unit_id``: a poster for every workplace that answers through its link, and the
    workplaces that answer with codes only (listed, not postered), each by name."""
    _check_visible(actor, survey)
    scope = unit_scope(actor)
    area = db.session.get(Unit, unit_id)
    if area is None or (scope is not None and unit_id not in scope):
        raise NotAllowedError(unit_id)
    below = descendant_ids([unit_id])
    workplaces = list(
        db.session.scalars(
            select(RoundUnit)
            .join(Unit, Unit.id == RoundUnit.unit_id)
            .where(RoundUnit.round_id == survey.id, RoundUnit.unit_id.in_(below))
            .options(contains_eager(RoundUnit.unit))
            .order_by(Unit.name)
        )
    )
    posters = [poster_for(round_unit) for round_unit in workplaces if link_open(round_unit)]
    return area, posters, [round_unit for round_unit in workplaces if not link_open(round_unit)]


def rounds_in_reach(actor: User, today: date) -> list[RoundRates]:
    """Every published round with a workplace in the actor's scope, newest first, with each such workplace's answers
    that count so far: three queries, whatever the number of rounds."""
    scope = unit_scope(actor)
    query = (
        select(RoundUnit)
        .join(SurveyRound, SurveyRound.id == RoundUnit.round_id)
        .join(Unit, Unit.id == RoundUnit.unit_id)
        .where(SurveyRound.published())
        .options(contains_eager(RoundUnit.round), contains_eager(RoundUnit.unit))
        .order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc(), Unit.name)
    )
    if scope is not None:
        query = query.where(RoundUnit.unit_id.in_(scope))
    round_units = list(db.session.scalars(query))
    counted = select(SurveyResponse.round_id, SurveyResponse.unit_id, func.count()).where(
        SurveyResponse.held.is_(False), SurveyResponse.round_id.in_({ru.round_id for ru in round_units})
    )
    if scope is not None:
        counted = counted.where(SurveyResponse.unit_id.in_(scope))
    counts = {
        (round_id, unit_id): number
        for round_id, unit_id, number in db.session.execute(
            counted.group_by(SurveyResponse.round_id, SurveyResponse.unit_id)
        )
    }
    by_round: dict[int, list[UnitRate]] = defaultdict(list)
    rounds: dict[int, SurveyRound] = {}
    for round_unit in round_units:
        rounds.setdefault(round_unit.round_id, round_unit.round)
        by_round[round_unit.round_id].append(
            UnitRate(round_unit, counts.get((round_unit.round_id, round_unit.unit_id), 0))
        )
    return [RoundRates(survey, survey.status_on(today), tuple(by_round[survey.id])) for survey in rounds.values()]


def own_units(actor: User) -> list[Unit]:
    """The units assigned to the actor (a manager's areas; HR and administrators have none), by name."""
    query = select(Unit).join(UnitAssignment, UnitAssignment.unit_id == Unit.id)
    return list(db.session.scalars(query.where(UnitAssignment.user_id == actor.id).order_by(Unit.name)))
