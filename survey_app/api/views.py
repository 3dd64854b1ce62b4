"""``/api/v1``: JSON for BI tools (read) and for HR systems and nurse lines sending sick reports (``POST
/sick-reports``). Bearer tokens only (no cookies, no CSRF), each limited to its scopes (``api.scopes``); errors are
JSON too.

Rounds and results come through the same gate as the pages (``results.services.readable_rounds`` and ``results_for``),
acting as the token's owner: a round outside their units is not listed and is 404, a round that has not closed 409."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from functools import wraps

from flask import Blueprint, abort, g, jsonify, request
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.exceptions import Conflict, HTTPException

from survey_app import clock
from survey_app.access import NotAllowedError
from survey_app.api.openapi import OPENAPI
from survey_app.api.scopes import READ, SICK_REPORTS_WRITE, allows
from survey_app.api.tokens import token_for
from survey_app.db import db
from survey_app.errors import DomainError, api_error
from survey_app.extensions import csrf
from survey_app.models import Role, SickReport, SurveyRound, Unit
from survey_app.person.reports import ReportInput, report_sickness
from survey_app.results.figures import ORGANISATION
from survey_app.results.services import RoundNotClosedError, readable_rounds, results_for

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
ALL_ROLES = frozenset(role.value for role in Role)


def token_required(scope: str) -> Callable[[Callable], Callable]:
    """Every API route: a valid bearer token (else 401) holding ``scope`` (``api.scopes``; else 403 naming it),
    acting with its owner's role and unit scope."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            kind, _, bearer = header.partition(" ")
            token = token_for(bearer.strip(), clock.today()) if kind.lower() == "bearer" else None
            if token is None:
                abort(401)
            if not allows(token.scopes, scope):
                return _refused(403, f"This token lacks the scope {scope}.", missing_scope=scope)
            g.api_user = token.user
            return view(*args, **kwargs)

        wrapped.omtanke_roles = ALL_ROLES  # read by the access-matrix test
        wrapped.omtanke_scope = scope  # read by the OpenAPI document's test
        return wrapped

    return decorate


def _refused(status: int, message: str, **details):
    """An API refusal with more than the status says (which scope, which fields), in the errors' one JSON shape."""
    return jsonify({"error": message, "status": status, **details}), status


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
@token_required(READ)
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
@token_required(READ)
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


@bp.post("/sick-reports")
@token_required(SICK_REPORTS_WRITE)
def sick_reports():
    """A sick report from an HR system or a nurse line: exactly the fields of ``ReportInput``, nothing else (no
    diagnosis, no reason, no free text: an unknown field refuses the whole report). 201 with the report when it is
    new, 200 when the same employee and first day were reported before (the first report updated, never a second
    spell); 422 naming the field that is wrong; 403 outside the token owner's units (HR, or a manager's units)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _refused(400, "The body must be a JSON object.")
    unknown = sorted(str(name)[:64] for name in body if name not in REPORT_FIELDS)
    if unknown:
        message = f"Unknown fields: {', '.join(unknown[:20])}. Only {', '.join(REPORT_FIELDS)} are accepted."
        return _refused(422, message, unknown_fields=unknown[:20])
    data = _report_input(body)
    if not isinstance(data, ReportInput):
        return _refused(422, data[1], field=data[0])
    try:
        report, created = report_sickness(g.api_user, data, "api", clock.today())
    except DomainError as error:
        with force_locale("en"):  # the API's errors are English: programs read them
            message = str(error.message)
        return _refused(422, message, field=error.field)
    except NotAllowedError:
        return _refused(403, "The token's owner may not report sickness for this unit.", field="unit_code")
    return jsonify(_report_json(report)), 201 if created else 200


REPORT_FIELDS = tuple(field.name for field in fields(ReportInput))
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _report_input(body: Mapping) -> ReportInput | tuple[str, str]:
    """The body as a ``ReportInput``, or (field, problem) for the first field of the wrong type; the values
    themselves are checked by ``report_sickness``."""
    for name in ("employee_id", "unit_code", "first_day"):
        if not isinstance(body.get(name), str):
            return name, f"{name} is required, as a string."
    if not _ISO_DAY.fullmatch(body["first_day"]):
        return "first_day", "first_day must be a date such as 2026-03-14."
    try:
        first_day = date.fromisoformat(body["first_day"])
    except ValueError:
        return "first_day", "first_day must be a date such as 2026-03-14."
    expected, extent = body.get("expected_days"), body.get("extent", 100)
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        return "expected_days", "expected_days must be a whole number of days, or null."
    if isinstance(extent, bool) or not isinstance(extent, int):
        return "extent", "extent must be 100, 75, 50 or 25."
    return ReportInput(body["employee_id"], body["unit_code"], first_day, expected, extent)


def _report_json(report: SickReport) -> dict:
    """A report as the API answers it: the pseudonymous id, never a name."""
    return {
        "id": report.id,
        "employee_id": report.employee_id,
        "unit_code": report.unit.code,
        "first_day": report.first_day.isoformat(),
        "expected_days": report.expected_days,
        "extent": report.extent,
    }


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
