"""``omtanke export``: each kind writes a workbook a spreadsheet program opens, as the named user."""

from __future__ import annotations

import pytest

from survey_app.exporting.commands import export_command
from tests.spreadsheet import sheets_as_csv


@pytest.fixture
def world(make):
    home = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    make.unit("Ängsskolan", code="BUF-1", headcount=20)
    return {"home": home, "hr": make.user("hr"), "manager": make.user("manager", units=(home,))}


@pytest.mark.parametrize("kind", ["plans", "indicators", "absence"])
def test_each_kind_writes_a_workbook_libreoffice_opens(app, world, tmp_path, kind):
    output = tmp_path / f"{kind}.xlsx"
    done = app.test_cli_runner().invoke(export_command, [kind, "--output", str(output), "--lang", "fi"])
    assert done.exit_code == 0, done.output
    assert f"Wrote {output}" in done.output
    assert sheets_as_csv(output)  # every sheet converts


def test_what_the_named_user_may_not_see_is_refused_and_no_file_is_left(app, world, tmp_path):
    output = tmp_path / "absence.xlsx"
    args = ["absence", "--output", str(output), "--as", world["manager"].email, "--unit", "BUF-1"]
    refused = app.test_cli_runner().invoke(export_command, args)  # a manager's absence export: their own units only
    assert refused.exit_code != 0 and "may not export" in refused.output and not output.exists()
    missing = app.test_cli_runner().invoke(export_command, ["results", "--output", str(output), "--round", "999"])
    assert missing.exit_code != 0 and "existing survey round" in missing.output and not output.exists()
    unknown = app.test_cli_runner().invoke(export_command, ["plans", "--output", str(output), "--as", "nobody@x"])
    assert unknown.exit_code != 0 and "no active user" in unknown.output
