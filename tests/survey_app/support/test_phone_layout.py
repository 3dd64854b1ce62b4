"""The early-support pages on a phone: the tables turn into one block per row, each value under its column's name,
so nothing needs scrolling sideways (tests/browser/test_absence_layout.py measures the page at 360 px)."""

from __future__ import annotations

import re

import pytest

from tests.clock import TODAY


@pytest.fixture
def logged(make):
    unit = make.unit("Hemtjänst Centrum med nattpatrullen i östra kommundelen", code="HT-C")
    make.support_event(unit, "network_meeting", TODAY, ("manager", "employee", "ohs"))
    return make.user("manager", units=(unit,))


def test_every_cell_of_the_support_tables_names_its_column(logged, client, login):
    login(client, logged)
    page = client.get("/support/events").get_data(as_text=True)
    assert page.count('class="stacked"') == 2 and "table-wrap" not in page
    assert "css/support.css" in page
    logged_rows = page[page.index('id="logged-h"') : page.index('id="counts-h"')]
    labels = re.findall(r'<td data-label="([^"]+)">', logged_rows)
    assert labels == ["Date", "Unit", "Kind", "Roles present"]
    counts = page[page.index('id="counts-h"') :]
    assert re.findall(r'<td[^>]* data-label="([^"]+)">', counts) == ["Month", "Early-support talk", "Network meeting"]


@pytest.mark.parametrize("path", ["/support/", "/support/events"])
def test_the_support_pages_use_their_own_stylesheet(path, logged, client, login):
    login(client, logged)
    assert "css/support.css" in client.get(path).get_data(as_text=True)
