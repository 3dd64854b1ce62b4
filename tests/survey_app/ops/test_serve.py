"""``omtanke serve`` as production runs it: several worker processes, JSON access logs, and a SIGTERM that lets a
request already in flight finish before the server exits."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

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
