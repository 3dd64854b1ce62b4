"""``/api/v1``: read-only JSON for BI tools. Bearer tokens only (no cookies, no CSRF); errors are JSON too.

Rounds and results come through the same gate as the pages (``results.services.readable_rounds`` and ``results_for``),
acting as the token's owner: a round outside their units is not listed and is 404, a round that has not closed 409."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import Conflict, HTTPException

from survey_app import clock
from survey_app.api.openapi import OPENAPI
from survey_app.api.tokens import user_for_token
from survey_app.db import db
from survey_app.errors import api_error
from survey_app.extensions import csrf
from survey_app.models import Role, SurveyRound, Unit
from survey_app.results.figures import ORGANISATION
from survey_app.results.services import RoundNotClosedError, readable_rounds, results_for

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
    """Every HTTP error of the API as JSON, never a page."""
    return api_error(error)


@bp.errorhandler(RoundNotClosedError)
def not_closed(_refusal: RoundNotClosedError):
    """Figures that move while people answer would let a reader single out one person's answers: 409 until then."""
    return api_error(Conflict())


@bp.get("/openapi.json")
def openapi():
    """The API's OpenAPI description (anyone, no token)."""
    return jsonify(OPENAPI)


@bp.get("/rounds")
@token_required
def rounds():
    """The rounds the token's owner may open (``readable_rounds``: every round for admin and HR, else those touching
    their units), newest first, with dates, status and anonymity threshold (any valid token)."""
    today = clock.today()
    surveys = readable_rounds(g.api_user)
    return jsonify(
        [
            {
                "id": s.id,
                "title": s.title,
                "titles": s.titles or {s.languages[0]: s.title},
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
    """A closed round's figures for every unit in the token owner's scope, small groups suppressed, and the
    whole organisation's for admin and HR (any valid token)."""
    survey = db.session.get(SurveyRound, round_id)
    if survey is None:
        abort(404)
    readable = results_for(g.api_user, survey, clock.today(), items=False)
    results, scope = readable.results, readable.scope
    figures = [key for key in results.figures() if key != "hme.total"]
    parents_now = _codes({parent for parent in results.moved.values() if parent is not None})
    units = [
        _unit_json(result, results.names.get(result.unit_id), figures, results.moved, parents_now)
        for node, result in results.units.items()
        if node != ORGANISATION and (scope is None or node in scope) and (result.headcount or result.responses)
    ]
    body = {
        "round": {
            "id": survey.id,
            "title": survey.title,
            "titles": survey.titles or {survey.languages[0]: survey.title},
            "anonymity_threshold": readable.thresholds.anonymity,
            "dimensions": figures,
        },
        "units": sorted(units, key=lambda unit: unit["code"]),
    }
    if scope is None:
        body["organisation"] = _unit_json(results.units[ORGANISATION], None, figures)
    return jsonify(body)


def _codes(unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    return {
        unit_id: code for unit_id, code in db.session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids)))
    }


def _unit_json(
    result,
    name: str | None,
    figures: list[str],
    moved: Mapping[int, int | None] | None = None,
    parents_now: Mapping[int, str] | None = None,
) -> dict:
    """A unit's figures as the round's tree placed it (``parent_code``), and whether it has moved since."""
    moved, parents_now = moved or {}, parents_now or {}
    since = result.unit_id in moved
    return {
        "code": result.code,
        "parent_code": result.parent_code,
        "moved_since_close": since,
        "parent_code_now": parents_now.get(moved[result.unit_id]) if since else result.parent_code,
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
