"""``/api/v1``: read-only JSON for BI tools. Bearer tokens only (no cookies, no CSRF); errors are JSON too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from survey_app import clock
from survey_app.access import unit_scope
from survey_app.api.openapi import OPENAPI
from survey_app.api.tokens import user_for_token
from survey_app.db import db
from survey_app.errors import api_error
from survey_app.extensions import csrf
from survey_app.models import Role, RoundUnit, SurveyRound
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.services import round_results

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
ALL_ROLES = frozenset(role.value for role in Role)


def token_required(view: Callable) -> Callable:
    """Every API route: a valid bearer token, acting with its owner's role and unit scope."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = user_for_token(token.strip(), clock.today()) if scheme.lower() == "bearer" else None
        if user is None:
            abort(401)
        g.api_user = user
        return view(*args, **kwargs)

    wrapped.omtanke_roles = ALL_ROLES  # read by the access-matrix test
    return wrapped


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    return api_error(error)


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.get("/rounds")
@token_required
def rounds():
    today = clock.today()
    surveys = db.session.scalars(select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc()))
    return jsonify(
        [
            {
                "id": s.id,
                "title": s.title,
                "opens_on": s.opens_on.isoformat(),
                "closes_on": s.closes_on.isoformat(),
                "status": s.status_on(today),
                "anonymity_threshold": s.anonymity_threshold,
            }
            for s in surveys
        ]
    )


@bp.get("/rounds/<int:round_id>/results")
@token_required
def results(round_id: int):
    survey = db.session.get(SurveyRound, round_id)
    if survey is None:
        abort(404)
    scope = unit_scope(g.api_user)
    round_units = set(db.session.scalars(select(RoundUnit.unit_id).where(RoundUnit.round_id == round_id)))
    if scope is not None and not round_units & scope:
        abort(404)
    if survey.status_on(clock.today()) != "closed":
        abort(409)  # figures that move while people answer would let a reader single out one person's answers
    results = round_results(survey, items=False)
    figures = [key for key in results.figures() if key != "hme.total"]
    units = [
        _unit_json(result, results.names.get(result.unit_id), figures)
        for node, result in results.units.items()
        if node != ORGANISATION and (scope is None or node in scope) and (result.headcount or result.responses)
    ]
    body = {
        "round": {
            "id": survey.id,
            "title": survey.title,
            "anonymity_threshold": survey.anonymity_threshold,
            "dimensions": figures,
        },
        "units": sorted(units, key=lambda unit: unit["code"]),
    }
    if scope is None:
        body["organisation"] = _unit_json(results.units[ORGANISATION], None, figures)
    return jsonify(body)


def _unit_json(result, name: str | None, figures: list[str]) -> dict:
    return {
        "code": result.code,
        "parent_code": result.parent_code,
        "name": name,
        "headcount": result.headcount,
        "responses": result.responses,
        "response_rate": _rounded(result.response_rate),
        "suppressed": result.suppressed,
        "index": _rounded(result.score("hme.total")),
        "dimensions": None if result.suppressed else {key: _rounded(result.score(key)) for key in figures},
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
