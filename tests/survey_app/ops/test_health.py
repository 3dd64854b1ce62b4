"""Health and readiness as a load balancer asks: no session, a plain answer, 503 while the database is not ready."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory


def test_health_and_readiness_answer_without_a_session(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ok", "checks": {"database": "ok", "schema": "ok"}}
    assert "Set-Cookie" not in ready.headers


def test_not_ready_while_the_schema_is_behind(client, monkeypatch):
    monkeypatch.setattr(ScriptDirectory, "get_current_head", lambda self: "9999")
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["schema"].endswith("expected 9999: run omtanke db upgrade")


@pytest.mark.commits  # the engine itself must fail to connect, not the test's connection stand in for it
def test_not_ready_while_the_database_cannot_be_reached(client, monkeypatch):
    from sqlalchemy.engine import Engine
    from sqlalchemy.exc import OperationalError

    def unreachable(self, *args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(Engine, "connect", unreachable)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["database"] == "OperationalError"
    assert client.get("/healthz").status_code == 200  # the process itself still answers


@pytest.mark.parametrize(("hops", "seen"), [(0, "127.0.0.1 http"), (1, "203.0.113.9 https")])
def test_forwarded_headers_count_only_behind_the_configured_proxies(tmp_path, hops, seen):
    from flask import request

    from survey_app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "OMTANKE_PROXY_HOPS": hops})
    app.add_url_rule("/who", "who", lambda: f"{request.remote_addr} {request.scheme}")
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    assert app.test_client().get("/who", headers=headers).get_data(as_text=True) == seen
