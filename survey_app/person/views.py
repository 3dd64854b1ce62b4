"""The person track's pages: the employee register, the sick-report form and a person's track (HR and the
employee's own manager). PLACEHOLDER: the register helper fills it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("person", __name__, url_prefix="/people", template_folder="templates")

from survey_app.person import task_views  # noqa: E402, F401 - the tasks' routes, on this blueprint
