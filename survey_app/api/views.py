"""``/api/v1``: read-only JSON for BI tools. Bearer tokens only (no cookies, no CSRF); errors are JSON too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from survey_app.access import unit_scope
from survey_app.api.openapi import OPENAPI
from survey_app.api.tokens import user_for_token
from survey_app.db import db, utcnow
from survey_app.extensions import csrf
from survey_app.models import Role, SurveyRound, Unit
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
        user = user_for_token(token.strip(), utcnow().date()) if scheme.lower() == "bearer" else None
        if user is None:
            abort(401)
        g.api_user = user
        return view(*args, **kwargs)

    wrapped.omtanke_roles = ALL_ROLES  # read by the access-matrix test
    return wrapped


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    messages = {401: "A valid bearer token is required.", 404: "Not found.", 405: "Method not allowed."}
    response = jsonify({"error": messages.get(error.code, error.name), "status": error.code})
    if error.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="omtanke"'
    return response, error.code


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.get("/rounds")
@token_required
def rounds():
    today = utcnow().date()
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
    found = round_results(survey, items=False).units
    scope = unit_scope(g.api_user)
    names = dict(db.session.execute(select(Unit.id, Unit.name)).all())
    units = [
        _unit_json(result, names.get(result.unit_id))
        for node, result in found.items()
        if node != ORGANISATION and (scope is None or node in scope)
    ]
    body = {
        "round": {"id": survey.id, "title": survey.title, "anonymity_threshold": survey.anonymity_threshold},
        "units": sorted(units, key=lambda unit: unit["code"]),
    }
    if scope is None:
        body["organisation"] = _unit_json(found[ORGANISATION], None)
    return jsonify(body)


def _unit_json(result, name: str | None) -> dict:
    hme = result.hme or {}
    return {
        "code": result.code,
        "parent_code": result.parent_code,
        "name": name,
        "responses": result.responses,
        "suppressed": result.suppressed,
        "index": None if result.suppressed else _rounded(hme.get("total")),
        "dimensions": None if result.suppressed else {k: _rounded(v) for k, v in hme.items() if k != "total"},
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
