"""Application logs: one JSON object per line under ``omtanke serve`` (``OMTANKE_LOG_FORMAT=json``), readable text
on a developer's terminal.

Every line written while a request is handled carries the request's id, method and *route pattern* (``/s/<token>/
p/<int:number>``, never the values in it: a link token or a unit id in a log line would be data the log does not
need) and the account id of a signed-in user. The id comes from a trusted proxy's ``X-Request-ID`` when
``OMTANKE_PROXY_HOPS`` is set, else it is made here; it is sent back in the response header of the same name and
shown on the error page, so a user can quote it and an operator can find every line of that request (gunicorn's
access log prints it too). Answers, free text, names and e-mail addresses are never logged.

A respondent's request (issue 19, finding 3) is logged so that no log can pair an address with a workplace: its
route pattern and the hour only. Which requests are respondents' is asked of the URL map (``respondent_route``):
the routes of a blueprint marked with ``respondents_answer_here``, the static files every respondent page loads,
and any unmatched path that starts like one of those routes. A WSGI middleware writes the answer into the request's
environ before anything else runs; from it every log record made during the request gets the hour, not the moment,
the route pattern in place of the path, an error's frames without its message, and no request id or account; the
request gets no ``X-Request-ID`` (none is made, a proxy's is not used, the error page shows none), and gunicorn's
access log (``survey_app/ops/serve.py``) writes it as method, route pattern, status, duration and hour.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
import uuid
from collections.abc import Mapping

from flask import Blueprint, Flask, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter
from werkzeug.exceptions import HTTPException

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: Loggers configured here: the app's own (``survey_app`` is also ``app.logger``) and the plain packages'.
LOGGERS = ("survey_app", "interventions", "nlp", "exports")
#: The WSGI environ key holding a respondent's request's route pattern (None on everyone else's requests).
RESPONDENT_ROUTE = "omtanke.respondent_route"
#: Blueprints whose requests are respondents'; they register with ``respondents_answer_here``.
RESPONDENT_BLUEPRINTS: set[str] = set()
#: Endpoints every respondent page loads: the address and time of such a request would be the respondent's.
LOADED_BY_RESPONDENTS = frozenset({"static"})


def respondents_answer_here(blueprint: Blueprint) -> Blueprint:
    """Mark ``blueprint``'s routes as a respondent's: every log writes their requests as route pattern and hour."""
    RESPONDENT_BLUEPRINTS.add(blueprint.name)
    return blueprint


def _respondents(endpoint: str) -> bool:
    return endpoint in LOADED_BY_RESPONDENTS or endpoint.partition(".")[0] in RESPONDENT_BLUEPRINTS


def respondent_route(app: Flask, path: str, method: str = "GET") -> str | None:
    """The route pattern a respondent's request for ``path`` is logged under, or None for anyone else's request.

    Asked of the app's URL map, so a respondent route is covered the day it is added. A path no route takes (a
    mistyped link, another method) is a respondent's when it starts like a respondent route (``/s/<unknown>``).
    """
    try:
        rule, _ = app.url_map.bind("omtanke").match(path, method, return_rule=True)
    except HTTPException:
        starts = {rule.rule.split("<", 1)[0] for rule in app.url_map.iter_rules() if _respondents(rule.endpoint)}
        return next((f"{start}<unknown>" for start in sorted(starts) if path.startswith(start)), None)
    return rule.rule if _respondents(rule.endpoint) else None


#: Endpoints whose path holds a secret (a password-reset link's token): the access log writes their route pattern.
SECRET_PATH_ENDPOINTS: set[str] = set()


def hide_path_of(endpoint: str) -> None:
    """Mark ``endpoint``'s path as a secret: the access log writes its route pattern, never the path."""
    SECRET_PATH_ENDPOINTS.add(endpoint)


def secret_route(app: Flask, path: str, method: str = "GET") -> str | None:
    """The route pattern the access log writes instead of ``path`` when the path holds a secret, else None."""
    try:
        rule, _ = app.url_map.bind("omtanke").match(path, method, return_rule=True)
    except HTTPException:
        return None
    return rule.rule if rule.endpoint in SECRET_PATH_ENDPOINTS else None


#: A request line in the development server's log (werkzeug's ``log_request``: "GET /path?query HTTP/1.1"), whether
#: or not werkzeug colours it for a terminal.
_REQUEST_LINE = re.compile(r"(?P<method>[A-Z]+) (?P<path>/\S*) HTTP/[0-9.]+")


