"""Schemathesis against the OpenAPI document: every operation, with generated paths, parameters and headers, answers
as the document says (status codes, content type, body schema) and never with a server error — as HR, who sees
every unit, and as a manager, whose other units must answer 404 like missing ones; and as an HR system whose token
only sends sick reports (every GET 403, generated reports stored or refused as the document says)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from survey_app.api.openapi import OPENAPI

#: Loaded from the very document the app serves at /api/v1/openapi.json; each test points it at the test's app.
schema = schemathesis.openapi.from_dict(OPENAPI)


def _call(app, case, headers: dict):
    """Send the generated request straight into the test's app (Werkzeug's client, no network)."""
    return WSGI_TRANSPORT.send(case, session=app.test_client(), app=app, headers=headers)


#: Schemathesis's checks of one response against the document. Its checks that send requests of their own (other
#: methods, no token) go over the network; those two properties are tested below, in-process.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]  # fmt: skip


def _validate(app, case, headers: dict) -> None:
    case.validate_response(_call(app, case, headers), headers=headers, checks=CHECKS)


@pytest.fixture
def hr_bearer(app, api_world, api_token):
    return {"Authorization": f"Bearer {api_token('hr@example.org')}"}


@pytest.fixture
def manager_bearer(app, api_world, api_token):
    return {"Authorization": f"Bearer {api_token('chef@example.org')}"}


@pytest.fixture
def hr_reporter_bearer(app, api_world):
    """HR's token for an HR system: sends sick reports (sick-reports:write), reads nothing."""
    from survey_app.api.commands import api_token_cli

    arguments = ["create", "--user", "hr@example.org", "--scope", "sick-reports:write"]
    return {"Authorization": f"Bearer {app.test_cli_runner().invoke(api_token_cli, arguments).output.strip()}"}


@pytest.mark.attack
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_keeps_its_contract_for_hr(app, case, hr_bearer):
    _validate(app, case, hr_bearer)


@pytest.mark.attack
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_keeps_its_contract_for_a_manager(app, case, manager_bearer):
    _validate(app, case, manager_bearer)


@pytest.mark.attack
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_keeps_its_contract_for_an_hr_systems_reporting_token(app, case, hr_reporter_bearer):
    _validate(app, case, hr_reporter_bearer)


@pytest.mark.attack
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_refuses_a_missing_or_forged_token(app, case, api_world):
    for headers in ({}, {"Authorization": "Bearer forged-token-0000"}):
        response = _call(app, case, headers)
        if case.path == "/openapi.json":
            continue
        # Generated cases also try other methods: OPTIONS lists the allowed ones and returns nothing else.
        declared = {method.upper() for method in OPENAPI["paths"][case.path]}
        expected = {"HEAD": 401 if "GET" in declared else 405, "OPTIONS": 200}.get(case.method.upper())
        expected = expected or (401 if case.method.upper() in declared else 405)
        routable = all(str(v).isdigit() and int(v) < 2**31 for v in (case.path_parameters or {}).values())
        if not routable:
            expected = 404  # no such address at all: nothing is checked, nothing is revealed
        assert response.status_code == expected, (case.method, case.path, response.status_code)
        assert response.status_code == 401 or not response.content or b"error" in response.content


@pytest.mark.attack
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_undeclared_methods_answer_405_in_json_with_allow(app, client, api_world, method, api_token):
    token = api_token("hr@example.org")
    for path in ("/api/v1/rounds", f"/api/v1/rounds/{api_world['survey'].id}/results"):
        response = client.open(path, method=method, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 405 and "GET" in response.headers["Allow"]
        assert response.get_json()["status"] == 405
