"""A phone that pauses between two pages keeps its connection to ``omtanke serve`` (issue 25).

With gunicorn's keep-alive of 5 s, a respondent (or a load balancer) that reused a connection after a pause of about
that length lost the request it sent: the server closed the idle connection as the request arrived, and the client
read "Remote end closed connection without response". The server now keeps idle connections longer than clients
and balancers keep theirs, so the pause ends on an open connection and the next page's answers arrive.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

import pytest

from tests.helpers import free_port, run_omtanke, wait_until_up

#: Longer than gunicorn's default keep-alive (5 s), which dropped requests sent after such a pause.
PAUSE = 6


@pytest.fixture
def server_env(tmp_path):
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", "from survey_app.cli import main; main()", "db", "upgrade"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    return env


def test_a_request_sent_after_a_pause_on_a_kept_alive_connection_is_answered(server_env):
    port = free_port()
    server = run_omtanke("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", env=server_env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_up(port, server)
        phone = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        phone.request("GET", "/s/no-such-link")
        first = phone.getresponse()
        first.read()
        assert first.status == 404 and not first.will_close
        kept = phone.sock
        time.sleep(PAUSE)  # reading the page, longer than gunicorn's default keep-alive
        phone.request("POST", "/s/no-such-link/p/1", body="action=next", headers={
            "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        second = phone.getresponse()
        second.read()
        assert phone.sock is kept and second.status == 404  # answered, on the same connection
        phone.close()
    finally:
        server.terminate()
        server.communicate(timeout=60)
