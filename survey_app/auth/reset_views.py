"""A forgotten password: ask for a link by e-mail, then choose a new password with it (routes of ``auth``).

"Forgot your password?" answers with one page whatever the address: an account, no account, a deactivated one, or
an address over its limit (``OMTANKE_RESET_LIMIT`` links per address, counted whether or not the account exists)
all read "If an account exists ...", and past the limit nothing is sent. The message is recorded in the request's
transaction and handed to the job queue after the commit, so the SMTP server's time never shows in the answer.
A client address gets ``CLIENT_LIMIT`` requests before Flask-Limiter's 429: that count is the same for every
address typed, so it tells nothing about accounts either.

The link's token is in its path: the page sends no Referer outside this site (``Referrer-Policy: same-origin``,
no resource from another host) and the access log writes the route pattern, never the path (``logs.py``).
"""

from __future__ import annotations

import hashlib

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from limits import parse_many

from survey_app.auth import reset
from survey_app.auth.reset_forms import ForgotPasswordForm, PasswordResetForm
from survey_app.auth.views import bp
from survey_app.db import db, utcnow
from survey_app.extensions import limiter
from survey_app.forms import caught, shown_on
from survey_app.logs import hide_path_of
from survey_app.mail import delivery
from survey_app.models import User

#: Requests for a link allowed per client address, whatever addresses they name; past it Flask-Limiter answers 429.
CLIENT_LIMIT = "20 per hour"


def _address_within_limit(email: str) -> bool:
    """Count one request for a link to ``email``; False once the address has had its ``OMTANKE_RESET_LIMIT``."""
    if not limiter.enabled:
        return True
    address = hashlib.sha256(f"omtanke-reset:{email.strip().lower()}".encode()).hexdigest()[:32]
    limits = parse_many(current_app.config["OMTANKE_RESET_LIMIT"])
    return all([limiter.limiter.hit(item, "password-reset", address) for item in limits])  # every window counts


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit(CLIENT_LIMIT, methods=["POST"], key_func=get_remote_address)
def forgot_password():
    """Ask for a link to choose a new password (anyone not logged in): the same answer for every address."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data
        mail = reset.request_reset(email, utcnow()) if _address_within_limit(email) else None
        db.session.commit()
        if mail is not None:
            delivery.submit([mail.id])
        return render_template("auth/forgot_sent.html", minutes=reset.LINK_MINUTES)
    return render_template("auth/forgot.html", form=form)


def _link_refused():
    return render_template("auth/reset_refused.html", minutes=reset.LINK_MINUTES), reset.ResetLinkRefusedError.status


def _password_set(user: User):
    """Off to the login page; a locked account is told that it stays locked (``reset.py`` says why)."""
    logout_user()  # a browser logged in as someone else does not stay so
    if user.locked_at is not None:
        flash(_("Your new password is set, but your account is locked: an administrator must unlock it."), "info")
    else:
        flash(_("Your new password is set and every earlier login has ended. Log in with it."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
@limiter.limit("60 per minute", methods=["POST"], key_func=get_remote_address)
def reset_password(token: str):
    """Choose a new password with a link from the e-mail (its holder, logged in or not): once, within 30 minutes."""
    now = utcnow()
    with caught(reset.ResetLinkRefusedError) as link:
        user = reset.check_token(token, now)
    if not link.ok:
        return _link_refused()
    form = PasswordResetForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            reset.reset_password(token, form.new_password.data, now)
        if outcome.ok:
            return _password_set(user)
        if isinstance(outcome.error, reset.ResetLinkRefusedError):  # used by another request meanwhile
            return _link_refused()
    return render_template("auth/reset_password.html", form=form, email=user.email)


hide_path_of("auth.reset_password")
