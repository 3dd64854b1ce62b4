"""The short address (``/k``): staff type their workplace's short code from the poster and land on its answer link.

Public and anonymous like the answer pages (``respond/views.py``): no session, no CSRF token, no cookie; every log
writes these requests as route pattern and hour (``logs.respondents_answer_here``), so a code typed into the address
(``/k/<code>``) is never logged. A wrong code counts against the address's allowance of wrong guesses, shared with
the answer codes (``guessing.py``); a right one is never refused. Why guessing stays hopeless:
``surveys/short_codes.py``.
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from survey_app import clock
from survey_app.extensions import csrf
from survey_app.i18n import LANGUAGE_NAMES
from survey_app.logs import respondents_answer_here
from survey_app.respond.guessing import WRONG, wrong_guesses_limited
from survey_app.surveys import codes, short_codes

bp = Blueprint("short", __name__, url_prefix="/k", template_folder="templates")
csrf.exempt(bp)
respondents_answer_here(bp)


def _speak() -> None:
    chosen = request.values.get("lang")
    g.respondent_language = chosen if chosen in LANGUAGE_NAMES else None


def _page(error=None, typed: str = "", status: int = 200):
    answer_code = bool(error) and codes.looks_like_code(typed)
    page = render_template("respond/short.html", error=error, typed=typed[:40], answer_code=answer_code)
    return page, status


def _too_many_wrong_codes():
    message = _l("Too many wrong codes have been tried from this network. Wait a few minutes and try again.")
    return _page(message, status=429)


def _landing(typed: str):
    """Redirect to the workplace's answer link, or the page again with "no such code" (a wrong guess)."""
    round_unit = short_codes.live_round_unit(typed, clock.today())
    if round_unit is None:
        return _page(_l("No open survey has this code. Check the code on the poster."), typed, WRONG)
    lang = g.respondent_language if g.respondent_language in round_unit.round.languages else None
    return redirect(url_for("respond.landing", token=round_unit.link_token, lang=lang))


@bp.route("/", methods=["GET", "POST"])
@wrong_guesses_limited(_too_many_wrong_codes)
def enter():
    """Type the short code from the workplace's poster (public; wrong codes are rate-limited)."""
    _speak()
    if request.method == "GET":
        return _page()
    return _landing(request.form.get("code", ""))


@bp.get("/<code>")
@wrong_guesses_limited(_too_many_wrong_codes, methods=frozenset({"GET"}))
def code_in_address(code: str):
    """The short code typed straight into the address, ``/k/K7RM-4QXP-H2X-Y9A`` (public; as rate-limited)."""
    _speak()
    return _landing(code)
