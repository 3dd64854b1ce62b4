"""Headers and cookies that every response carries."""

from __future__ import annotations

import re

from survey_app import create_app


def test_pages_forbid_inline_script_framing_and_foreign_hosts(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"  # no-referrer would break CSRF over HTTPS
    assert response.headers["Cache-Control"] == "no-store"


def test_templates_hold_no_inline_script_style_or_external_asset(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<script" not in html and "style=" not in html and "<style" not in html
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith("/") or url.startswith("#"), url
    stylesheet = client.get("/static/css/omtanke.css")
    assert stylesheet.status_code == 200 and b":focus-visible" in stylesheet.data
    stylesheet.close()


def test_https_responses_get_hsts(client):
    assert "Strict-Transport-Security" in client.get("/login", base_url="https://localhost").headers


def test_production_defaults_secure_session_cookies_a_body_limit_and_short_sessions(instance_dir, monkeypatch):
    monkeypatch.delenv("OMTANKE_SECURE_COOKIES", raising=False)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] <= 32 * 1024 * 1024
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() <= 12 * 3600


def test_an_oversized_body_gets_a_clear_page_not_a_crash(client):
    response = client.post("/login", data={"email": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)


def test_unknown_pages_get_a_translated_404(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "fi"})
    assert response.status_code == 404
    assert 'lang="fi"' in response.get_data(as_text=True)
