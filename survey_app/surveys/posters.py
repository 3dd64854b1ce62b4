"""Pages that get staff to answer: a manager's response rates, a workplace's poster and a pack of posters for an area.

HR, administrators and managers, each within their unit scope (out of it: 404). The poster is printed on A4 in the
round's languages (``static/css/posters.css``); the rules and their queries are in ``outreach.py``.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from survey_app import clock
from survey_app.access import roles_required
from survey_app.db import db
from survey_app.models import Role, SurveyRound
from survey_app.surveys import held, outreach

bp = Blueprint("posters", __name__, url_prefix="/surveys", template_folder="templates")
reaching_staff = roles_required(Role.HR, Role.ADMIN, Role.MANAGER)


@bp.get("/answering")
@reaching_staff
def answering():
    """The rounds that reach the reader's units, with each workplace's answers so far, its headcount and share, and
    its poster (managers; HR and administrators see every workplace)."""
    return render_template(
        "surveys/answering.html",
        rounds=outreach.rounds_in_reach(current_user, clock.today()),
        own_units=outreach.own_units(current_user),
        link_open=held.link_open,
    )


@bp.get("/<int:round_id>/units/<int:unit_id>/poster")
@reaching_staff
def poster(round_id: int, unit_id: int):
    """A workplace's poster to print on A4: QR code, short code and address, in the round's languages."""
    survey = db.get_or_404(SurveyRound, round_id)
    round_unit = outreach.round_unit_in_scope(current_user, survey, unit_id)
    return render_template(
        "surveys/poster.html",
        survey=survey,
        poster=outreach.poster_for(round_unit),
        texts=outreach.poster_texts(survey),
        link_open=held.link_open(round_unit),
    )


@bp.get("/<int:round_id>/posters")
@reaching_staff
def pack(round_id: int):
    """Every poster of the workplaces below the unit picked (``?unit=``), one per A4 page; without one, the picker."""
    survey = db.get_or_404(SurveyRound, round_id)
    choices = outreach.area_choices(current_user, survey)
    unit_id = request.args.get("unit", type=int)
    if unit_id is None and len(choices) == 1:
        return redirect(url_for(".pack", round_id=round_id, unit=choices[0].unit.id))
    area, posters, codes_only = outreach.area_pack(current_user, survey, unit_id) if unit_id else (None, [], [])
    return render_template(
        "surveys/pack.html",
        survey=survey,
        choices=choices,
        area=area,
        posters=posters,
        codes_only=codes_only,
        texts=outreach.poster_texts(survey),
    )