class DevelopmentServerPaths(logging.Filter):
    """The development server's request log (the "werkzeug" logger, ``omtanke run``) writes a path holding a secret
    (``hide_path_of``: a password-reset link's token) or a respondent's path as its route pattern, without the query
    string, as gunicorn's access log does (``ops/serve.py``): a token on a developer's console is still a token."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the request line's path where it must not be written; never drops a record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        line = _REQUEST_LINE.search(message)
        if line is None:
            return True
        path, method = line["path"].split("?", 1)[0], line["method"]
        route = respondent_route(self.app, path, method) or secret_route(self.app, path, method)
        if route:
            record.msg, record.args = message[: line.start("path")] + route + message[line.end("path") :], None
        return True


def _hide_paths_from_the_development_server(app: Flask) -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    for old in [f for f in werkzeug_log.filters if isinstance(f, DevelopmentServerPaths)]:
        werkzeug_log.removeFilter(old)  # the app made again (tests, the reloader): its own URL map only
    werkzeug_log.addFilter(DevelopmentServerPaths(app))


def _mark_respondents(app: Flask, wsgi_app):
    """WSGI middleware: a request's RESPONDENT_ROUTE in its environ before any other code of the app runs."""

    def marked(environ, start_response):
        path = environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace") or "/"
        environ[RESPONDENT_ROUTE] = respondent_route(app, path, environ.get("REQUEST_METHOD", "GET"))
        return wsgi_app(environ, start_response)

    return marked


def frames_only(error: BaseException) -> str:
    """A traceback's frames and exception types without the exceptions' messages (which can quote a link token)."""
    parts: list[str] = []
    while error is not None and len(parts) < 10:
        frames = "".join(traceback.format_tb(error.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{type(error).__qualname__} (message not logged)")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n\nwhich happened while handling:\n\n".join(parts)


def anonymise(record: logging.LogRecord, values: Mapping[str, str]) -> None:
    """Make ``record`` a line a respondent's request may write: the hour it was made, not the moment; each of
    ``values`` (the path, a token) replaced by its placeholder; an error's frames and types, not its messages."""
    hour = record.created - record.created % 3600
    record.relativeCreated -= (record.created - hour) * 1000
    record.created, record.msecs = hour, 0.0
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = str(record.msg)
    for value, placeholder in values.items():
        message = message.replace(value, placeholder) if value else message
    record.msg, record.args = message, None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text, record.exc_info = frames_only(record.exc_info[1]), None


def _respondent_records(make_record):
    """A log record factory: a record made during a respondent's request is anonymised, whatever logger made it."""

    def make(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        route = request.environ.get(RESPONDENT_ROUTE) if has_request_context() else None
        if route:
            arguments = (request.view_args or {}).items()  # a token; short values (page numbers) stay
            tokens = {value: f"<{name}>" for name, value in arguments if isinstance(value, str) and len(value) >= 8}
            anonymise(record, {request.path: route, **tokens})
        return record

    make.omtanke = True  # type: ignore[attr-defined]
    return make


class RequestContext(logging.Filter):
    """Adds the request's id, method, route and user to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the request's id, method, route and user to the record, if there is a request; never drops one."""
        if has_request_context():
            respondent = request.environ.get(RESPONDENT_ROUTE)
            record.request_id = g.get("request_id")
            record.method = request.method
            record.route = respondent or (request.url_rule.rule if request.url_rule else None)
            user = g.get("_login_user")  # set by Flask-Login once the user was loaded; never loaded here
            signed_in = getattr(user, "is_authenticated", False) and not respondent
            record.user_id = getattr(user, "id", None) if signed_in else None
        return True


def _handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestContext())
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
    handler.omtanke = True  # type: ignore[attr-defined]  # replaced, not added twice, when the app is made again
    return handler


def _default_request_id(record: logging.LogRecord) -> bool:
    if getattr(record, "request_id", None) is None:
        record.request_id = "-"
    return True


def init_logging(app: Flask) -> None:
    """Send the app's and the core packages' logs to stderr in the configured format and level, give every request
    its id (a trusted proxy's, else a new one) in the ``X-Request-ID`` header, and every respondent's request none
    and an anonymised line in every log, the development server's request log included."""
    handler = _handler(app.config["OMTANKE_LOG_FORMAT"])
    level = getattr(logging, str(app.config["OMTANKE_LOG_LEVEL"]).upper(), logging.INFO)
    app.logger.removeHandler(default_handler)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "omtanke", False)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)
    if not getattr(logging.getLogRecordFactory(), "omtanke", False):
        logging.setLogRecordFactory(_respondent_records(logging.getLogRecordFactory()))
    app.wsgi_app = _mark_respondents(app, app.wsgi_app)
    _hide_paths_from_the_development_server(app)

    trust_header = app.config.get("OMTANKE_PROXY_HOPS", 0) > 0

    @app.before_request
    def assign_request_id() -> None:
        if request.environ.get(RESPONDENT_ROUTE):
            g.request_id = None  # nothing to quote, nothing to join with a line that names a workplace
            return
        incoming = request.headers.get(REQUEST_ID_HEADER, "") if trust_header else ""
        g.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:16]

    @app.after_request
    def send_request_id(response):
        if g.get("request_id"):
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response
