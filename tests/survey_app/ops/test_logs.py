"""Structured logs: one JSON object per line with the request's id and route pattern (never the values in the path),
the id sent back to the browser and shown on the error page, and a proxy's id trusted only behind a trusted proxy."""

from __future__ import annotations

import json
import logging

from flask import Flask, current_app

from survey_app.logs import init_logging


def _tiny_app(**config) -> Flask:
    app = Flask("survey_app")
    app.config.update({"OMTANKE_LOG_FORMAT": "json", "OMTANKE_LOG_LEVEL": "INFO", "OMTANKE_PROXY_HOPS": 0, **config})
    init_logging(app)

    @app.get("/s/<token>/p/<int:number>")
    def page(token: str, number: int):
        current_app.logger.info("page shown")
        logging.getLogger("survey_app.results.sums").warning("cache unavailable")
        return "ok"

    return app


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_every_line_is_json_with_the_request_id_and_the_route_pattern(capsys):
    app = _tiny_app()
    response = app.test_client().get("/s/secret-link-token/p/3")
    lines = _lines(capsys.readouterr().err)
    assert [line["message"] for line in lines] == ["page shown", "cache unavailable"]
    request_id = response.headers["X-Request-ID"]
    for line in lines:
        assert line["request_id"] == request_id and line["method"] == "GET"
        assert line["route"] == "/s/<token>/p/<int:number>"
        assert {"time", "level", "logger"} <= set(line)
    assert "secret-link-token" not in json.dumps(lines)
    assert lines[1]["level"] == "WARNING" and lines[1]["logger"] == "survey_app.results.sums"


def test_a_request_id_from_outside_is_used_only_behind_a_trusted_proxy(capsys):
    sent = {"X-Request-ID": "proxy-1234abcd"}
    direct = _tiny_app().test_client().get("/s/t/p/1", headers=sent)
    assert direct.headers["X-Request-ID"] != "proxy-1234abcd"
    proxied = _tiny_app(OMTANKE_PROXY_HOPS=1).test_client().get("/s/t/p/1", headers=sent)
    assert proxied.headers["X-Request-ID"] == "proxy-1234abcd"
    assert _lines(capsys.readouterr().err)[-1]["request_id"] == "proxy-1234abcd"
    forged = _tiny_app(OMTANKE_PROXY_HOPS=1).test_client().get("/s/t/p/1", headers={"X-Request-ID": "<script>"})
    assert forged.headers["X-Request-ID"] != "<script>"


def test_text_logs_for_a_terminal_are_not_json(capsys):
    _tiny_app(OMTANKE_LOG_FORMAT="text").test_client().get("/s/t/p/1")
    err = capsys.readouterr().err
    assert "INFO survey_app [" in err and "page shown" in err and not _lines(err)


def test_the_error_page_gives_the_reference_the_log_has(app, client, monkeypatch, caplog):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "home.index", broken)
    monkeypatch.setattr(app, "testing", False)
    response = client.get("/")
    assert response.status_code == 500
    reference = response.headers["X-Request-ID"]
    assert reference in response.get_data(as_text=True)
    assert "Unhandled error on GET /" in caplog.text and "RuntimeError: boom" in caplog.text
