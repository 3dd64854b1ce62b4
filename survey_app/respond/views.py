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
from survey_app.extensions import csrf
from survey_app.forms import Outcome, caught
from survey_app.logs import respondents_answer_here
from survey_app.models import ResponseDraft, RoundUnit
from survey_app.plans.services import staff_plan
from survey_app.respond import links, resume, services
from survey_app.respond.guessing import wrong_guesses_limited
from survey_app.surveys.content import localized

bp = Blueprint("respond", __name__, url_prefix="/s", template_folder="templates")
csrf.exempt(bp)
respondents_answer_here(bp)  # every log writes these requests as route pattern and hour, without address or id
CONTROL_FIELDS = frozenset({"draft", "action", "lang"})
#: Cookie value after a submission: a repeated "Send" then lands on the thank-you page, not on a new survey.
SENT = "sent"


def _today():
    return clock.today()


#: The draft cookie of a round's unit is this prefix and the unit's id in the round.
DRAFT_COOKIE = "omtanke_answer_"


def _cookie_name(round_unit: RoundUnit) -> str:
    return f"{DRAFT_COOKIE}{round_unit.id}"


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


def _round_unit_and_draft(token: str) -> tuple[RoundUnit, ResponseDraft | None]:
    """The link's unit and this browser's draft for it (as ``_draft``), read together: the draft cookies this
    browser holds are looked for among the unit's drafts in the same query (``services.link_with_drafts``)."""
    held = {value for name, value in request.cookies.items() if name.startswith(DRAFT_COOKIE) and value != SENT}
    round_unit, drafts = services.link_with_drafts(token, held)
    if round_unit is None:
        abort(404)
    return round_unit, _usable(drafts.get(request.cookies.get(_cookie_name(round_unit), "")))


def _draft(round_unit: RoundUnit) -> ResponseDraft | None:
    draft_id = request.cookies.get(_cookie_name(round_unit), "")
    draft = db.session.get(ResponseDraft, draft_id) if draft_id else None
    if draft is None or draft.round_unit_id != round_unit.id:
        return None
    return _usable(draft)


def _usable(draft: ResponseDraft | None) -> ResponseDraft | None:
    """This browser's draft, unless it is a code draft this device does not hold the code of."""
    return draft if draft is None or not draft.by_code or _holds_code_of(draft) else None


def _held_code() -> resume.HeldCode | None:
    return resume.held_code(current_app.config["SECRET_KEY"], request.cookies.get(resume.CODE_COOKIE))


def _holds_code_of(draft: ResponseDraft) -> bool:
    """A code draft continues only on a device whose signed cookie holds its code (``resume.py``)."""
    held = _held_code()
    return held is not None and held.draft_id == draft.id and resume.holds_current_draft(held)


def _with_cookie(response, round_unit: RoundUnit, value: str):
    """The draft id (or SENT once answered) in a cookie that only this site's own pages send back."""
    return _respondent_cookie(response, _cookie_name(round_unit), value)


