"""Device cookies: a browser that has logged in to an account before is not refused by the per-address limit.

After OWASP's "Slow Down Online Guessing Attacks with Device Cookies". An office shares one public address, so
someone guessing passwords there would otherwise lock every colleague out of the login page for the minute. At a
complete login the browser gets a cookie, signed with ``SECRET_KEY`` (itsdangerous), naming the account as a keyed
digest of its e-mail address (not readable from the cookie) and kept a year; a login for that account from that
browser skips the per-address count. The per-account limit and the lock-out apply to everyone, cookie or not.

A cookie holds up to five accounts (a shared computer), is sent only to ``/login`` pages and is never needed:
without it a login is counted per address as before. Rotating ``SECRET_KEY`` forgets every device. Reads the
request; never the database.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

COOKIE = "omtanke_device"
#: How long a device stays known after its last login there.
MAX_AGE = 365 * 24 * 3600
#: Accounts a cookie remembers, the most recent first.
KEPT = 5


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="omtanke-device")


def _account(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"device:" + email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _known() -> list[str]:
    try:
        accounts = _signer().loads(request.cookies.get(COOKIE, ""), max_age=MAX_AGE)
    except BadData:
        return []
    return [value for value in accounts if isinstance(value, str)] if isinstance(accounts, list) else []


def known_device(email: str) -> bool:
    """Whether this browser has completed a login to the account with this e-mail address (within a year)."""
    return bool(email) and _account(email) in _known()


def remember_device(email: str) -> None:
    """After a complete login: the response tells this browser it is now a known device for the account."""
    accounts = [_account(email)] + [value for value in _known() if value != _account(email)]

    @after_this_request
    def set_cookie(response):
        response.set_cookie(
            COOKIE,
            _signer().dumps(accounts[:KEPT]),
            max_age=MAX_AGE,
            path="/login",
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        return response
