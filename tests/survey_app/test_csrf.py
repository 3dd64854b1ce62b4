"""Every form route refuses a POST without a valid CSRF token, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import (
    AccessCode,
    ActionProposal,
    AuditEvent,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    Unit,
    User,
)
from tests.clock import TODAY

#: Survey answer routes use a draft cookie (SameSite=Lax) plus the draft id in the form instead of an expiring
#: CSRF token, so a respondent who pauses for hours never loses answers; tested in tests/survey_app/respond. The
#: short address (``short.``) only looks a code up: it writes nothing and needs no session. The API (``api.``) takes
#: a bearer token in a header, which a browser never sends on its own, never a cookie: without one it answers 401
#: (tests/survey_app/api/test_sick_reports.py).
CSRF_EXEMPT_PREFIX = ("respond.", "short.", "api.")


def _post_routes(app):
    return sorted(
        (rule.endpoint, rule)
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.endpoint.startswith(CSRF_EXEMPT_PREFIX)
    )


def _counts():
    models = (Unit, User, AuditEvent, AccessCode, InterviewRound, InterviewSession, InterviewNote, ActionProposal)
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in models)


def test_every_post_route_without_token_is_refused(app, login, make):
    unit = make.unit("Köket Ängen", code="K1")
    survey = make.survey_round(unit)
    admin = make.user("admin")
    client = login(app.test_client(), admin)
    values = {"unit_id": unit.id, "user_id": admin.id, "action": "deactivate", "round_id": survey.id}
    values |= {"session_id": 1, "note_id": 1, "finding_id": 1, "reflection_id": 1, "case_id": 1, "step_id": 1}
    values |= {"event_id": 1}
    values |= {"mail_id": 1}
    values |= {"token": "a-password-reset-link-token"}
    values |= {"employee_id": "E-1", "task_kind": "se_call", "anchor": TODAY.isoformat()}
    values |= {"person_case_id": 1, "participant_id": 1}
    values |= {"person_step_id": 1}
    before = _counts()
    checked = 0
    for endpoint, rule in _post_routes(app):
        url = rule.build({arg: values[arg] for arg in rule.arguments})[1]
        response = client.post(
            url, data={"name": "Ny", "code": "NY", "headcount": "3", "locale": "fi", "password": "ett nytt lösenord"}
        )
        assert response.status_code == 400, endpoint
        assert "The form had expired" in response.get_data(as_text=True)
        checked += 1
    assert checked >= 8
    assert _counts() == before
    assert db.session.get(Unit, unit.id).active


def test_a_forged_token_is_refused(client, make):
    user = make.user("hr")
    response = client.post("/login", data={"email": user.email, "password": "x", "csrf_token": "forged"})
    assert response.status_code == 400


@pytest.mark.parametrize("lang, text", [("sv", "Formuläret"), ("fi", "Lomake")])
def test_csrf_error_page_is_translated(client, lang, text):
    response = client.post("/login", data={}, headers={"Accept-Language": lang})
    assert response.status_code == 400
    assert text in response.get_data(as_text=True)
