"""Helpers for driving the app as its users do: a browser (forms, two-step login, a page's text) and an operator
starting ``omtanke`` as a process."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def form_token(client, path: str) -> str:
    """The CSRF token of the first form on the page at ``path``."""
    html = client.get(path).get_data(as_text=True)
    match = _TOKEN.search(html) or re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return next(group for group in match.groups() if group)


def post_form(client, page: str, data: dict, action: str | None = None, **kwargs):
    """GET ``page`` for its token, then POST ``data`` to ``action`` (default: the page itself)."""
    token = form_token(client, page)
    return client.post(action or page, data={**data, "csrf_token": token}, **kwargs)


_KEY = re.compile(r'<code class="key"[^>]*>([A-Z2-7 ]+)</code>')


def complete_two_step(client, response, user_id: int, csrf: bool = True):
    """Finish a login that the password step left pending, as a person with the authenticator app would: type the
    code of the account's key, or, for an account that sets two-step login up now, the code of the key the page
    shows. Any other response comes back unchanged.

    Tests log the same account in several times within one 30-second step, so the account's last used step is
    cleared first; tests of code replay drive the code page themselves.
    """
    import pyotp
    from sqlalchemy import select, update

    from survey_app.db import db
    from survey_app.models import User

    page = urlsplit(response.location or "").path if response.status_code == 302 else ""
    if page == "/login/two-step":
        db.session.execute(update(User).where(User.id == user_id).values(totp_last_step=None))
        db.session.commit()
        secret = db.session.scalar(select(User.totp_secret).where(User.id == user_id))
    elif page == "/login/two-step/enrol":
        secret = _KEY.search(client.get(page).get_data(as_text=True)).group(1).replace(" ", "")
    else:
        return response
    token = form_token(client, page) if csrf else ""
    return client.post(page, data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})


def page_text(response) -> str:
    """A page's text as a reader sees it: tags dropped, runs of white space one space (entities left as they are)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, any white space (no-break too) one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xa0", " ").split())


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_omtanke(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    """``omtanke <args>`` started as a process of its own, as an operator starts it."""
    command = [sys.executable, "-c", "from survey_app.cli import main; main()", *args]
    return subprocess.Popen(command, env=env, **kwargs)


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    """Wait (30 s at most) until the server on ``port`` answers /healthz; fail with its log if it exits first."""
    for _ in range(150):
        if server.poll() is not None:
            pytest.fail(f"omtanke serve exited: {server.communicate()[1].decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("omtanke serve did not come up in 30 s")
