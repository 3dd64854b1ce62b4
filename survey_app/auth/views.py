"""Login, logout and the account's own pages."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from survey_app.access import ANY_ROLE, roles_required
from survey_app.auth import services
from survey_app.auth.forms import LoginForm, PasswordChangeForm
from survey_app.errors import DomainError
from survey_app.extensions import limiter
from survey_app.forms import show_domain_error

bp = Blueprint("auth", __name__, template_folder="templates")


def _login_key() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute or protocol-relative URL (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["OMTANKE_LOGIN_LIMIT"], key_func=_login_key, methods=["POST"], deduct_when=_failed
)
@limiter.limit("60 per minute", methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@roles_required(*ANY_ROLE)
def logout():
    logout_user()
    flash(_("You have logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user, fresh=True)  # the session id carries the new session version
            flash(_("Your password has been changed. Other sessions have been logged out."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
