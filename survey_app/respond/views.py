"""The respondent's journey: landing → one page per section → thank you. Public, anonymous, works without JS.

No Flask session and no CSRF token here (a CSRF token expires and would cost a pausing respondent the answers):
the draft lives in a SameSite=Lax, HttpOnly cookie, and every answer form repeats the draft id in a hidden field,
so a cross-site post can neither reach nor name a draft.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from survey_app import clock
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.extensions import csrf, limiter
from survey_app.forms import Outcome, caught
from survey_app.models import ResponseDraft, RoundUnit
from survey_app.plans.services import staff_plan
from survey_app.respond import services
from survey_app.surveys.content import localized

bp = Blueprint("respond", __name__, url_prefix="/s", template_folder="templates")
csrf.exempt(bp)
CONTROL_FIELDS = frozenset({"draft", "action", "lang"})
#: Cookie value after a submission: a repeated "Send" then lands on the thank-you page, not on a new survey.
SENT = "sent"


def _today():
    return clock.today()


def _cookie_name(round_unit: RoundUnit) -> str:
    return f"omtanke_answer_{round_unit.id}"


def _round_unit(token: str) -> RoundUnit:
    round_unit = services.round_unit_for_link(token)
    if round_unit is None:
        abort(404)
    return round_unit


def _speak(round_unit: RoundUnit, language: str | None) -> str:
    offered = round_unit.round.languages
    chosen = language if language in offered else None
    if chosen is None:
        chosen = request.accept_languages.best_match(offered) or offered[0]
    g.respondent_language = chosen
    return chosen


def _draft(round_unit: RoundUnit) -> ResponseDraft | None:
    draft_id = request.cookies.get(_cookie_name(round_unit), "")
    draft = db.session.get(ResponseDraft, draft_id) if draft_id else None
    return draft if draft is not None and draft.round_unit_id == round_unit.id else None


def _with_cookie(response, round_unit: RoundUnit, value: str):
    """The draft id (or SENT once answered) in a cookie that only this site's own pages send back."""
    response.set_cookie(
        _cookie_name(round_unit),
        value,
        max_age=60 * 60 * 24 * 120,
        path="/s/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.errorhandler(DomainError)
def not_possible(error: DomainError):
    """What stops a respondent, on the survey's message page (with the unit's action plan where it has one)."""
    round_unit = getattr(error, "round_unit", None)
    plan = staff_plan(round_unit.unit_id) if round_unit is not None else None
    return render_template("respond/message.html", message=error.message, round_unit=round_unit, plan=plan), (
        error.status
    )


@bp.errorhandler(404)
def unknown_link(_error):
    """An unknown answer link or page: a 404 that names no workplace and says where to get the right link."""
    return render_template("respond/message.html", message=None), 404


@bp.get("/<token>")
def landing(token: str):
    """A survey's landing page from its answer link: start, or continue the answers saved here (public)."""
    round_unit = _round_unit(token)
    _speak(round_unit, request.args.get("lang"))
    services.check_open(round_unit, _today())
    return render_template(
        "respond/landing.html",
        round_unit=round_unit,
        draft=_draft(round_unit),
        sent=request.cookies.get(_cookie_name(round_unit)) == SENT,
        pages=services.questionnaire(round_unit),
    )


@bp.get("/<token>/plan")
def plan(token: str):
    """The unit's action plan for its staff, read-only and without login: what was suggested and how it is going."""
    round_unit = _round_unit(token)
    _speak(round_unit, request.args.get("lang"))
    return render_template(
        "respond/plan.html", round_unit=round_unit, case=staff_plan(round_unit.unit_id), today=_today()
    )


@bp.post("/<token>/start")
def start(token: str):
    """Start answering, or resume this browser's draft on the page after its last answer (public)."""
    round_unit = _round_unit(token)
    draft = _draft(round_unit) or services.start_draft(
        round_unit, _speak(round_unit, request.form.get("lang")), _today()
    )
    number = services.resume_page(services.questionnaire(round_unit), draft.answers or {})
    return _with_cookie(redirect(url_for(".page", token=token, number=number)), round_unit, draft.id)


@bp.route("/<token>/p/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int):
    """One page of the questionnaire: show it, or keep its answers and go back, on, save for later or send (public)."""
    round_unit = _round_unit(token)
    draft = _draft(round_unit)
    if draft is None:
        return _without_draft(round_unit)
    _speak(round_unit, draft.language)  # before any text is translated: Babel caches the language per request
    pages = services.questionnaire(round_unit)
    if not 1 <= number <= len(pages):
        abort(404)
    if request.method == "GET":
        return _render_page(round_unit, draft, pages, number, draft.answers or {}, {})
    action = _checked_action(draft, pages[number - 1])
    form = MultiDict(request.form).to_dict(flat=False)
    result = services.read_page(pages[number - 1], form, require=action in ("next", "submit"))
    if result.errors:
        return _render_page(round_unit, draft, pages, number, {**(draft.answers or {}), **result.values}, result.errors)
    return _after_save(round_unit, draft, result, action, number, len(pages))


def _without_draft(round_unit: RoundUnit):
    if request.method == "POST" and request.cookies.get(_cookie_name(round_unit)) == SENT:
        return redirect(url_for(".done", token=round_unit.link_token))  # a repeated "Send": the answers are in
    return redirect(url_for(".landing", token=round_unit.link_token))


def _checked_action(draft: ResponseDraft, current) -> str:
    """The button pressed; a form naming another draft or fields of no question on this page is refused."""
    allowed = CONTROL_FIELDS | {question.key for question in current.questions}
    if request.form.get("draft") != draft.id or not set(request.form).issubset(allowed):
        raise DomainError(_tampered(), None)
    return "lang" if request.form.get("lang") else request.form.get("action", "next")


def _after_save(round_unit: RoundUnit, draft: ResponseDraft, result, action: str, number: int, total: int):
    token, language, draft_id = round_unit.link_token, draft.language, draft.id
    if not services.save_page(draft, result, _today()):
        return redirect(url_for(".done", token=token, lang=language))  # sent meanwhile by another tap
    if action == "lang":
        services.set_language(draft, request.form["lang"])
        return redirect(url_for(".page", token=token, number=number))
    if action == "back":
        return redirect(url_for(".page", token=token, number=max(number - 1, 1)))
    if action == "save":
        return redirect(url_for(".saved", token=token))
    if action == "submit" and number == total:
        services.submit(draft_id, _today())
        return _with_cookie(redirect(url_for(".done", token=token, lang=language)), round_unit, SENT)
    return redirect(url_for(".page", token=token, number=min(number + 1, total)))


def _tampered():
    return _l("The form had been changed and could not be saved. Go back and answer on the survey's own pages.")


def _render_page(round_unit, draft, pages, number, values, errors):
    return render_template(
        "respond/page.html",
        round_unit=round_unit,
        draft=draft,
        page=pages[number - 1],
        number=number,
        total=len(pages),
        values=values,
        errors=errors,
        localized=localized,
        language=draft.language,
    ), (200 if not errors else 422)


@bp.get("/<token>/saved")
def saved(token: str):
    """Answers saved for later: how to come back to them, and until when (public)."""
    round_unit = _round_unit(token)
    draft = _draft(round_unit)
    _speak(round_unit, request.args.get("lang") or (draft.language if draft else None))
    return render_template("respond/saved.html", round_unit=round_unit, draft=draft)


@bp.get("/<token>/done")
def done(token: str):
    """The thank-you page once the answers are sent (public)."""
    round_unit = _round_unit(token)
    _speak(round_unit, request.args.get("lang"))
    return render_template("respond/done.html", round_unit=round_unit)


def _wrong_code(response) -> bool:
    return response.status_code == 422


@bp.route("/code", methods=["GET", "POST"])
# Only wrong codes count, per address: a workplace whose 200 staff share one public address all get in with their
# own codes, while guessing (hopeless anyway against 60-bit codes) is slowed to a trickle. Configurable.
@limiter.limit(lambda: current_app.config["OMTANKE_CODE_LIMIT"], methods=["POST"], deduct_when=_wrong_code)
def code():
    """Answer with a single-use code: the code's own draft, on any device (public; wrong codes are rate-limited)."""
    g.respondent_language = request.args.get("lang") if request.args.get("lang") in ("sv", "fi", "en") else None
    outcome = Outcome()
    if request.method == "POST":
        with caught(services.CodeError) as outcome:  # shown on the code page, not the blueprint's message page
            draft = services.draft_for_code(
                request.form.get("code", "")[:40],
                current_app.config["SECRET_KEY"],
                g.respondent_language or "",
                _today(),
            )
        if outcome.ok:
            round_unit = draft.round_unit
            target = url_for(".page", token=round_unit.link_token, number=1)
            return _with_cookie(redirect(target), round_unit, draft.id)
    error = outcome.error.message if outcome.error else None
    return render_template("respond/code.html", error=error), (200 if error is None else 422)
