"""Errors and transactions are handled once, at the edge: a service's DomainError is shown next to the form (with
what was typed, nothing stored), its NotAllowedError is the same 404 as ``abort(404)`` wherever it is raised, and a
request that ends without committing leaves nothing behind. No view rolls back or catches NotAllowedError itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask import abort, request_tearing_down
from sqlalchemy import func, select

from survey_app.access import NotAllowedError
from survey_app.admin import services as admin_services
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import InterviewRound, Unit
from tests.helpers import post_form

SURVEY_APP = Path(__file__).resolve().parents[2] / "survey_app"
#: Areas whose views are owned elsewhere and not held to the rule here.
EXEMPT_AREAS = frozenset({"results", "api"})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _error_next_to(field: str, message: str, html: str) -> bool:
    return f'<p class="error-message" id="{field}-error">{message}</p>' in html


def _half_written(service):
    """``service``, after it has already added and flushed a unit of its own: work a refusal must undo."""

    def writing_first(*args, **kwargs):
        db.session.add(Unit(name="Halvfärdig", code="HALF-1"))
        db.session.flush()
        return service(*args, **kwargs)

    return writing_first


# A DomainError from a service: next to its field, what was typed kept, nothing stored.


def test_a_refused_unit_is_explained_next_to_its_field_and_nothing_is_stored(app, login, make, monkeypatch):
    monkeypatch.setattr(admin_services, "create_unit", _half_written(admin_services.create_unit))
    admin = login(app.test_client(), make.user("admin"))
    data = {"name": "Förskolan Lärkan", "code": "BUF-01", "parent_code": "NOPE-9", "headcount": "18"}
    response = post_form(admin, "/admin/units/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_next_to("parent_code", "There is no unit with the code NOPE-9.", html)
    assert all(f'value="{typed}"' in html for typed in ("Förskolan Lärkan", "BUF-01", "NOPE-9", "18"))
    assert _count(Unit) == 0


def test_a_refused_interview_round_is_explained_next_to_its_field_and_nothing_is_stored(app, login, make):
    make.unit("Hemtjänst Centrum", code="HT-C", headcount=31)
    hr = login(app.test_client(), make.user("hr"))
    data = {"unit_code": "HT-X", "title": "Chefsstöd våren", "language": "sv", "anonymity_threshold": "3"}
    response = post_form(hr, "/interviews/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_next_to("unit_code", "There is no unit with the code HT-X.", html)
    assert 'value="Chefsstöd våren"' in html and 'value="HT-X"' in html
    assert _count(InterviewRound) == 0


# NotAllowedError: the very answer abort(404) gives, wherever it is raised.


def _without_csrf_tokens(html: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*?value=")[^"]*', r"\1", html)


def _answer_when_the_view_raises(app, monkeypatch, endpoint: str, path: str, raising):
    def view(**_arguments):
        raising()

    monkeypatch.setitem(app.view_functions, endpoint, view)
    response = app.test_client().get(path)
    return response.status_code, response.mimetype, _without_csrf_tokens(response.get_data(as_text=True))


def _not_allowed():
    raise NotAllowedError


@pytest.mark.parametrize(
    "endpoint, path",
    [
        ("org.units", "/units/"),  # the site's own 404 page
        ("respond.landing", "/s/some-link"),  # the respondent's 404 page, of the respond blueprint
        ("api.rounds", "/api/v1/rounds"),  # JSON, from the API blueprint's handler
    ],
)
def test_not_allowed_raised_in_any_view_answers_exactly_as_abort_404(app, monkeypatch, endpoint, path):
    refused = _answer_when_the_view_raises(app, monkeypatch, endpoint, path, _not_allowed)
    not_found = _answer_when_the_view_raises(app, monkeypatch, endpoint, path, lambda: abort(404))
    assert refused[0] == 404
    assert refused == not_found


def test_not_allowed_from_a_service_is_a_404_page(app, login, make, monkeypatch):
    monkeypatch.setattr("survey_app.org.queries.visible_unit_rows", lambda _user: _not_allowed())
    client = login(app.test_client(), make.user("manager"))
    response = client.get("/units/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)


def test_not_allowed_after_a_write_is_a_404_and_nothing_is_stored(app, login, make, monkeypatch):
    monkeypatch.setattr(admin_services, "create_unit", _half_written(lambda *_args: _not_allowed()))
    admin = login(app.test_client(), make.user("admin"))
    data = {"name": "Förskolan Lärkan", "code": "BUF-01", "parent_code": "", "headcount": "18"}
    response = post_form(admin, "/admin/units/new", data)
    assert response.status_code == 404
    assert _count(Unit) == 0


# Whatever a request leaves uncommitted is rolled back when it ends.


def _raise_unexpected():
    raise RuntimeError("a bug in a view")


def _raise_domain_error():
    raise DomainError("refused")


@pytest.mark.parametrize("ending", ["a bug", "a domain error", "a normal answer"])
def test_work_a_view_leaves_uncommitted_is_rolled_back_when_its_request_ends(app, monkeypatch, ending):
    def view(**_arguments):
        db.session.add(Unit(name="Halvfärdig", code="HALF-1"))
        db.session.flush()
        {"a bug": _raise_unexpected, "a domain error": _raise_domain_error}.get(ending, lambda: None)()
        return "done, but nothing committed"

    open_at_teardown = []

    def at_teardown(_sender, **_extra):
        open_at_teardown.append(db.session().in_transaction())

    monkeypatch.setitem(app.view_functions, "org.units", view)
    with request_tearing_down.connected_to(at_teardown, app):
        if ending == "a bug":
            with pytest.raises(RuntimeError):  # testing: the 500 handler re-raises
                app.test_client().get("/units/")
        else:
            app.test_client().get("/units/")
    assert open_at_teardown == [False]
    assert _count(Unit) == 0


# The rule, for every view to come.


def _view_modules() -> list[Path]:
    return sorted(path for path in SURVEY_APP.glob("*/views.py") if path.parent.name not in EXEMPT_AREAS)


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Tuple):
        return set().union(*(_names(element) for element in node.elts))
    if isinstance(node, ast.Attribute):
        return {node.attr}
    return {node.id} if isinstance(node, ast.Name) else set()


def test_no_view_rolls_back_or_catches_not_allowed_itself():
    breaches = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "rollback":
                breaches.append(f"{path.parent.name}/views.py:{node.lineno} rolls back")
            if isinstance(node, ast.ExceptHandler) and "NotAllowedError" in _names(node.type):
                breaches.append(f"{path.parent.name}/views.py:{node.lineno} catches NotAllowedError")
    assert _view_modules(), "no views found"
    assert breaches == [], "map errors in errors.py and let the teardown roll back (forms.shown_on for forms)"