def _respondent_cookie(response, name: str, value: str, days: int = 120):
    """A cookie of the answer pages: sent only to them (``/s/``), never to scripts or other sites' requests."""
    response.set_cookie(
        name,
        value,
        max_age=60 * 60 * 24 * days,
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


@bp.errorhandler(links.CodesOnlyError)
def codes_only(error: links.CodesOnlyError):
    """A small workplace's link: it answers with personal codes from HR, on the code page."""
    return render_template("respond/codes_only.html", round_unit=error.round_unit), error.status


@bp.errorhandler(404)
def unknown_link(_error):
    """An unknown answer link or page: a 404 that names no workplace and says where to get the right link."""
    return render_template("respond/message.html", message=None), 404


@bp.get("/<token>")
def landing(token: str):
    """A survey's landing page from its answer link: start, or continue the answers saved here (public)."""
    round_unit, draft = _round_unit_and_draft(token)
    _speak(round_unit, request.args.get("lang"))
    services.check_open(round_unit, _today())
    links.check_link_open(round_unit)
    return render_template(
        "respond/landing.html",
        round_unit=round_unit,
        draft=draft,
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
    round_unit, draft = _round_unit_and_draft(token)
    draft = draft or services.start_draft(round_unit, _speak(round_unit, request.form.get("lang")), _today())
    number = services.resume_page(services.questionnaire(round_unit), draft.answers or {})
    response = _with_cookie(redirect(url_for(".page", token=token, number=number)), round_unit, draft.id)
    return _with_browser_id(response)


def _with_browser_id(response):
    """This browser's random id for the burst rule (``links``), kept as long as browsers allow."""
    if not request.cookies.get(links.BROWSER_COOKIE):
        _respondent_cookie(response, links.BROWSER_COOKIE, links.new_browser_id(), days=400)
    return response


@bp.route("/<token>/p/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int):
    """One page of the questionnaire: show it, or keep its answers and go back, on, save for later or send (public)."""
    round_unit, draft = _round_unit_and_draft(token)
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
        arrival = links.Arrival(request.cookies.get(links.BROWSER_COOKIE), request.remote_addr)
        services.submit(draft_id, _today(), arrival, code_hash=getattr(_held_code(), "code_hash", None))
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


@bp.route("/<token>/saved", methods=["GET", "POST"])
def saved(token: str):
    """Answers saved for later: how to come back to them, until when, and (with a code) a phrase to continue them on
    another device (public)."""
    round_unit = _round_unit(token)
    draft = _draft(round_unit)
    _speak(round_unit, request.args.get("lang") or (draft.language if draft else None))
    outcome, chosen = Outcome(), False
    if request.method == "POST" and draft is not None and draft.by_code:
        with caught(services.CodeError) as outcome:
            phrase = request.form.get("phrase", "")[:200]
            chosen = resume.choose_phrase(current_app.config["SECRET_KEY"], _held_code(), phrase, _today())
    error = outcome.error.message if outcome.error else None
    page = render_template("respond/saved.html", round_unit=round_unit, draft=draft, error=error, chosen=chosen)
    return page, (200 if error is None else 422)


@bp.get("/<token>/done")
def done(token: str):
    """The thank-you page once the answers are sent (public)."""
    round_unit = _round_unit(token)
    _speak(round_unit, request.args.get("lang"))
    return render_template("respond/done.html", round_unit=round_unit)


def _too_many_wrong_codes():
    message = _l("Too many wrong codes have been tried from this network. Wait a few minutes and try again.")
    return render_template("respond/code.html", error=message), 429


@bp.route("/code", methods=["GET", "POST"])
# Only wrong codes count, per address, and a right code is never refused: a workplace behind one address all get in
# with their own codes even while someone there guesses (guessing.py says why guessing stays hopeless).
@wrong_guesses_limited(_too_many_wrong_codes)
def code():
    """Answer with a single-use code: the draft this device holds for it, the saved one its phrase continues, or a
    new one (public; wrong codes and phrases are rate-limited)."""
    g.respondent_language = request.args.get("lang") if request.args.get("lang") in ("sv", "fi", "en") else None
    outcome = Outcome()
    if request.method == "POST":
        with caught(services.CodeError) as outcome:  # shown on the code page, not the blueprint's message page
            held = _entered_code(request.form.get("action"))
        if outcome.ok:
            round_unit = db.session.get(ResponseDraft, held.draft_id).round_unit
            target = _with_cookie(
                redirect(url_for(".page", token=round_unit.link_token, number=1)), round_unit, held.draft_id
            )
            return _with_code_cookie(target, held)
    error = outcome.error
    asks_phrase = error is not None and error.field == "phrase"
    page = render_template(
        "respond/code.html",
        error=error and error.message,
        asks_phrase=asks_phrase,
        notice=isinstance(error, resume.PhraseNeededError),
    )
    return page, (200 if error is None else getattr(error, "shown_status", 422))


def _entered_code(action: str | None) -> resume.HeldCode:
    phrase = request.form.get("phrase", "")[:200] if action == "resume" else None
    return resume.draft_for_code(
        request.form.get("code", "")[:40],
        current_app.config["SECRET_KEY"],
        g.respondent_language or "",
        _today(),
        _held_code(),
        phrase=phrase or None,
        fresh=action == "fresh",
    )


def _with_code_cookie(response, held: resume.HeldCode):
    """The code of the draft begun or continued here, signed: on this device the draft continues without a phrase."""
    return _respondent_cookie(response, resume.CODE_COOKIE, resume.signed(current_app.config["SECRET_KEY"], held))
