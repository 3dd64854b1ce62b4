"""`omtanke rounds …` for scripting: every command answers in JSON with --json."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode
from survey_app.surveys.commands import rounds_cli
from tests.clock import TODAY


@pytest.fixture
def survey(app, make):
    app.config["OMTANKE_BASE_URL"] = "https://omtanke.exempelby.se"
    area = make.unit("Hemtjänst", code="HT")
    make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=20)
    make.unit("Hemtjänst Söder", parent=area, code="HT-2", headcount=0)
    return make.survey_round(area)


def _json(app, *args):
    result = app.test_cli_runner().invoke(rounds_cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_list_shows_each_round_with_status_and_responses(app, survey):
    [row] = _json(app, "list")
    assert row["id"] == survey.id and row["status"] == "open" and row["responses"] == 0 and row["units"] == 2


def test_links_give_the_full_answer_address_per_unit(app, survey):
    rows = _json(app, "links", str(survey.id))
    assert [row["unit_code"] for row in rows] == ["HT-1", "HT-2"]
    assert rows[0]["url"].startswith("https://omtanke.exempelby.se/s/") and len(rows[0]["url"]) > 45


def test_codes_are_printed_once_and_stored_as_hashes(app, survey):
    data = _json(app, "codes", str(survey.id), "--unit", "HT-1", "--count", "7")
    assert len(set(data["codes"])) == 7 and data["answer_url"] == "https://omtanke.exempelby.se/s/code"
    assert db.session.scalar(select(func.count()).select_from(AccessCode)) == 7


def test_status_gives_responses_and_rate_per_unit(app, survey):
    data = _json(app, "status", str(survey.id))
    assert data["responses"] == 0
    assert data["units"][0] == {
        "unit_code": "HT-1",
        "unit_name": "Hemtjänst Norr",
        "headcount": 20,
        "responses": 0,
        "held": 0,
        "rate": 0.0,
    }
    assert data["units"][1]["rate"] is None  # no headcount, no rate


def test_errors_are_clear_and_exit_non_zero(app, survey):
    runner = app.test_cli_runner()
    assert "There is no survey round 999" in runner.invoke(rounds_cli, ["status", "999"]).output
    result = runner.invoke(rounds_cli, ["codes", str(survey.id), "--unit", "XX", "--count", "2"])
    assert result.exit_code != 0 and "does not take part" in result.output
    result = runner.invoke(rounds_cli, ["codes", str(survey.id), "--unit", "HT-1", "--count", "0"])
    assert result.exit_code != 0


def test_purge_drafts_deletes_only_unfinished_answers_of_closed_rounds(app, make):
    from datetime import timedelta

    from survey_app.models import ResponseDraft
    from survey_app.respond.services import start_draft

    today = TODAY
    open_round = make.survey_round(make.unit(code="OPEN"))
    old_round = make.survey_round(
        make.unit(code="OLD"), opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    keep = start_draft(open_round.units[0], "sv", today).id
    start_draft(old_round.units[0], "sv", today - timedelta(days=5))
    result = app.test_cli_runner().invoke(rounds_cli, ["purge-drafts"])
    assert "Deleted 1 unfinished" in result.output
    assert db.session.scalars(select(ResponseDraft.id)).all() == [keep]


def test_a_draft_is_opened_and_extended_from_the_command_line(app, make):
    area = make.unit("Hemtjänst", code="HT")
    draft = make.survey_round(area, draft=True)
    runner = app.test_cli_runner()
    assert _json(app, "list")[0]["status"] == "draft"
    opened = runner.invoke(rounds_cli, ["open", str(draft.id)])
    assert opened.exit_code == 0 and "is open" in opened.output
    later = (TODAY + timedelta(days=30)).isoformat()
    assert runner.invoke(rounds_cli, ["extend", str(draft.id), "--closes-on", later]).exit_code == 0
    assert _json(app, "list")[0]["closes_on"] == later
    again = runner.invoke(rounds_cli, ["open", str(draft.id)])
    assert again.exit_code != 0 and "already open" in again.output
