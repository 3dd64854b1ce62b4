"""Link answers held out of results, and who may answer through a link at all (issue 19, finding 2).

Whoever holds a workplace's poster could otherwise add answers they know to a workplace with fewer real answers
than the threshold, and subtract them from the figures. Three rules close it:

* a workplace whose round headcount is under ``OMTANKE_LINK_MIN_HEADCOUNT_FACTOR`` times the round's anonymity
  threshold answers with single-use codes only (``link_open``);
* a workplace never counts more link answers than its headcount: ``RoundUnit.link_answers`` is claimed with a
  conditional UPDATE (``claim_link_answers``), so racing answers cannot pass it either;
* answers past the headcount, or in a burst from one browser or address (``respond.links``), are stored *held*:
  counted in HR's response status, in no figure, until HR accepts them while the round is open
  (``accept_held``). After the round closes its results never change, so what is still held stays out for good.

No response says whether it came by link or by code, except that a held one did: the counter is one number per
workplace, and an accepted answer is like any other.
"""

from __future__ import annotations

import math
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from survey_app import audit
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import RoundUnit, SurveyResponse, SurveyRound, User


def link_open(round_unit: RoundUnit) -> bool:
    """Whether the workplace may answer through its link: its headcount is at least the configured multiple of the
    round's anonymity threshold (a small workplace answers with codes, which HR hands to its staff one by one)."""
    return round_unit.headcount >= smallest_linked_headcount(round_unit.round)


def smallest_linked_headcount(survey: SurveyRound) -> int:
    """The smallest headcount whose workplaces may use their link in this round."""
    return math.ceil(current_app.config["OMTANKE_LINK_MIN_HEADCOUNT_FACTOR"] * survey.anonymity_threshold)


def claim_link_answers(round_unit_id: int, count: int = 1) -> bool:
    """Count ``count`` more link answers for the workplace if its headcount allows them, in the caller's
    transaction; False (nothing counted) when they would pass it."""
    claimed = db.session.execute(
        update(RoundUnit)
        .where(RoundUnit.id == round_unit_id, RoundUnit.link_answers + count <= RoundUnit.headcount)
        .values(link_answers=RoundUnit.link_answers + count)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def accept_held(actor: User, round_unit: RoundUnit, today: date) -> tuple[int, int]:
    """HR accepts a workplace's held answers: they count in results from now on, as far as the headcount allows
    (which of them is left to chance: ids are random). Only while the round is open. Returns (accepted, still held).
    """
    survey = round_unit.round
    if survey.status_on(today) != "open":
        raise DomainError(_l("The round has closed: its results no longer change, so held answers stay out."))
    held_ids = list(
        db.session.scalars(
            select(SurveyResponse.id)
            .where(
                SurveyResponse.round_id == survey.id,
                SurveyResponse.unit_id == round_unit.unit_id,
                SurveyResponse.held.is_(True),
            )
            .order_by(SurveyResponse.id)
        )
    )
    room = max(round_unit.headcount - round_unit.link_answers, 0)
    chosen = held_ids[:room]
    if chosen and not _release(round_unit.id, chosen):
        db.session.rollback()
        raise DomainError(_l("The held answers changed meanwhile. Look at them again."))
    audit.record(
        actor,
        "survey.held_accepted",
        "survey_round",
        survey.id,
        unit=round_unit.unit.code,
        accepted=len(chosen),
        still_held=len(held_ids) - len(chosen),
    )
    db.session.commit()
    return len(chosen), len(held_ids) - len(chosen)


def _release(round_unit_id: int, response_ids: list[str]) -> bool:
    """Count the chosen held answers as link answers and stop holding them; False if another request did first."""
    if not claim_link_answers(round_unit_id, len(response_ids)):
        return False
    released = db.session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id.in_(response_ids), SurveyResponse.held.is_(True))
        .values(held=False)
        .execution_options(synchronize_session=False)
    ).rowcount
    return released == len(response_ids)
