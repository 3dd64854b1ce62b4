"""Application logs: one JSON object per line under ``omtanke serve`` (``OMTANKE_LOG_FORMAT=json``), readable text
on a developer's terminal.

Every line written while a request is handled carries the request's id, method and *route pattern* (``/s/<token>/
p/<int:number>``, never the values in it: a link token or a unit id in a log line would be data the log does not
need) and the account id of a signed-in user. The id comes from a trusted proxy's ``X-Request-ID`` when
``OMTANKE_PROXY_HOPS`` is set, else it is made here; it is sent back in the response header of the same name and
shown on the error page, so a user can quote it and an operator can find every line of that request (gunicorn's
access log prints it too). Answers, free text, names and e-mail addresses are never logged.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: Loggers configured here: the app's own (``survey_app`` is also ``app.logger``) and the plain packages'.
LOGGERS = ("survey_app", "interventions", "nlp", "exports")


class RequestContext(logging.Filter):
    """Adds the request's id, method, route and user to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the request's id, method, route and user to the record, if there is a request; never drops one."""
        if has_request_context():
            record.request_id = g.get("request_id")
            record.method = request.method
            record.route = request.url_rule.rule if request.url_rule else None
            user = g.get("_login_user")  # set by Flask-Login once the user was loaded; never loaded here
            record.user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
        return True


def _handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                datefmt="%Y-%m-%dT%H:%M:%S%z",
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
        handler.addFilter(_default_request_id)
    handler.addFilter(RequestContext())
    handler.omtanke = True  # type: ignore[attr-defined]  # replaced, not added twice, when the app is made again
    return handler


def _default_request_id(record: logging.LogRecord) -> bool:
    if not hasattr(record, "request_id"):
        record.request_id = "-"
    return True


def init_logging(app: Flask) -> None:
    """Send the app's and the core packages' logs to stderr in the configured format and level, and give every
    request its id (a trusted proxy's, else a new one) in the ``X-Request-ID`` header."""
    handler = _handler(app.config["OMTANKE_LOG_FORMAT"])
    level = getattr(logging, str(app.config["OMTANKE_LOG_LEVEL"]).upper(), logging.INFO)
    app.logger.removeHandler(default_handler)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "omtanke", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)

    trust_header = app.config.get("OMTANKE_PROXY_HOPS", 0) > 0

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "") if trust_header else ""
        g.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:16]

    @app.after_request
    def send_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response
