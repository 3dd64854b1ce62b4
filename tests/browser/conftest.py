"""A live server on loopback and Debian's Chromium driven by Playwright (never a downloaded browser).

On a laptop without Chromium these tests skip with the reason; with ``REQUIRE_CHROMIUM=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from survey_app.db import db, reset_write_intent, set_write_intent

#: Screenshots for a person to look at (CI keeps them): test-artifacts/ at the top of the repository.
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("REQUIRE_CHROMIUM") == "1":
        pytest.fail("REQUIRE_CHROMIUM=1 but Debian's chromium is not installed (apt-get install chromium)")
    pytest.skip("Chromium is not installed: apt-get install chromium (CI installs it)")


def _buffered(app):
    """The app with each response body read whole and its iterator closed before werkzeug writes it.

    werkzeug's development server closes a response's iterator only after draining the socket; when the browser
    drops a request (a favicon fetch abandoned as the page moves on) that step can fail first, and a static file's
    handle is left for the garbage collector, whose ResourceWarning then fails whichever test is running."""

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of one test.

    The test's own session reads in deferred transactions here, as a GET request would: an open write
    transaction in the test would hold SQLite's write lock while the server tries to write.
    """
    db.session.commit()
    token = set_write_intent(False)
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    reset_write_intent(token)


@pytest.fixture
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page in a 360×740 phone viewport; its screenshot lands in test-artifacts/ for a human to look at."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    context.close()


@pytest.fixture
def artifacts() -> Path:
    """The folder for screenshots a person looks at (test-artifacts/), created if need be."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
