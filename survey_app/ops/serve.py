"""``omtanke serve``: the production server — gunicorn with Omtanke's settings, one line of JSON per request.

Several stateless processes (``--workers``, threads each) share the database and, with ``REDIS_URL``, the rate
limits; put as many machines as needed behind any reverse proxy (set ``OMTANKE_PROXY_HOPS``). On SIGTERM gunicorn
stops accepting connections and gives requests in flight ``--graceful-timeout`` seconds to finish, so a submission
that has begun is stored before the process exits. The settings are documented in docs/operations.md.

Kept-alive connections stay open ``KEEPALIVE`` seconds (issue 25). A connection idle for exactly as long as the
server keeps it is closed by the server just as the client may be sending its next request on it: that request is
lost ("Remote end closed connection without response"), and a client may not repeat a POST by itself. So the server
must be the side that waits longer: longer than a respondent's pause between two pages under load, and longer than
the idle timeout of a load balancer that keeps connections to the app (60 s for nginx's upstream keepalive and most
cloud balancers). gthread keeps idle connections in its poller, not in a thread, so waiting longer costs a socket.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import click
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from survey_app.logs import RESPONDENT_ROUTE, anonymise, respondent_route, secret_route

#: One JSON object per request on stdout: no query strings (they can hold answer tokens), no cookies. A respondent's
#: request has only its method, route pattern, status, duration and hour; the other fields are "-".
ACCESS_LOG_FORMAT = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "client": "%(h)s", "pid": "%(p)s", "request_id": "%({x-request-id}o)s"}'
)
#: Seconds a kept-alive connection may stay idle: longer than any idle timeout on the client's side (see above).
KEEPALIVE = 75
#: The access log's time of a respondent's request: the hour, in gunicorn's own format.
HOUR = "[%d/%b/%Y:%H:00:00 %z]"


class RespondentsUnnamedLogger(Logger):
    """gunicorn's logger, except for a respondent's request (issue 19, finding 3; ``survey_app.logs``): its access
    line keeps the method, route pattern, status and duration, and the hour, whatever the format asks for, and
    gunicorn's own error for it (an app that failed outside Flask) names the route pattern, hour and frames only.

    The app marks the request in its environ; a request gunicorn answers itself (``handle_error``) has a fresh
    environ, so then the app in this worker is asked about the request's path.
    """

    #: The app this worker serves, set when the worker loads it.
    served = None

    def atoms(self, resp, req, environ, request_time):
        """The values the access log format may use; a respondent's request has only the harmless ones."""
        atoms = super().atoms(resp, req, environ, request_time)
        route = environ[RESPONDENT_ROUTE] if RESPONDENT_ROUTE in environ else self._route(getattr(req, "path", None))
        if not route:
            return self._without_secret(atoms, getattr(req, "path", None), environ)
        kept = {key: atoms[key] for key in ("m", "s", "H", "T", "D", "M", "L")}
        return {**kept, "U": route, "r": f"{atoms['m']} {route} {atoms['H']}", "t": time.strftime(HOUR)}

    def exception(self, msg, *args, **kwargs):
        """gunicorn's "Error handling request METHOD URI": for a respondent's URI, its route pattern and hour only."""
        routes = [self._route(arg.split("?")[0]) if isinstance(arg, str) else None for arg in args]
        if not any(routes):
            return super().exception(msg, *args, **kwargs)
        if not self.error_log.isEnabledFor(logging.ERROR):
            return None
        args = tuple(route or arg for route, arg in zip(routes, args, strict=True))
        record = self.error_log.makeRecord(self.error_log.name, logging.ERROR, __file__, 0, msg, args, sys.exc_info())
        anonymise(record, {})
        self.error_log.handle(record)

    def _without_secret(self, atoms: dict, path: str | None, environ) -> dict:
        """A path holding a secret (a password-reset link, ``logs.hide_path_of``) written as its route pattern."""
        method = environ.get("REQUEST_METHOD", "GET")
        secret = secret_route(self.served, path, method) if self.served is not None and path else None
        return {**atoms, "U": secret, "r": f"{atoms['m']} {secret} {atoms['H']}"} if secret else atoms

    def _route(self, path: str | None) -> str | None:
        if self.served is None or not path or not path.startswith("/"):
            return None
        return respondent_route(self.served, path)


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

        RespondentsUnnamedLogger.served = create_app()
        return RespondentsUnnamedLogger.served


def server_options(bind: str, workers: int, threads: int, graceful_timeout: int, keepalive: int = KEEPALIVE) -> dict:
    """gunicorn's settings for Omtanke: threaded workers, a 120-second timeout, connections kept alive longer than
    clients and balancers keep theirs, recycled workers, a JSON access log."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,  # a big export can take a minute on a slow machine; beyond that it is a job
        "graceful_timeout": graceful_timeout,
        "keepalive": keepalive,
        "max_requests": 5000,
        "max_requests_jitter": 500,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": RespondentsUnnamedLogger,
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


@click.command("serve", help="Run the production server (gunicorn): several processes, graceful shutdown, JSON logs.")
@click.option("--bind", default=lambda: os.environ.get("OMTANKE_BIND", "127.0.0.1:8000"), show_default="127.0.0.1:8000")
@click.option("--workers", type=int, default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")), show_default="2")
@click.option("--threads", type=int, default=4, show_default=True)
@click.option("--graceful-timeout", type=int, default=30, show_default=True, help="Seconds in-flight requests get.")
@click.option(
    "--keepalive",
    type=click.IntRange(min=1),
    default=KEEPALIVE,
    show_default=True,
    help="Seconds an idle connection stays open: more than the idle timeout of any load balancer in front.",
)
def serve_command(bind: str, workers: int, threads: int, graceful_timeout: int, keepalive: int) -> None:
    """Run gunicorn with Omtanke's settings, the workers' own logs in JSON too."""
    os.environ.setdefault("OMTANKE_LOG_FORMAT", "json")  # the workers' application logs, like the access log
    OmtankeServer(server_options(bind, workers, threads, graceful_timeout, keepalive)).run()
