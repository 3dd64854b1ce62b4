"""``omtanke serve`` as production runs it: several worker processes, JSON access logs, and a SIGTERM that lets a
request already in flight finish before the server exits."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from gunicorn.config import Config

from survey_app.ops.serve import RespondentsUnnamedLogger, server_options
from tests.helpers import free_port, run_omtanke, wait_until_up


@pytest.fixture
def server_env(tmp_path):
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")
    subprocess.run([sys.executable, "-c", "from survey_app.cli import main; main()", "db", "upgrade"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    return env


def test_serve_runs_workers_logs_json_and_finishes_a_request_in_flight_on_sigterm(server_env):
    port = free_port()
    server = run_omtanke("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--graceful-timeout", "20",
                         env=server_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_up(port, server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
            assert json.load(response)["status"] == "ok"
        in_flight = socket.create_connection(("127.0.0.1", port), timeout=20)
        in_flight.sendall(b"GET /readyz HTTP/1.1\r\nHost: omtanke.test\r\n")  # the request has begun ...
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)  # ... when the server is told to stop
        time.sleep(1.0)
        in_flight.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := in_flight.recv(65536):
            answer += chunk
        in_flight.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        output, _ = server.communicate(timeout=30)
        assert server.returncode == 0
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2)
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate()
    logs = [json.loads(line) for line in output.decode().splitlines() if line.startswith("{")]
    assert {"/healthz", "/readyz"} <= {entry["path"] for entry in logs}
    assert all(set(entry) >= {"time", "method", "status", "duration_ms"} for entry in logs)
    assert len({entry["pid"] for entry in logs}) >= 1


SURVEY = """
import json
from survey_app import create_app
from survey_app.db import db
from survey_app.surveys.services import create_codes
from tests.factories import Factory

app = create_app()
with app.app_context():
    unit = Factory(db.session, "unused").unit("Förskolan Lönnen", code="LOG-1", headcount=200)
    survey = Factory(db.session, "unused").survey_round(unit)
    code = create_codes(None, survey.units[0], 1, app.config["SECRET_KEY"], survey.opens_on)[0]
    print(json.dumps({"token": survey.units[0].link_token, "code": code}))
"""


class Phone:
    """A respondent's browser on an address of its own (127.0.0.2): keeps its cookies, follows no redirect."""

    def __init__(self, port: int):
        self.port, self.cookies, self.request_ids = port, {}, []

    def send(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=("127.0.0.2", 0))
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=urlencode(form) if form is not None else None, headers=headers)
        response = connection.getresponse()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name] = value
        self.request_ids += response.headers.get_all("X-Request-ID") or []
        answer = (response.status, urlsplit(response.headers.get("Location", "")).path, response.read().decode())
        connection.close()
        return answer

    def answer_survey(self, first_page: str) -> None:
        """Answer both pages of the survey from its first page and see the thank-you page."""
        status, _, html = self.send("GET", first_page)
        assert status == 200, html[-500:]
        draft = re.search(r'name="draft" value="([^"]+)"', html).group(1)
        status, second_page, _ = self.send("POST", first_page, {"draft": draft, "action": "next", "hme.hme1": "4"})
        assert status == 302 and second_page.endswith("/p/2")
        form = {"draft": draft, "action": "submit", "work_ability.work_ability": "7"}
        status, done, _ = self.send("POST", second_page, form)
        assert status == 302 and done.endswith("/done")
        assert self.send("GET", done)[0] == 200


