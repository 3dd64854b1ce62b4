"""The export registry: every kind it holds is offered by ``omtanke export``, by the job runner and by a download
route, under one file name; a kind registered anywhere is offered by all three with no wiring of its own, and a
name it does not hold is refused by all three."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from flask_babel import force_locale
from pptx import Presentation

from exports.workbook import Column, Sheet, Table, write_workbook
from interventions.interviews import default_guide, guide_to_json
from survey_app.access import ANY_ROLE
from survey_app.db import db
from survey_app.downloads import MIMETYPES
from survey_app.exporting import kinds
from survey_app.exporting.commands import export_command
from survey_app.exporting.kinds import ExportKind, UnknownExportKindError, export_kind, export_kinds, register
from survey_app.jobs import services
from survey_app.jobs.runner import execute
from survey_app.models import InterviewRound, Job
from tests.clock import TODAY
from tests.survey_app.jobs.flow import begin, download, sheets, wait_for

#: Every kind the areas register: what the web pages, the jobs and the command offered before the registry, and the
#: interview meetings' decks (issue 24), which are .pptx files.
AREA_KINDS = {
    "absence", "comments", "deck_managers", "deck_work_group", "indicators", "interviews", "plans", "programme",
    "results",
}  # fmt: skip


@pytest.fixture(autouse=True)
def eager(app):
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=True)


@pytest.fixture
def world(make):
    home = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    survey = make.survey_round(home, opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=2))
    interview = InterviewRound(
        unit=home, title="Chefsstöd", language="sv", guide=guide_to_json(default_guide("sv")), staff_count=10
    )
    db.session.add(interview)
    db.session.commit()
    rounds = {"survey": survey.id, "interview": interview.id}
    return {"home": home, "rounds": rounds, "hr": make.user("hr", locale="en"), "ohs": make.user("ohs", units=(home,))}


@pytest.fixture
def test_kind(monkeypatch):
    """A kind of a survey round, by unit and by day or week, registered for this test only; it writes what it was
    asked for."""

    def write(actor, parameters, target, today, on_sheet):
        asked = (actor.email, parameters.of_round.title, parameters.unit, parameters.period, today.isoformat())
        table = Table([Column(heading) for heading in ("As", "Round", "Unit", "Period", "Day")], [asked])
        return write_workbook(target, [Sheet("Asked", [table])], on_sheet=on_sheet)

    monkeypatch.setattr(kinds, "_registered", dict(kinds._registered))  # the registry as it was, after the test
    kind = ExportKind(
        name="asked", label="What was asked", file_word="asked", roles=ANY_ROLE, write=write,
        round_kind="survey", periods=("week", "day"),
    )  # fmt: skip
    return register(kind)


def _slides(data: bytes) -> list[list[str]]:
    """A deck's text, slide by slide: what a reader sees, not the zip's bytes."""
    deck = Presentation(io.BytesIO(data))
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]


def _filename(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.fullmatch(r'attachment; filename="?([^";]+)"?', response.headers["Content-Disposition"]).group(1)


def _offered_everywhere(app, client, world, kind: ExportKind, tmp_path, **values) -> dict:
    """Run ``kind`` as HR by the command, as a job and by the registry's download route; the three files' sheets
    and the two file names."""
    hr, home = world["hr"], world["home"]
    if kind.round_kind:
        values["round_id"] = world["rounds"][kind.round_kind]
    if kind.by_unit:
        values["unit"] = home.id
    assert kind.name in export_command.params[0].type.choices
    output = tmp_path / f"{kind.name}.{kind.suffix}"
    arguments = [kind.name, "--output", str(output), "--as", hr.email]
    arguments += ["--round", str(values["round_id"])] if kind.round_kind else []
    arguments += ["--unit", home.code] if kind.by_unit else []
    done = app.test_cli_runner().invoke(export_command, arguments)
    assert done.exit_code == 0 and f"Wrote {output}" in done.output, done.output
    job_id = begin(hr, kind.name, **values)
    status = wait_for(client, job_id)
    assert status["status"] == "done", (kind.name, status)
    with force_locale("en"):
        assert str(kind.label) in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    route = f"/exports/{kind.name}.{kind.suffix}?{urlencode(values)}"
    mimetype = MIMETYPES[kind.suffix]
    files = [output.read_bytes(), download(client, status["download"], mimetype), download(client, route, mimetype)]
    return {
        "sheets": [sheets(data) if kind.suffix == "xlsx" else _slides(data) for data in files],
        "names": [_filename(client.get(status["download"])), _filename(client.get(route))],
        "expected": kind.filename(kind.parameters(values), TODAY),
    }


def test_every_kind_the_areas_register_is_offered_by_the_command_the_job_runner_and_a_download_route(
    app, client, login, world, tmp_path
):
    login(client, world["hr"])
    assert {kind.name for kind in export_kinds()} == AREA_KINDS
    for kind in export_kinds():
        found = _offered_everywhere(app, client, world, kind, tmp_path)
        assert found["names"] == [found["expected"]] * 2, kind.name
        assert found["expected"].startswith(f"omtanke-{kind.file_word}-") and TODAY.isoformat() in found["expected"]
        assert found["sheets"][0] == found["sheets"][1] == found["sheets"][2], kind.name


def test_a_kind_registered_anywhere_is_offered_by_all_three_with_no_wiring_of_its_own(
    app, client, login, world, tmp_path, test_kind
):
    login(client, world["hr"])
    found = _offered_everywhere(app, client, world, test_kind, tmp_path)
    survey = world["rounds"]["survey"]
    assert found["names"] == [f"omtanke-asked-round-{survey}-medarbetarenkat-unit-ht-c-by-week-{TODAY}.xlsx"] * 2
    asked = (world["hr"].email, "Medarbetarenkät", str(world["home"].id), "week", TODAY.isoformat())  # text columns
    assert found["sheets"] == [{"Asked": [("As", "Round", "Unit", "Period", "Day"), asked]}] * 3
    by_day = client.get(f"/exports/asked.xlsx?round_id={survey}&period=day")
    assert _filename(by_day) == f"omtanke-asked-round-{survey}-medarbetarenkat-by-day-{TODAY}.xlsx"


def test_a_name_the_registry_does_not_hold_is_refused_by_all_three(app, client, login, world, tmp_path):
    output = tmp_path / "nothing.xlsx"
    refused = app.test_cli_runner().invoke(export_command, ["nothing", "--output", str(output)])
    assert refused.exit_code == 2 and "Invalid value" in refused.output and not output.exists()
    with pytest.raises(UnknownExportKindError):
        services.start_export(world["hr"], "nothing", "en")
    with pytest.raises(UnknownExportKindError):
        export_kind("nothing")
    login(client, world["hr"])
    assert client.get("/exports/nothing.xlsx").status_code == 404
    # A job recorded for a kind no longer offered fails, and its page names it as it was recorded.
    db.session.add(Job(id="d" * 32, kind="nothing", owner_id=world["hr"].id, parameters={"today": str(TODAY)}))
    db.session.commit()
    execute(app, "d" * 32)
    assert wait_for(client, "d" * 32)["error"] == "failed"
    assert "nothing" in client.get(f"/jobs/{'d' * 32}").get_data(as_text=True)


def test_a_role_the_kind_is_not_for_is_refused_by_all_three_and_by_the_areas_route(app, client, login, world, tmp_path):
    ohs = world["ohs"]
    assert "ohs" not in export_kind("absence").roles
    output = tmp_path / "absence.xlsx"
    refused = app.test_cli_runner().invoke(export_command, ["absence", "--output", str(output), "--as", ohs.email])
    assert refused.exit_code == 1 and "may not export" in refused.output and not output.exists()
    login(client, ohs)
    status = wait_for(client, begin(ohs, "absence"))
    assert status["status"] == "failed" and status["error"] == "refused"
    assert client.get("/exports/absence.xlsx").status_code == 404
    assert client.get("/absence/export.xlsx").status_code == 403  # the area's route is guarded by the kind's roles


def test_a_name_is_registered_once(test_kind):
    with pytest.raises(ValueError, match="registered twice"):
        register(test_kind)


def test_the_command_offers_every_area_kind_in_a_process_of_its_own(tmp_path):
    """``omtanke export`` builds the app as an RQ worker does: every area has registered its kinds by then."""
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-c", "from survey_app.cli import main; main()", "export", "--help"]
    usage = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    assert "{" + "|".join(sorted(AREA_KINDS)) + "}" in "".join(usage.split())  # click wraps a long usage line
