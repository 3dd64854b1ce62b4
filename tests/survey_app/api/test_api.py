"""The JSON API: bearer tokens, the caller's scope, the same suppressed figures as everywhere else."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from survey_app.api.commands import api_token_cli
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse
from survey_app.results.services import round_results
from tests.clock import TODAY


@pytest.fixture
def world(app, make):
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    today = TODAY
    survey = make.survey_round(
        None, sections=("hme/motivation",), opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=1)
    )
    for unit, count in ((big, 8), (small, 2), (other, 9)):
        for _ in range(count):
            response_id = secrets.token_hex(16)
            db.session.add(SurveyResponse(id=response_id, round_id=survey.id, unit_id=unit.id, submitted_on=TODAY))
            db.session.flush()
            for item, value in (("hme1", 4), ("hme2", 5), ("hme3", 3)):
                db.session.add(Answer(response_id=response_id, item_key=f"hme.{item}", position=0, value=value))
    db.session.commit()
    return {
        "survey": survey,
        "area": area,
        "other": other,
        "hr": make.user("hr", email="hr@example.org"),
        "manager": make.user("manager", units=(area,), email="chef@example.org"),
    }


def _token(app, email: str) -> str:
    result = app.test_cli_runner().invoke(api_token_cli, ["create", "--user", email, "--name", "BI"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def _get(client, path, token):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_hr_gets_every_unit_with_the_same_figures_as_the_query_layer(app, client, world):
    token = _token(app, "hr@example.org")
    rounds = _get(client, "/api/v1/rounds", token).get_json()
    assert [r["id"] for r in rounds] == [world["survey"].id] and rounds[0]["status"] == "closed"
    body = _get(client, f"/api/v1/rounds/{world['survey'].id}/results", token).get_json()
    by_code = {unit["code"]: unit for unit in body["units"]}
    assert set(by_code) == {"HT", "HT-1", "HT-2", "BUF-1"}
    expected = round_results(world["survey"]).units
    for result in expected.values():
        if result.code:
            shown = by_code[result.code]
            assert shown["suppressed"] == result.suppressed and shown["responses"] == result.responses
    assert by_code["HT-2"] == {
        "code": "HT-2",
        "parent_code": "HT",
        "name": "Nattpatrullen",
        "headcount": 10,
        "responses": None,
        "response_rate": None,
        "suppressed": True,
        "index": None,
        "dimensions": None,
    }
    assert by_code["BUF-1"]["dimensions"]["hme.motivation"] == 75.0 and by_code["BUF-1"]["responses"] == 9
    assert by_code["BUF-1"]["response_rate"] == 90.0 and by_code["BUF-1"]["index"] is None  # 3 of 9 HME items
    assert body["organisation"]["responses"] == 19


def test_a_manager_sees_only_their_units_and_no_organisation_total(app, client, world):
    body = _get(client, f"/api/v1/rounds/{world['survey'].id}/results", _token(app, "chef@example.org")).get_json()
    assert {unit["code"] for unit in body["units"]} == {"HT", "HT-1", "HT-2"}
    assert "organisation" not in body


def test_a_round_outside_the_callers_units_is_not_found_and_an_open_round_has_no_results_yet(app, client, make, world):
    elsewhere = make.unit("Biblioteket", code="BIB")
    outside = make.survey_round(elsewhere, sections=("hme/motivation",))
    chef = _token(app, "chef@example.org")
    assert _get(client, f"/api/v1/rounds/{outside.id}/results", chef).status_code == 404
    response = _get(client, f"/api/v1/rounds/{outside.id}/results", _token(app, "hr@example.org"))
    assert response.status_code == 409 and "closed" in response.get_json()["error"]


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic aHI6cHc=", "Bearer omt_" + "x" * 40])
def test_requests_without_a_valid_token_get_a_json_401(client, world, header):
    response = client.get("/api/v1/rounds", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(app, client, world):
    token = _token(app, "hr@example.org")
    assert _get(client, "/api/v1/rounds", token).status_code == 200
    from survey_app.models import ApiToken

    token_id = db.session.scalar(db.select(ApiToken.id))
    assert app.test_cli_runner().invoke(api_token_cli, ["revoke", str(token_id)]).exit_code == 0
    assert _get(client, "/api/v1/rounds", token).status_code == 401


def test_unknown_round_is_a_json_404_and_tokens_are_stored_as_hashes(app, client, world):
    token = _token(app, "hr@example.org")
    response = _get(client, "/api/v1/rounds/999/results", token)
    assert response.status_code == 404 and response.get_json() == {"error": "Not found.", "status": 404}
    from survey_app.models import ApiToken

    assert token not in db.session.scalar(db.select(ApiToken.token_hash))


def test_the_openapi_document_describes_both_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/rounds", "/rounds/{round_id}/results"} <= set(document["paths"])
