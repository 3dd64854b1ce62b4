"""Errors a user can cause, and the pages every error gets.

Services raise :class:`DomainError` with a translatable message; views show it next to the form (``forms.shown_on``).
Anything that escapes a view is mapped here once, so that bad input never becomes a 500 and every error page is
translated: a service's ``NotAllowedError`` becomes the same 404 as ``abort(404)``, so no view catches it. What a
failed request had begun to write is rolled back first (and again when the request ends, in ``db.init_db``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask, g, jsonify, render_template, request
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, NotFound, SecurityError

from survey_app.access import NotAllowedError
from survey_app.db import discard_unfinished_work


class DomainError(Exception):
    """A rule the user broke. ``message`` is a lazy translatable string; ``field`` names the form field, if any."""

    status = 400

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    @classmethod
    def from_rule(cls, error) -> DomainError:
        """A core package's rule error (``interventions``' ``PlanError`` and its kind: an English ``message`` marked
        with ``N_``, ``params`` for its placeholders, ``field``) as the user reads it: translated, dates in the
        reader's format, on the form field it concerns."""
        params = {key: format_date(value) if isinstance(value, date) else value for key, value in error.params.items()}
        return cls(_l(error.message, **params) if params else _l(error.message), error.field)


TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

EXPLANATIONS = {
    400: _l("Check what you entered and try again."),
    403: _l("Your role does not give access to this page. Ask an administrator if you need it."),
    404: _l("The page does not exist, or it belongs to a unit you do not have access to."),
    405: _l("Go back and use the buttons on the page."),
    413: _l("The file or form you sent is larger than this installation accepts."),
    429: _l("Wait a minute before you try again."),
    500: _l("The error has been logged. Try again in a moment."),
}


def _error_page(status: int, explanation=None):
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, TITLES[400]),
            explanation=explanation or EXPLANATIONS.get(status, EXPLANATIONS[400]),
        ),
        status,
    )


#: endpoint -> a function that shows the form again with what was typed, when its CSRF token has expired. Nothing is
#: stored from such a request; the person sends it again with a fresh token (long interviews outlast a token).
CSRF_RECOVERY: dict[str, Callable[[], object]] = {}


def shown_again_when_expired(endpoint: str) -> Callable:
    """Decorator: the endpoint's form is shown again, as typed, when its CSRF token has expired (a handler
    returning None leaves the usual error page)."""

    def register(handler: Callable[[], object]) -> Callable[[], object]:
        CSRF_RECOVERY[endpoint] = handler
        return handler

    return register


API_MESSAGES = {
    401: "A valid bearer token is required.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Results are available when the round has closed.",
}


def api_error(error: HTTPException):
    """The JSON API's error body (English: it is read by programs), with the bearer challenge on 401."""
    response = jsonify({"error": API_MESSAGES.get(error.code, error.name), "status": error.code})
    if error.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="omtanke"'
    return response, error.code


def register_error_handlers(app: Flask) -> None:
    """Map every error a request can end with to its page, once for all routes."""

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        recovery = CSRF_RECOVERY.get(request.endpoint or "")
        if recovery is not None:
            shown = recovery()
            if shown is not None:
                return shown
        return _error_page(400, _l("The form had expired or was sent from elsewhere. Reload the page and try again."))

    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        # The Host header names no host of this installation (TRUSTED_HOSTS): no link can be built for it, so the
        # answer is plain text, without the page layout.
        return "Bad request: unknown host.", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        discard_unfinished_work()
        return _error_page(error.status, error.message)

    @app.errorhandler(NotAllowedError)
    def not_allowed(_error: NotAllowedError):
        """Exactly what ``abort(404)`` answers, the blueprint's own 404 page or the API's JSON included."""
        discard_unfinished_work()
        return app.handle_http_exception(NotFound())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if request.path.startswith("/static/"):
            return error
        if request.path.startswith("/api/"):  # errors raised before the API's own handler (routing): JSON too
            body, status = api_error(error)
        else:
            body, status = _error_page(status if status in TITLES else 400)
        # Keep what the error must tell a client, e.g. the methods a 405 allows (RFC 9110).
        allowed = {key: value for key, value in error.get_headers() if key == "Allow"}
        return body, status, allowed

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        """The database is down, restarting or full: nothing was saved, and the person must not lose what they
        typed. A POST gets a page that needs no database and sends the same fields again on "Try again"."""
        g.database_unavailable = True
        discard_unfinished_work()
        route = request.url_rule.rule if request.url_rule else "?"
        app.logger.error("database unavailable on %s %s: %s", request.method, route, type(error.orig).__name__)
        kept = {"fields": None, "action": None, "had_files": False, "reference": g.get("request_id")}
        if request.method == "POST":
            kept["fields"] = list(request.form.items(multi=True))
            kept["action"] = request.full_path if request.query_string else request.path
            kept["had_files"] = bool(request.files)
        return render_template("errors/retry.html", **kept), 503, {"Retry-After": "10"}

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if app.testing:
            raise error
        # The route pattern, not the path: the values in a path (link tokens, ids) are not the log's business.
        route = request.url_rule.rule if request.url_rule else "?"
        app.logger.exception("Unhandled error on %s %s", request.method, route)
        return _error_page(500)
