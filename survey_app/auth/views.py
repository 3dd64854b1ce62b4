"""Login (password, then the second step where needed), logout and the account's own pages.

Between a correct password and a correct code the login is only pending: the Flask session holds the account's id
and session version under ``PENDING``, Flask-Login knows no user, so every protected page still sends the caller
to the login page.
"""

from __future__ import annotations

import time

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from survey_app.access import ANY_ROLE, roles_required
from survey_app.auth import devices, services, two_step
from survey_app.auth.forms import CodeForm, LoginForm, PasswordChangeForm, SecondStepForm, StartTwoStepForm
from survey_app.extensions import limiter
from survey_app.forms import shown_on
from survey_app.models import User
from survey_app.security import local_path

bp = Blueprint("auth", __name__, template_folder="templates")
PENDING = "omtanke_two_step"
#: How long a correct password waits for its code.
PENDING_SECONDS = 600


def _login_key() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


def _code_key() -> str:
    pending = session.get(PENDING)
    return f"two-step:{pending.get('user') if isinstance(pending, dict) else ''}"


def _failed(response) -> bool:
    return response.status_code != 302


def _known_device() -> bool:
    """The login is for an account this browser has logged in to before: not counted or refused per address."""
    return devices.known_device(request.form.get("email") or "")


def _safe_next(target: str | None) -> str:
    """Only a path on this site (``security.local_path``), else the start page."""
    return local_path(target) or url_for("home.index")


def _start_session(user: User) -> None:
    session.pop(PENDING, None)
    login_user(user)
    session.permanent = True
    devices.remember_device(user.email)


def _await_second_step(user: User):
    """The password was right and a code must follow: remember whose login this is, and nothing more."""
    target = _safe_next(request.args.get("next"))
    session[PENDING] = {"user": user.id, "version": user.session_version, "since": int(time.time()), "next": target}
    if user.two_step_enrolled:
        return redirect(url_for("auth.second_step"))
    two_step.start_enrolment(user)
    return redirect(url_for("auth.enrol_two_step"))


def _password_accepted(user: User):
    """Logged in at once, or on to the second step for accounts that need one."""
    if user.needs_two_step:
        return _await_second_step(user)
    services.complete_login(user)
    _start_session(user)
    return redirect(_safe_next(request.args.get("next")))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("since"), int):
        return None
    if time.time() - pending["since"] > PENDING_SECONDS:
        return None
    return two_step.pending_user(pending.get("user"), pending.get("version"))


def _start_again():
    session.pop(PENDING, None)
    flash(_("Log in again."), "info")
    return redirect(url_for("auth.login"))


def _qr_code(uri: str) -> Markup:
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, svgclass="qr-code", title=_("QR code of the key"))
    return Markup(svg)  # noqa: S704 - segno's own markup; the only text in it is our translated title


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["OMTANKE_LOGIN_LIMIT"], key_func=_login_key, methods=["POST"], deduct_when=_failed
)
@limiter.limit("60 per minute", methods=["POST"], deduct_when=_failed, exempt_when=_known_device)
def login():
    """The login page's first step, e-mail and password (anyone not logged in; failures are rate-limited per
    account, and per address unless this browser has logged in to the account before)."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form, failed = LoginForm(), False
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            user = services.check_password(form.email.data, form.password.data)
        if outcome.ok:
            return _password_accepted(user)
        failed = True
    return render_template("auth/login.html", form=form, failed=failed, lockout_after=services.LOCKOUT_AFTER)


@bp.route("/login/two-step", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["OMTANKE_LOGIN_LIMIT"], key_func=_code_key, methods=["POST"], deduct_when=_failed
)
@limiter.limit("60 per minute", methods=["POST"], deduct_when=_failed)
def second_step():
    """The login's second step: an authenticator or a recovery code (a caller whose password was just accepted)."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user = _pending_user()
    if user is None or not user.two_step_enrolled:
        return _start_again()
    form = SecondStepForm()
    if form.validate_on_submit():
        with shown_on(form, field="code" if form.code.data else "recovery_code") as outcome:
            two_step.check_code(user, form.code.data or form.recovery_code.data)
        if outcome.ok:
            target = session[PENDING].get("next")
            _start_session(user)
            return redirect(_safe_next(target))
    return render_template("auth/second_step.html", form=form)


