"""Driving the respondent's pages like a phone browser without JavaScript does."""

from __future__ import annotations

import re
from datetime import timedelta

from survey_app.db import db
from tests.clock import TODAY


def start(client, token: str, lang: str = "sv") -> str:
    """Open the unit link, press Start; returns the draft id from the first page's form."""
    response = client.post(f"/s/{token}/start", data={"lang": lang})
    assert response.status_code == 302, response.status_code
    return draft_id(client.get(response.location).get_data(as_text=True))


def draft_id(html: str) -> str:
    return re.search(r'name="draft" value="([^"]+)"', html).group(1)


def answer(client, token: str, number: int, draft: str, answers: dict, action: str = "next", **extra):
    return client.post(f"/s/{token}/p/{number}", data={"draft": draft, "action": action, **answers, **extra})


#: Two real answers a workplace got, and the answers an insider tops it up with (issue 19, finding 2).
REAL = ({"hme.hme1": "1", "hme.hme2": "1", "hme.hme3": "1"}, {"hme.hme1": "2", "hme.hme2": "1", "hme.hme3": "2"})
KNOWN = {"hme.hme1": "5", "hme.hme2": "5", "hme.hme3": "5"}


def send_by_link(client, token: str, answers: dict, address: str | None = None):
    """One whole answer through the link, as a browser without JavaScript sends it (from ``address`` if given)."""
    if address is not None:
        client.environ_base["REMOTE_ADDR"] = address
    draft = start(client, token)
    sent = answer(client, token, 1, draft, answers, action="submit")
    assert sent.status_code == 302 and "/done" in sent.location
    assert client.get(sent.location).status_code == 200  # the normal thank-you page, held or not
    return sent


def close(survey) -> None:
    survey.opens_on, survey.closes_on = TODAY - timedelta(days=14), TODAY - timedelta(days=1)
    db.session.commit()