def test_the_logs_of_serve_cannot_pair_a_respondents_address_with_a_workplace(server_env):
    """The attack of issue 19, finding 3: join the logs' address, time and request id with a response's workplace."""
    survey = subprocess.run([sys.executable, "-c", SURVEY], env=server_env, check=True, capture_output=True, text=True)
    token, code = json.loads(survey.stdout.splitlines()[-1]).values()
    port = free_port()
    env = {**server_env, "OMTANKE_SECURE_COOKIES": "0"}
    server = run_omtanke("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_up(port, server)
        by_link = Phone(port)
        assert by_link.send("GET", f"/s/{token}")[0] == 200
        assert by_link.send("GET", "/static/css/omtanke.css")[0] == 200
        status, first_page, _ = by_link.send("POST", f"/s/{token}/start", {"lang": "sv"})
        assert status == 302, status
        by_link.answer_survey(first_page)
        assert by_link.send("GET", f"/s/{token}/no-such-page")[0] == 404
        by_code = Phone(port)
        assert by_code.send("GET", "/s/code")[0] == 200
        status, first_page, _ = by_code.send("POST", "/s/code", {"code": code})
        assert status == 302, status
        by_code.answer_survey(first_page)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            staff_request_id = response.headers["X-Request-ID"]
        server.send_signal(signal.SIGTERM)
        stdout, stderr = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    lines = (stdout + stderr).decode().splitlines()
    assert not [line for line in lines if token in line or "Lönnen" in line or "LOG-1" in line]
    assert not [line for line in lines if "127.0.0.2" in line]
    quotable = by_link.request_ids + by_code.request_ids  # none is sent; one that is must be in no log line
    assert not [line for line in lines if any(request_id in line for request_id in quotable)]
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    respondents = [entry for entry in entries if entry.get("path", "").startswith(("/s/", "/static/"))]
    assert {entry["path"] for entry in respondents} >= {"/s/<token>", "/s/<token>/p/<int:number>", "/s/code"}
    assert all(re.search(r":00:00 [+-]\d{4}\]$", entry["time"]) for entry in respondents), respondents
    staff = [entry for entry in entries if entry.get("path") == "/healthz" and entry["client"] == "127.0.0.1"]
    assert staff and staff[-1]["status"] == 200 and staff[-1]["request_id"] == staff_request_id
    assert re.search(r"\d\d:\d\d:\d\d [+-]\d{4}\]$", staff[-1]["time"])


def test_gunicorns_own_lines_about_a_respondents_request_name_no_path_or_address(app, monkeypatch, capsys):
    """A request gunicorn answers itself (the app failed outside Flask) has no mark from the app: the worker's app
    is asked about its path, for the access line and for gunicorn's error line alike."""
    monkeypatch.setattr(RespondentsUnnamedLogger, "served", app)
    config = Config()
    for name, value in server_options("127.0.0.1:0", 1, 1, 1).items():
        config.set(name, value)
    logger = RespondentsUnnamedLogger(config)
    path, token = "/s/Zt4kq9sLmPw2xY7bNc3vDa/p/2", "Zt4kq9sLmPw2xY7bNc3vDa"
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "10.9.8.7"}  # fmt: skip
    request = SimpleNamespace(path=path, headers=[("X-Request-ID", "proxy-1234abcd")])
    response = SimpleNamespace(status="500 Internal Server Error", sent=141, headers=[])
    try:
        raise RuntimeError(f"broken for {token}")
    except RuntimeError:
        logger.exception("Error handling request %s %s", "POST", path)
    logger.access(response, request, environ, timedelta(milliseconds=12))
    logger.access(response, SimpleNamespace(path="/healthz", headers=[]), {**environ, "PATH_INFO": "/healthz",
                  "RAW_URI": "/healthz"}, timedelta(milliseconds=3))  # fmt: skip
    out, err = capsys.readouterr()
    respondent, staff = (json.loads(line) for line in out.splitlines())
    assert respondent["path"] == "/s/<token>/p/<int:number>" and respondent["status"] == 500
    assert re.search(r":00:00 [+-]\d{4}\]$", respondent["time"])
    assert staff["path"] == "/healthz" and staff["client"] == "10.9.8.7"
    assert "Error handling request POST /s/<token>/p/<int:number>" in err and ":00:00" in err
    assert "RuntimeError (message not logged)" in err
    assert token not in out + err and "10.9.8.7" not in json.dumps(respondent) + err and "proxy-1234abcd" not in out
