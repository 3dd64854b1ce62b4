"""Flask-Login wiring: how a session cookie becomes a user, and what anonymous callers see."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from survey_app.db import db
from survey_app.models import User


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Bind Flask-Login: anonymous callers go to the login page; a session counts while its account is active
    and its session version unchanged (a logout, password change or deactivation ends it)."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        # The id carries the account's session version: a password change or deactivation ends old sessions.
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user
