"""Start page (role-aware) and the language choice, which also works before login."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField

from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required
from survey_app.auth.services import set_preferred_locale
from survey_app.i18n import LANGUAGE_NAMES
from survey_app.org.queries import visible_unit_rows
from survey_app.security import local_path

bp = Blueprint("home", __name__, template_folder="templates")


class LanguageForm(FlaskForm):
    """The language chooser on every page, before login too; ``next`` is the page to go back to."""

    locale = SelectField(choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    next = HiddenField()


def _language_form_for_page(**values) -> LanguageForm:
    # Never read the posted body here: error pages (413, 400) render this form too.
    return LanguageForm(formdata=None, **values)


@bp.app_context_processor
def language_form():
    """The language chooser for every template, error pages included: never filled from the posted body."""
    return {"language_form": _language_form_for_page}


@bp.get("/")
@roles_required(*ANY_ROLE)
def index():
    """The start page: the first twelve units one may see, the action-plan steps needing attention (every role) and
    a manager's (and HR's) open tasks about their staff."""
    from survey_app.plans.due import steps_needing_attention

    today = clock.today()
    return render_template(
        "home/index.html",
        rows=visible_unit_rows(current_user, limit=12),
        attention=steps_needing_attention(current_user, today),
        person_tasks=_open_person_tasks(today),
        person_steps=_person_steps_due(today),
        plans_to_sign=_plans_to_sign(),
    )


def _plans_to_sign() -> list | None:
    """A safety representative's active plans and where their co-signature stands (None for the other roles)."""
    from survey_app.models import Role
    from survey_app.plans.services import plans_to_sign

    return plans_to_sign(current_user) if current_user.role == Role.SAFETY.value else None


def _person_steps_due(today: date) -> dict | None:
    """For HR and managers, how many steps of their staff's talks and plans need attention, by why (follow-up
    missed, overdue, follow-up due within a week), and the link to the list of talks and plans (None until that
    page exists); None for the other roles and when nothing needs attention. Counts only: no person, no step."""
    from survey_app.access import unit_scope
    from survey_app.person.step_due import person_steps_due
    from survey_app.person.tasks import TASK_ROLES

    if current_user.role not in TASK_ROLES:
        return None
    due = person_steps_due(today, unit_scope(current_user))
    if not due:
        return None
    return {
        "missed": sum(step.follow_up_missed for step in due),
        "overdue": sum(step.overdue for step in due),
        "soon": sum(step.follow_up_due and not step.follow_up_missed for step in due),
        "url": url_for("person.case_list") if "person.case_list" in current_app.view_functions else None,
    }


def _open_person_tasks(today: date) -> list | None:
    """A manager's or HR's open tasks about their staff, overdue first (None for the other roles)."""
    from survey_app.person.tasks import TASK_ROLES, open_tasks, tasks_for

    return open_tasks(tasks_for(current_user, today)) if current_user.role in TASK_ROLES else None


@bp.post("/language")
def set_language():
    """Choose the language, saved on the account when logged in, and go back to the page (anyone)."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            set_preferred_locale(current_user, form.locale.data)
    return redirect(local_path(request.form.get("next")) or url_for("home.index"))
