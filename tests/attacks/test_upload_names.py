"""Upload names are labels, never paths: a file called ``../../x.csv`` or ``<script>….csv`` is imported like any
other, nothing is written outside the uploads folder, and its name comes back escaped."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import AbsenceImport
from tests.factories import OTHER_SPELLS, REPEATED_SPELLS, spells_csv
from tests.helpers import form_token

NAMES = ["../../../../tmp/omtanke-escape.csv", "..\\..\\omtanke-escape.csv", '<script>omtankeXss(9)</script>".csv',
         "/etc/passwd.csv", "C:\\Windows\\win.ini.csv", "spells\x00.csv.exe"]  # fmt: skip


@pytest.fixture
def workplaces(make):
    """The units the spells file names."""
    home = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    return home, make.unit("Ängsskolan", code="BUF-1", headcount=20)


@pytest.mark.attack
@pytest.mark.parametrize("name", NAMES)
def test_a_path_like_upload_name_is_only_a_label(app, client, login, make, workplaces, name):
    login(client, make.user("hr"))
    before = {path for path in Path(app.instance_path).parent.rglob("*omtanke-escape*")}
    data = {"csrf_token": form_token(client, "/absence/import"), "action": "preview",
            "spells": (io.BytesIO(spells_csv(REPEATED_SPELLS + OTHER_SPELLS)), name)}  # fmt: skip
    preview = client.post("/absence/import", data=data, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<script>omtankeXss" not in page
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    assert re.fullmatch(r"[A-Za-z0-9_-]+", fields["spells_token"])  # the stash is named by us, not by the upload
    fields["action"] = "import"
    done = client.post("/absence/import", data=fields, follow_redirects=True)
    assert done.status_code == 200 and "<script>omtankeXss" not in done.get_data(as_text=True)
    stored = db.session.scalar(select(AbsenceImport.filename))
    assert stored and "\x00" not in stored
    uploads = Path(app.instance_path) / "uploads"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", path.name) for path in uploads.iterdir()) if uploads.exists() else True
    assert {path for path in Path(app.instance_path).parent.rglob("*omtanke-escape*")} == before
    assert not Path("/tmp/omtanke-escape.csv").exists()  # noqa: S108 - where the first name points
