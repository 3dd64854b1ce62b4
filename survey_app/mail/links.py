"""Addresses in e-mail: a path in the app, built where no request is (the CLI, a worker), made absolute with the
installation's public address. Never the Host of a request: a forged Host must not reach a link in a message."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

from survey_app.config import DEFAULT_BASE_URL


def path_for(endpoint: str, **values) -> str:
    """The path of ``endpoint`` ("/plans/cases/12"), with or without a request."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def absolute(path: str) -> str:
    """``path`` under OMTANKE_BASE_URL (``make run``'s own address when unset; SMTP delivery requires it set)."""
    base = current_app.config.get("OMTANKE_BASE_URL") or DEFAULT_BASE_URL
    return base.rstrip("/") + path
