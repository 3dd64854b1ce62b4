"""``omtanke serve``: the production server — gunicorn with Omtanke's settings, one line of JSON per request.

Several stateless processes (``--workers``, threads each) share the database and, with ``REDIS_URL``, the rate
limits; put as many machines as needed behind any reverse proxy (set ``OMTANKE_PROXY_HOPS``). On SIGTERM gunicorn
stops accepting connections and gives requests in flight ``--graceful-timeout`` seconds to finish, so a submission
that has begun is stored before the process exits. The settings are documented in docs/operations.md.
"""

from __future__ import annotations

import os

import click
from gunicorn.app.base import BaseApplication

#: One JSON object per request on stdout: no query strings (they can hold answer tokens), no cookies.
ACCESS_LOG_FORMAT = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "client": "%(h)s", "pid": "%(p)s", "request_id": "%({x-request-id}o)s"}'
)


class OmtankeServer(BaseApplication):
    """gunicorn running ``survey_app.create_app()`` in every worker."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Hand gunicorn the options that are set and that it knows."""
        for key, value in self.options.items():
            if value is not None and key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        """The Flask app each worker serves."""
        from survey_app import create_app

        return create_app()


def server_options(bind: str, workers: int, threads: int, graceful_timeout: int) -> dict:
    """gunicorn's settings for Omtanke: threaded workers, a 120-second timeout, recycled workers, a JSON access log."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,  # a big export can take a minute on a slow machine; beyond that it is a job
        "graceful_timeout": graceful_timeout,
        "keepalive": 5,
        "max_requests": 5000,
        "max_requests_jitter": 500,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


@click.command("serve", help="Run the production server (gunicorn): several processes, graceful shutdown, JSON logs.")
@click.option("--bind", default=lambda: os.environ.get("OMTANKE_BIND", "127.0.0.1:8000"), show_default="127.0.0.1:8000")
@click.option("--workers", type=int, default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")), show_default="2")
@click.option("--threads", type=int, default=4, show_default=True)
@click.option("--graceful-timeout", type=int, default=30, show_default=True, help="Seconds in-flight requests get.")
def serve_command(bind: str, workers: int, threads: int, graceful_timeout: int) -> None:
    """Run gunicorn with Omtanke's settings, the workers' own logs in JSON too."""
    os.environ.setdefault("OMTANKE_LOG_FORMAT", "json")  # the workers' application logs, like the access log
    OmtankeServer(server_options(bind, workers, threads, graceful_timeout)).run()
