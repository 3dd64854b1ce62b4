"""Forged headers and redirect targets: a Host the installation does not answer to is refused, generated links use
the configured address whatever Host was sent, and ``next`` can never send a person to another site."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.helpers import form_token

HOSTILE_NEXT = [
    "//evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\\evil.example/",
    "/\\/evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/ /evil.example",
    "\x00//evil.example",
]


@pytest.mark.attack
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_no_next_parameter_leads_off_the_site(app, client, make, target):
    manager = make.user("manager", units=(make.unit("Hemtjänst Norr", code="HT-N"),))
    token = form_token(client, "/login")
    response = client.post(f"/login?next={quote(target)}", data={"email": manager.email,
                           "password": "correct horse battery", "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    location = urlsplit(response.location)
    assert location.netloc in ("", "localhost") and location.path.startswith("/") and "evil" not in response.location
    language = client.post("/language", data={"locale": "sv", "next": target, "csrf_token": form_token(client, "/")})
    assert language.status_code == 302 and "evil" not in language.location


@pytest.mark.attack
def test_a_legitimate_next_still_works(app, client, make):
    manager = make.user("manager", units=(make.unit("Hemtjänst Norr", code="HT-N"),))
    token = form_token(client, "/login")
    response = client.post("/login?next=/plans/%3Fx%3D1", data={"email": manager.email,
                           "password": "correct horse battery", "csrf_token": token})  # fmt: skip
    assert response.location == "/plans/?x=1"


@pytest.mark.attack
def test_a_host_the_installation_does_not_answer_to_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["omtanke.example.org"])
    assert client.get("/healthz", headers={"Host": "omtanke.example.org"}).status_code == 200
    assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400
    assert (
        client.get("/login", headers={"Host": "omtanke.example.org", "X-Forwarded-Host": "evil.example"}).status_code
        == 200
    )


@pytest.mark.attack
def test_answer_links_use_the_configured_address_whatever_host_was_sent(app, client, login, make, monkeypatch):
    monkeypatch.setitem(app.config, "OMTANKE_BASE_URL", "https://omtanke.example.org")
    survey = make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=12))
    login(client, make.user("hr"))
    session = client.get_cookie("omtanke_session")
    client.set_cookie("omtanke_session", session.value, domain="evil.example")  # as if the browser sent it there
    page = client.get(f"/surveys/{survey.id}", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "https://omtanke.example.org/s/" in page and "evil.example" not in page
