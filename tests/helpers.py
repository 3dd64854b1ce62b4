"""Helpers for driving the app like a browser does."""

from __future__ import annotations

import re

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
