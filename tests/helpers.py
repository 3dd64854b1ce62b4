"""Helpers for driving the app like a browser does."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
