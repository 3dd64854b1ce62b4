"""The person's notification settings, and the administrators' outbox (issue 22)."""

from __future__ import annotations

from flask import Blueprint

from survey_app.access import ANY_ROLE, roles_required

bp = Blueprint("mail", __name__, template_folder="templates")


@bp.route("/account/notifications", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def settings():
    """Which reminders the person gets, kind by kind (every role). PLACEHOLDER: the settings helper replaces this."""
    return "notification settings"
