"""Every form a signed-in person can reach, attacked with every bad-input class: no server error anywhere, and no
text that was sent comes back live in any page.

The forms are found by crawling the demo organisation as each role (``crawl.py``), so a new form is attacked as soon
as a page links to it. With ``app.testing`` on, an exception in a view fails the test with its traceback instead of
becoming a 500 page.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.models import User
from tests.attacks.crawl import SKIP_ACTIONS, crawl, local_path, path_shape
from tests.attacks.payloads import EXTRA_FIELDS, LIVE_MARKERS, RAW, TEXT

DEMO_PASSWORD = "demo lösenord 2026"
ACCOUNTS = {"admin": "admin@example.org", "hr": "hr@example.org", "manager": "manager1@example.org",
            "ohs": "ohs@example.org"}  # fmt: skip


@pytest.fixture
def demo(app):
    app.config["OMTANKE_DEMO_PASSWORD"] = DEMO_PASSWORD
    # No job may outlive the test in a thread (it would hold tables the next test empties).
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=True)
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    return app


def _signed_in(app, login, role: str):
    user = db.session.scalar(select(User).where(User.email == ACCOUNTS[role]))
    return login(app.test_client(), user, password=DEMO_PASSWORD)


def _attackable(forms):
    seen, found = set(), []
    for form in forms:
        path = local_path(form.action)
        if form.method != "post" or path is None or any(word in path for word in SKIP_ACTIONS):
            continue
        key = (path_shape(path), tuple(name for name, _, _ in form.fields))
        if key not in seen:
            seen.add(key)
            found.append((path, form))
    return found


def _live(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [(path, marker) for path, html in pages.items() for marker in LIVE_MARKERS if marker in html]


@pytest.mark.attack
# Admin and HR reach most forms (a few minutes each): they run on PostgreSQL, the stricter database (it refuses what
# SQLite stores, e.g. NUL); managers and occupational health run on both.
@pytest.mark.parametrize(
    "role",
    [pytest.param("admin", marks=pytest.mark.backend("postgresql")),
     pytest.param("hr", marks=pytest.mark.backend("postgresql")), "manager", "ohs"],
)  # fmt: skip
def test_every_form_survives_every_bad_input_and_nothing_comes_back_live(demo, login, role):
    client = _signed_in(demo, login, role)
    site = crawl(client)
    assert len(site.pages) >= 5, site.statuses
    assert not [path for path, status in site.statuses.items() if status >= 500]
    forms = _attackable(site.forms)
    attempts = _generated_texts(client, forms)
    for path, form in forms:
        for name, text in TEXT.items():
            response = client.post(path, data=form.data(text))
            assert response.status_code < 500, (path, name)
            attempts += 1
        texts = form.text_fields()
        if texts:
            for name, raw in RAW.items():
                body = "&".join(
                    f"{quote(field)}={raw if field in texts else quote(value)}"
                    for field, value in form.data().items(multi=True)
                )
                response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
                assert response.status_code < 500, (path, name)
                attempts += 1
        doubled = form.data("eins", [(field, "zwei") for field in texts])
        assert client.post(path, data=doubled).status_code < 500, (path, "duplicated fields")
        assert client.post(path, data=form.data(None, EXTRA_FIELDS)).status_code < 500, (path, "extra fields")
        attempts += 2
    assert attempts > 0
    print(f"{role}: {len(site.pages)} pages, {len(forms)} forms, {attempts} attack requests")
    again = crawl(client, same_route_limit=1, files=True)
    assert not _live(again.pages)
    assert not [path for path, status in again.statuses.items() if status >= 500]
    for path in [path for path in again.statuses if ".xlsx" in path and again.statuses[path] == 200]:
        assert not _formulas(client.get(path).data), path  # every export a page links to, after the attack


def _formulas(data: bytes) -> list[str]:
    """Cells a spreadsheet would evaluate: none may come from what people typed (no export writes formulas)."""
    book = load_workbook(io.BytesIO(data))
    try:
        return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows()
                for cell in row if cell.data_type == "f"]  # fmt: skip
    finally:
        book.close()


def _generated_texts(client, forms) -> int:
    """Hypothesis writes arbitrary text (any code point a browser can send) into every form's free-text fields."""
    sent = 0

    @settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(text=st.text(st.characters(codec="utf-8"), max_size=300))
    def send(path, form, text) -> None:
        nonlocal sent
        response = client.post(path, data=form.data(text))
        assert response.status_code < 500, (path, text)
        sent += 1

    for path, form in forms:
        if form.text_fields():
            send(path, form)
    return sent
