"""Every form a signed-in person can reach, attacked with every bad-input class: no server error anywhere, and no
text that was sent comes back live in any page.

The forms are found by crawling the demo organisation as each role (``crawl.py``), so a new form is attacked as soon
as a page links to it. With ``app.testing`` on, an exception in a view fails the test with its traceback instead of
becoming a 500 page.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
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
@pytest.mark.parametrize("role", sorted(ACCOUNTS))
def test_every_form_survives_every_bad_input_and_nothing_comes_back_live(demo, login, role):
    client = _signed_in(demo, login, role)
    site = crawl(client)
    assert len(site.pages) >= 5, site.statuses
    assert not [path for path, status in site.statuses.items() if status >= 500]
    forms = _attackable(site.forms)
    attempts = 0
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
    again = crawl(client)
    assert not _live(again.pages)
    assert not [path for path, status in again.statuses.items() if status >= 500]
