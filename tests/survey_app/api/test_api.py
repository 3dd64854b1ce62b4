"""The JSON API: bearer tokens, the caller's scope, the same suppressed figures as everywhere else."""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean

import pytest
from sqlalchemy import select

from survey_app.api.commands import api_token_cli
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse, Unit


def _get(client, path, token):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_hr_gets_every_unit_with_the_figures_worked_out_from_the_stored_answers(app, client, world, api_token):
    token = api_token("hr@example.org")
    rounds = _get(client, "/api/v1/rounds", token).get_json()
    assert [r["id"] for r in rounds] == [world["survey"].id] and rounds[0]["status"] == "closed"
    body = _get(client, f"/api/v1/rounds/{world['survey'].id}/results", token).get_json()
    by_code = {unit["code"]: unit for unit in body["units"]}
    assert set(by_code) == {"HT", "HT-1", "HT-2", "BUF-1"}
    # Worked out here, not by the code the API calls: an HME answer is (answer - 1) × 25 on 0-100, a person's
    # motivation the mean of their items, a group's the mean of its people's; Hemtjänst covers its two units.
    stored = db.session.execute(
        select(Unit.code, Answer.response_id, Answer.value)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .join(Unit, Unit.id == SurveyResponse.unit_id)
        .where(SurveyResponse.round_id == world["survey"].id)
    ).all()
    answers: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for code, response_id, value in stored:
        answers[code][response_id].append(value)
    people = {code: [fmean((v - 1) * 25 for v in person) for person in by_person.values()]
              for code, by_person in answers.items()}  # fmt: skip
    people["HT"] = people["HT-1"] + people["HT-2"]
    # The anonymity threshold by hand: a group with fewer responses is hidden; and Hemtjänst minus its visible
    # units must not leave fewer than that either, else its smallest visible unit is hidden as well.
    threshold = world["survey"].anonymity_threshold
    hidden = {code for code, scores in people.items() if len(scores) < threshold}
    rest = len(people["HT"]) - sum(len(people[code]) for code in ("HT-1", "HT-2") if code not in hidden)
    if 0 < rest < threshold:
        hidden.add(min((code for code in ("HT-1", "HT-2") if code not in hidden), key=lambda code: len(people[code])))
    assert hidden == {"HT-1", "HT-2"}
    for code, shown in by_code.items():
        if code in hidden:
            assert shown["suppressed"] and shown["responses"] is None and shown["dimensions"] is None, code
        else:
            assert not shown["suppressed"] and shown["responses"] == len(people[code]), code
            assert shown["dimensions"]["hme.motivation"] == pytest.approx(fmean(people[code])), code
    assert by_code["HT-2"] == {
        "code": "HT-2",
        "parent_code": "HT",
        "moved_since_close": False,
        "parent_code_now": "HT",
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


def test_varied_answers_give_the_means_worked_out_by_hand(app, client, make, api_token):
    """Different people answering differently, so that a mean taken over the wrong group or scale cannot pass."""
    left, right = make.unit("Kost", code="K"), make.unit("Lokalvård", code="L")
    survey = make.closed_round(None, sections=("hme/motivation",), days=(20, 1))
    people = {
        left: [(5, 5, 4), (4, 4, 4), (3, 4, 5), (5, 4, 5), (2, 3, 4), (4, 5, 5)],
        right: [(1, 2, 2), (3, 3, 2), (2, 2, 1), (4, 3, 3), (2, 1, 3), (3, 2, 2), (1, 1, 2)],
    }
    for unit, answers in people.items():
        for one, two, three in answers:
            make.response(survey, unit, {"hme.hme1": one, "hme.hme2": two, "hme.hme3": three})
    make.user("hr", email="hr@example.org")
    body = _get(client, f"/api/v1/rounds/{survey.id}/results", api_token("hr@example.org")).get_json()
    by_code = {unit["code"]: unit for unit in body["units"]}
    # By hand: an answer 1-5 is (answer - 1) × 25 on 0-100, a person's motivation the mean of their three answers,
    # a group's the mean of its people's.
    expected = {unit.code: fmean(fmean((v - 1) * 25 for v in person) for person in answers)
                for unit, answers in people.items()}  # fmt: skip
    assert expected["K"] != expected["L"]
    for code, mean in expected.items():
        assert by_code[code]["responses"] == len(people[left if code == "K" else right])
        assert by_code[code]["dimensions"]["hme.motivation"] == pytest.approx(mean, abs=0.05), code
    everyone = [fmean((v - 1) * 25 for v in person) for answers in people.values() for person in answers]
    assert body["organisation"]["dimensions"]["hme.motivation"] == pytest.approx(fmean(everyone), abs=0.05)


def test_a_manager_sees_only_their_units_and_no_organisation_total(app, client, world, api_token):
    body = _get(client, f"/api/v1/rounds/{world['survey'].id}/results", api_token("chef@example.org")).get_json()
    assert {unit["code"] for unit in body["units"]} == {"HT", "HT-1", "HT-2"}
    assert "organisation" not in body


def test_a_round_outside_the_callers_units_is_not_found_and_an_open_round_has_no_results_yet(
    app, client, make, world, api_token
):
    elsewhere = make.unit("Biblioteket", code="BIB")
    outside = make.survey_round(elsewhere, sections=("hme/motivation",))
    chef = api_token("chef@example.org")
    assert _get(client, f"/api/v1/rounds/{outside.id}/results", chef).status_code == 404
    response = _get(client, f"/api/v1/rounds/{outside.id}/results", api_token("hr@example.org"))
    assert response.status_code == 409 and "closed" in response.get_json()["error"]


def test_the_round_list_names_only_rounds_touching_the_callers_units(app, client, make, world, api_token):
    """Issue 19, finding 9: a manager's token listed every round, with its title and dates, of every unit."""
    library = make.survey_round(make.unit("Biblioteket", code="BIB"), sections=("hme/motivation",), title="Bibliotek")
    preschool = make.closed_round(world["other"], sections=("hme/motivation",), title="Solrosen")
    night = make.survey_round(world["area"], sections=("hme/motivation",), title="Hemtjänst")
    listed = {r["id"] for r in _get(client, "/api/v1/rounds", api_token("chef@example.org")).get_json()}
    assert listed == {world["survey"].id, night.id}
    everything = {r["id"] for r in _get(client, "/api/v1/rounds", api_token("hr@example.org")).get_json()}
    assert everything == {world["survey"].id, night.id, library.id, preschool.id}


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic aHI6cHc=", "Bearer omt_" + "x" * 40])
def test_requests_without_a_valid_token_get_a_json_401(client, world, header):
    response = client.get("/api/v1/rounds", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(app, client, world, api_token):
    token = api_token("hr@example.org")
    assert _get(client, "/api/v1/rounds", token).status_code == 200
    from survey_app.models import ApiToken

    token_id = db.session.scalar(db.select(ApiToken.id))
    assert app.test_cli_runner().invoke(api_token_cli, ["revoke", str(token_id)]).exit_code == 0
    assert _get(client, "/api/v1/rounds", token).status_code == 401


def test_unknown_round_is_a_json_404_and_tokens_are_stored_as_hashes(app, client, world, api_token):
    token = api_token("hr@example.org")
    response = _get(client, "/api/v1/rounds/999/results", token)
    assert response.status_code == 404 and response.get_json() == {"error": "Not found.", "status": 404}
    from survey_app.models import ApiToken

    assert token not in db.session.scalar(db.select(ApiToken.token_hash))


def test_the_openapi_document_describes_both_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/rounds", "/rounds/{round_id}/results"} <= set(document["paths"])


def test_the_round_list_gives_each_rounds_title_in_every_offered_language_and_leaves_drafts_out(
    client, make, world, api_token
):
    titles = {"sv": "Hemtjänstens enkät", "fi": "Kotipalvelun kysely"}
    night = make.survey_round(world["area"], sections=("hme/motivation",), title=titles["sv"], titles=titles)
    draft = make.survey_round(world["area"], sections=("hme/motivation",), title="Utkast", draft=True)
    listed = {r["id"]: r for r in _get(client, "/api/v1/rounds", api_token("hr@example.org")).get_json()}
    assert listed[night.id]["titles"] == titles and draft.id not in listed