@bp.route("/login/two-step/enrol", methods=["GET", "POST"])
@limiter.limit("60 per minute", methods=["POST"], deduct_when=_failed)
def enrol_two_step():
    """Two-step set-up within a login: the new key as a QR code, a code to confirm it, then the recovery codes
    (a caller whose password was just accepted)."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user = _pending_user()
    if user is None or user.two_step_enrolled or user.totp_secret is None:
        return _start_again()
    form = CodeForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            codes = two_step.confirm_enrolment(user, form.code.data)
        if outcome.ok:
            services.complete_login(user, "totp")
            target = session[PENDING].get("next")
            _start_session(user)
            return render_template("auth/recovery_codes.html", codes=codes, target=_safe_next(target))
    uri = two_step.provisioning_uri(user)
    return render_template("auth/enrol.html", form=form, key=two_step.grouped_secret(user), uri=uri, qr=_qr_code(uri))


@bp.post("/logout")
@roles_required(*ANY_ROLE)
def logout():
    """Log out on this device and every other (every role)."""
    services.log_out(current_user._get_current_object())
    logout_user()
    flash(_("You have logged out, on this device and every other."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def change_password():
    """Change one's own password; other sessions end (every role)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with shown_on(form) as outcome:
            services.change_password(user, form.current_password.data, form.new_password.data)
        if outcome.ok:
            login_user(user, fresh=True)  # the session id carries the new session version
            flash(_("Your password has been changed. Other sessions have been logged out."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)


def _two_step_page(user: User, start_form=None, code_form=None):
    """The account's two-step page; the forms come back with their errors when a step failed."""
    setting_up = not user.two_step_enrolled and user.totp_secret is not None
    uri = two_step.provisioning_uri(user) if setting_up else ""
    return render_template(
        "auth/two_step_settings.html",
        user=user,
        start_form=start_form or StartTwoStepForm(formdata=None),
        code_form=code_form or CodeForm(formdata=None),
        setting_up=setting_up,
        key=two_step.grouped_secret(user) if setting_up else "",
        uri=uri,
        qr=_qr_code(uri) if setting_up else "",
        codes_left=two_step.recovery_codes_left(user),
    )


@bp.get("/account/two-step")
@roles_required(*ANY_ROLE)
def two_step_settings():
    """One's own two-step login: setting it up, recovery codes left, new recovery codes (every role)."""
    return _two_step_page(current_user._get_current_object())


@bp.post("/account/two-step/start")
@roles_required(*ANY_ROLE)
def start_two_step():
    """Start setting up two-step login, after the password again (every role)."""
    user, form = current_user._get_current_object(), StartTwoStepForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            two_step.start_voluntary_enrolment(user, form.current_password.data)
        if outcome.ok:
            return redirect(url_for("auth.two_step_settings"))
    return _two_step_page(user, start_form=form)


@bp.post("/account/two-step/confirm")
@roles_required(*ANY_ROLE)
def confirm_two_step():
    """Finish setting up two-step login with a code from the app, then show the recovery codes once (every role)."""
    user, form = current_user._get_current_object(), CodeForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            codes = two_step.confirm_enrolment(user, form.code.data)
        if outcome.ok:
            login_user(user, fresh=True)  # the session id carries the new session version
            return render_template("auth/recovery_codes.html", codes=codes, target=url_for("auth.two_step_settings"))
    return _two_step_page(user, code_form=form)


@bp.post("/account/two-step/recovery-codes")
@roles_required(*ANY_ROLE)
def replace_recovery_codes():
    """Ten new recovery codes for a code from the app; the old ones stop working (every role)."""
    user, form = current_user._get_current_object(), CodeForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            codes = two_step.replace_recovery_codes(user, form.code.data)
        if outcome.ok:
            return render_template("auth/recovery_codes.html", codes=codes, target=url_for("auth.two_step_settings"))
    return _two_step_page(user, code_form=form)


from survey_app.auth import reset_views  # noqa: E402, F401 - a forgotten password's routes join ``bp``
