"""Structured logs: one JSON object per line with the request's id and route pattern (never the values in the path),
the id sent back to the browser and shown on the error page, and a proxy's id trusted only behind a trusted proxy."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Flask, current_app
from werkzeug.routing import AnyConverter, IntegerConverter
from werkzeug.serving import WSGIRequestHandler

from survey_app import errors
from survey_app.logs import REQUEST_ID_HEADER, init_logging, respondent_route, respondents_answer_here


def _tiny_app(**config) -> Flask:
    """A staff page and a respondent's page (the blueprint ``tiny_respond`` is marked as respondents')."""
    app = Flask("survey_app")
    app.config.update({"OMTANKE_LOG_FORMAT": "json", "OMTANKE_LOG_LEVEL": "INFO", "OMTANKE_PROXY_HOPS": 0, **config})
    init_logging(app)

    @app.get("/units/<int:unit_id>/p/<int:number>")
    def unit_page(unit_id: int, number: int):
        current_app.logger.info("page shown")
        logging.getLogger("survey_app.results.sums").warning("cache unavailable")
        return "ok"

    respondents = respondents_answer_here(Blueprint("tiny_respond", __name__, url_prefix="/s"))

    @respondents.get("/<token>/p/<int:number>")
    def page(token: str, number: int):
        current_app.logger.info("page %s shown for %s", number, token)
        logging.getLogger("flask_limiter").warning("limit reached on %s", f"/s/{token}/p/{number}")
        return "ok"

    app.register_blueprint(respondents)
    return app


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_every_line_is_json_with_the_request_id_and_the_route_pattern(capsys):
    app = _tiny_app()
    response = app.test_client().get("/units/417/p/3")
    lines = _lines(capsys.readouterr().err)
    assert [line["message"] for line in lines] == ["page shown", "cache unavailable"]
    request_id = response.headers["X-Request-ID"]
    for line in lines:
        assert line["request_id"] == request_id and line["method"] == "GET"
        assert line["route"] == "/units/<int:unit_id>/p/<int:number>"
        assert {"time", "level", "logger"} <= set(line)
    # the request id is random hex and the time has digits: the path's value must be in none of the other fields
    told = [{key: value for key, value in line.items() if key not in ("request_id", "time")} for line in lines]
    assert "417" not in json.dumps(told)
    assert lines[1]["level"] == "WARNING" and lines[1]["logger"] == "survey_app.results.sums"


def test_a_request_id_from_outside_is_used_only_behind_a_trusted_proxy(capsys):
    sent = {"X-Request-ID": "proxy-1234abcd"}
    direct = _tiny_app().test_client().get("/units/1/p/1", headers=sent)
    assert direct.headers["X-Request-ID"] != "proxy-1234abcd"
    proxied = _tiny_app(OMTANKE_PROXY_HOPS=1).test_client().get("/units/1/p/1", headers=sent)
    assert proxied.headers["X-Request-ID"] == "proxy-1234abcd"
    assert _lines(capsys.readouterr().err)[-1]["request_id"] == "proxy-1234abcd"
    forged = _tiny_app(OMTANKE_PROXY_HOPS=1).test_client().get("/units/1/p/1", headers={"X-Request-ID": "<script>"})
    assert forged.headers["X-Request-ID"] != "<script>"


def test_text_logs_for_a_terminal_are_not_json(capsys):
    _tiny_app(OMTANKE_LOG_FORMAT="text").test_client().get("/units/1/p/1")
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


TOKEN = "secret-link-token"


def _on_the_hour(time: str) -> bool:
    return time[13:19] == ":00:00"  # 2026-12-07T05:00:00+0000


def test_a_respondents_lines_have_the_hour_and_route_pattern_and_no_token_id_or_account(capsys, caplog):
    proxied = {"X-Request-ID": "proxy-1234abcd"}
    response = _tiny_app(OMTANKE_PROXY_HOPS=1).test_client().get(f"/s/{TOKEN}/p/3", headers=proxied)
    assert REQUEST_ID_HEADER not in response.headers
    [line] = _lines(capsys.readouterr().err)
    assert line["message"] == "page 3 shown for <token>" and line["route"] == "/s/<token>/p/<int:number>"
    assert line["request_id"] is None and line["user_id"] is None and _on_the_hour(line["time"])
    # Another library's logger (its records reach whatever handler the root has) is anonymised the same way.
    limiter = next(record for record in caplog.records if record.name == "flask_limiter")
    assert limiter.getMessage() == "limit reached on /s/<token>/p/<int:number>" and limiter.created % 3600 == 0
    assert TOKEN not in json.dumps(line) + caplog.text and "proxy-1234abcd" not in json.dumps(line)


def test_an_error_on_a_respondents_page_logs_neither_its_path_nor_its_message(app, client, monkeypatch, caplog):
    token = "Zt4kq9sLmPw2xY7bNc3vDa"

    def broken(token: str):
        raise RuntimeError(f"no round unit for {token}")

    monkeypatch.setitem(app.view_functions, "respond.landing", broken)
    monkeypatch.setattr(app, "testing", False)
    response = client.get(f"/s/{token}", headers={"Accept-Language": "en"})
    assert response.status_code == 500 and REQUEST_ID_HEADER not in response.headers
    assert "Reference for the administrator" not in response.get_data(as_text=True)
    assert "Unhandled error on GET /s/<token>" in caplog.text and "RuntimeError (message not logged)" in caplog.text
    assert "broken" in caplog.text  # the frames are there to find the bug
    assert token not in caplog.text
    assert "RuntimeError: no round unit" not in caplog.text
    assert caplog.records and all(record.created % 3600 == 0 for record in caplog.records)


def test_flasks_own_last_resort_error_line_names_the_route_pattern_not_the_path(app, client, monkeypatch, caplog):
    token = "Zt4kq9sLmPw2xY7bNc3vDa"
    monkeypatch.setitem(app.view_functions, "respond.landing", lambda token: 1 / 0)
    monkeypatch.setattr(app, "testing", False)
    error_page, calls = errors._error_page, []

    def error_page_failing_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise LookupError(f"template for {token}")
        return error_page(*args)

    monkeypatch.setattr(errors, "_error_page", error_page_failing_once)
    assert client.get(f"/s/{token}").status_code == 500
    assert "Exception on /s/<token> [GET]" in caplog.text and "LookupError (message not logged)" in caplog.text
    assert token not in caplog.text


def test_a_staff_error_still_logs_its_message(app, client, monkeypatch, caplog):
    monkeypatch.setattr(app, "testing", False)
    monkeypatch.setitem(app.view_functions, "home.index", lambda: 1 / 0)
    response = client.get("/")
    assert response.status_code == 500 and REQUEST_ID_HEADER in response.headers
    assert "ZeroDivisionError: division by zero" in caplog.text


def _example(converter) -> object:
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return 7 if isinstance(converter, IntegerConverter) else TOKEN


def test_the_respondents_routes_are_read_from_the_url_map(app):
    adapter = app.url_map.bind("omtanke")
    for rule in app.url_map.iter_rules():
        values = {name: _example(rule._converters[name]) for name in rule.arguments}
        path = adapter.build(rule.endpoint, values, method=sorted(rule.methods)[0])
        expected = rule.rule if rule.endpoint.startswith(("respond.", "short.")) or rule.endpoint == "static" else None
        assert respondent_route(app, path, sorted(rule.methods)[0]) == expected, rule.rule
    assert respondent_route(app, f"/s/{TOKEN}/no-such-page") == "/s/<unknown>"
    assert respondent_route(app, "/s/code", "PUT") == "/s/<unknown>"
    assert respondent_route(app, "/no-such-page") is None
    assert respondent_route(app, f"/s/{TOKEN}/p/2", "POST") == "/s/<token>/p/<int:number>"


def _development_server_line(path: str, caplog) -> str:
    """The line werkzeug's development server (``omtanke run``) writes for a GET of ``path``: its own request handler's
    ``log_request``, without a socket."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.client_address, handler.command, handler.path = ("127.0.0.1", 50123), "GET", path
    handler.request_version = handler.requestline = "HTTP/1.1"
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        handler.log_request(200, 141)
    [record] = [record for record in caplog.records if record.name == "werkzeug"]
    return record.getMessage()


def test_the_development_server_writes_a_reset_link_as_its_route_pattern(app, caplog):
    line = _development_server_line(f"/login/reset/{TOKEN}?lang=sv", caplog)
    assert '"GET /login/reset/<token> HTTP/1.1" 200 141' in line and TOKEN not in line and "lang" not in line


def test_the_development_server_writes_a_respondents_path_as_its_route_pattern(app, caplog):
    line = _development_server_line(f"/s/{TOKEN}/p/2", caplog)
    assert '"GET /s/<token>/p/<int:number> HTTP/1.1" 200 141' in line and TOKEN not in line


def test_the_development_server_writes_a_staff_path_as_it_is(app, caplog):
    assert '"GET /units/417 HTTP/1.1" 200 141' in _development_server_line("/units/417", caplog)
