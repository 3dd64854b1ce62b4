"""Driving the respondent's pages like a phone browser without JavaScript does."""

from __future__ import annotations

import re


def start(client, token: str, lang: str = "sv") -> str:
    """Open the unit link, press Start; returns the draft id from the first page's form."""
    response = client.post(f"/s/{token}/start", data={"lang": lang})
    assert response.status_code == 302, response.status_code
    return draft_id(client.get(response.location).get_data(as_text=True))


def draft_id(html: str) -> str:
    return re.search(r'name="draft" value="([^"]+)"', html).group(1)


def answer(client, token: str, number: int, draft: str, answers: dict, action: str = "next", **extra):
    return client.post(f"/s/{token}/p/{number}", data={"draft": draft, "action": action, **answers, **extra})
