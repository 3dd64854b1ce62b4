"""The absence pages' fixtures: two units, their managers and HR; importing files through the import page."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers import form_token


@pytest.fixture
def world(make):
    """Hemtjänst Centrum (in Vård och omsorg) and Ängsskolan, 20 employees each; HR and each unit's manager."""
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=20)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    return {
        "home": home,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(home,)),
        "other_manager": make.user("manager", units=(school,)),
    }


@pytest.fixture
def import_files():
    """``import_files(client, spells, staffing)``: the files uploaded, previewed and, if the preview offers it,
    imported; returns the import's response, or the preview's when it refuses the files."""

    def send(client, spells: bytes | None, staffing: bytes | None = None):
        data = {"csrf_token": form_token(client, "/absence/import"), "action": "preview"}
        if spells is not None:
            data["spells"] = (io.BytesIO(spells), "spells.csv")
        if staffing is not None:
            data["staffing"] = (io.BytesIO(staffing), "staffing.csv")
        preview = client.post("/absence/import", data=data, content_type="multipart/form-data")
        page = preview.get_data(as_text=True)
        if 'name="action" value="import"' not in page:
            return preview
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
        fields["action"] = "import"
        return client.post("/absence/import", data=fields)

    return send
