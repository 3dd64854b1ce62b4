"""A manager's tasks about their staff: the list (managers their units' staff, HR everyone) and marking one done.
A task about someone the caller may not see, or a task that is not there, answers 404 (``NotAllowedError``)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from survey_app import clock
from survey_app.access import roles_required
from survey_app.forms import shown_on
from survey_app.models import Role
from survey_app.person import tasks
from survey_app.person.register import display_name, display_names
from survey_app.person.task_forms import task_done_form
from survey_app.person.views import bp


@bp.app_context_processor
def task_labels() -> dict:
    """The labels of tasks and outcomes, and the reader's name for a person (``person_names`` for a whole list, in a
    fixed number of queries), for the task pages and the start page."""
    return {
        "task_label": tasks.task_label,
        "outcome_label": lambda outcome: str(tasks.OUTCOME_LABELS.get(outcome, outcome)),
        "person_name": lambda employee_id: display_name(current_user, employee_id),
        "person_names": lambda employee_ids: display_names(current_user, employee_ids),
        "track_url": _track_url,
    }


def _track_url(employee_id: str) -> str | None:
    """The address of the person's track, where the app has that page."""
    try:
        return url_for("person.track", employee_id=employee_id)
    except BuildError:
        return None


@bp.get("/tasks")
@roles_required(Role.HR, Role.MANAGER)
def task_list():
    """The caller's tasks about their staff: open ones (overdue first) and those done lately (HR, managers)."""
    today = clock.today()
    views = tasks.tasks_for(current_user, today)
    return render_template(
        "person/tasks.html", open_tasks=tasks.open_tasks(views), done=[v for v in views if v.done], today=today
    )


def _anchor(text: str) -> date:
    """The anchor in a task's address; 404 for one that is not a date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.route("/tasks/<employee_id>/<task_kind>/<anchor>", methods=["GET", "POST"])
@roles_required(Role.HR, Role.MANAGER)
def task(employee_id: str, task_kind: str, anchor: str):
    """One task: what it asks and by when, and the form that marks it done (HR, the employee's own manager)."""
    today = clock.today()
    view = tasks.find_task(current_user, employee_id, task_kind, _anchor(anchor), today)
    form = task_done_form(task_kind, today)
    if view.done is None and form.validate_on_submit():
        with shown_on(form) as outcome:
            tasks.mark_done(
                current_user, employee_id, task_kind, view.task.anchor, form.done_on.data, form.outcome.data, today
            )
        if outcome.ok:
            flash(_("The task is marked done."), "success")
            return redirect(url_for("person.task_list"))
    elif view.done is not None and form.is_submitted():
        return redirect(url_for("person.task_list"))  # a second click of the same submit: it is stored once
    return render_template("person/task.html", view=view, form=form, today=today)
