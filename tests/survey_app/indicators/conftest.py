"""The indicators page's fixtures: its world, its two forms sent as a person sends them, and one row read back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.clock import LAST_MONTH, TODAY, month_key
from tests.helpers import form_token, html_text


@pytest.fixture
def world(make):
    """Hemtjänst Centrum in Vård och omsorg, Förskolan Solrosen apart; HR, an administrator, Centrum's manager and
    occupational health invited to the area."""
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=31)
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    return {
        "area": area,
        "unit": unit,
        "other": other,
        "hr": make.user("hr"),
        "admin": make.user("admin"),
        "manager": make.user("manager", units=(unit,)),
        "ohs": make.user("ohs", units=(area,)),
    }


def _post(client, action: str, prefix: str, fields: dict, page: str = "/indicators/"):
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(action, data={**data, f"{prefix}-csrf_token": form_token(client, page)})


@pytest.fixture
def enter():
    """``enter(client, indicator, unit, period, value)``: the value form sent (unit "None": the organisation);
    two accidents last month unless told otherwise."""

    def send(client, indicator="accidents", unit="None", period=None, value="2"):
        fields = {
            "indicator": indicator,
            "unit_id": unit,
            "period": month_key(LAST_MONTH) if period is None else period,
            "value": value,
        }
        return _post(client, "/indicators/values", "entry", fields)

    return send


@pytest.fixture
def set_target():
    """``set_target(client, indicator, target, unit, target_on)``: the target form sent, due in a year unless told."""

    def send(client, indicator, target, unit="None", target_on=None):
        target_on = target_on or (TODAY + timedelta(days=365)).isoformat()
        fields = {"indicator": indicator, "unit_id": unit, "target": target, "target_on": target_on}
        return _post(client, "/indicators/targets", "target", fields)

    return send


@pytest.fixture
def indicator_cells():
    """``indicator_cells(page, key)``: one indicator's row: label, one cell per period, target, met, progress,
    source."""

    def cells(page: str, key: str) -> list[str]:
        row = re.search(rf'<tr id="indicator-{key}">(.*?)</tr>', page, flags=re.S)
        assert row, f"no row for {key}"
        return [html_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), flags=re.S)]

    return cells
