"""The steps of a person's talk, meeting or plan: add one, change one, follow one up (HR and the employee's own
manager). Everyone else, occupational health included, gets the 404 of an unknown id, whatever their role, so the
guard lets every role in and ``workable_case`` decides, as a person's track does. The steps themselves are shown on
the case's page (``person/_case_steps.html``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interventions.plans import EFFECT_LABELS, STATUS_LABELS, suggest_next_follow_up
from survey_app import clock
from survey_app.access import roles_required
from survey_app.forms import shown_on
from survey_app.models import PersonCase, PersonStep, Role
from survey_app.person import case_steps, step_due
from survey_app.person.case_access import can_see_plan, workable_case
from survey_app.person.case_labels import kind_label, role_label
from survey_app.person.step_forms import follow_up_form, follow_up_input, step_form, step_input
from survey_app.person.views import bp


@bp.app_context_processor
def person_step_helpers() -> dict:
    """A person's steps in the reader's words: status (with "Overdue"), effect, responsible role, the plan's
    progress, for the case page's steps section and the start page."""
    return {
        "person_step_status": _shown_status,
        "person_status_label": lambda key: _(STATUS_LABELS[key]) if key in STATUS_LABELS else key,
        "person_effect_label": lambda key: _(EFFECT_LABELS[key]) if key in EFFECT_LABELS else key,
        "person_step_role": role_label,
        "person_step_flags": step_due.step_flags,
        "person_case_progress": step_due.case_progress,
        "person_hours_schedule": case_steps.hours_schedule,
        "person_plan_visible": lambda case: can_see_plan(current_user, case),
    }


def _shown_status(step: PersonStep, today) -> str:
    """The status a page shows: "Overdue" for an open step past its due date, else the step's status."""
    if step_due.step_flags(step, today)["overdue"]:
        return _("Overdue")
    return _(STATUS_LABELS[step.status]) if step.status in STATUS_LABELS else step.status


def _to_case(case: PersonCase):
    return redirect(url_for("person.case", person_case_id=case.id, _anchor="steps"))


@bp.route("/cases/<int:person_case_id>/steps/new", methods=["GET", "POST"])
@roles_required(*Role)
def new_person_step(person_case_id: int):
    """Add a step to a person's case: what, the responsible role, by when, the next follow-up (HR, own manager)."""
    today = clock.today()
    case = workable_case(current_user, person_case_id)
    form = step_form(case.kind == case_steps.WORK_TRIAL, status="planned", responsible_role="manager",
                     next_follow_up_on=suggest_next_follow_up(today))  # fmt: skip
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            case_steps.add_person_step(current_user, case, step_input(form), today)
        if outcome.ok:
            flash(_("The step has been added."), "success")
            return _to_case(case)
    return render_template(
        "person/person_step_form.html", form=form, case=case, step=None, case_kind=kind_label(case.kind)
    )


@bp.route("/steps/<int:person_step_id>/edit", methods=["GET", "POST"])
@roles_required(*Role)
def edit_person_step(person_step_id: int):
    """Change a step of a person's case under the same rules (HR, own manager)."""
    step = case_steps.workable_step(current_user, person_step_id)
    form = step_form(step.case.kind == case_steps.WORK_TRIAL, obj=step)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            case_steps.change_person_step(current_user, step, step_input(form))
        if outcome.ok:
            flash(_("The step has been saved."), "success")
            return _to_case(step.case)
    return render_template(
        "person/person_step_form.html", form=form, case=step.case, step=step, case_kind=kind_label(step.case.kind)
    )


@bp.route("/steps/<int:person_step_id>/follow-up", methods=["GET", "POST"])
@roles_required(*Role)
def follow_up_person_step(person_step_id: int):
    """Record a step's follow-up: when, a short note, status, effect and the next date (HR, own manager)."""
    today = clock.today()
    step = case_steps.workable_step(current_user, person_step_id)
    form = follow_up_form(held_on=today, status="in_progress" if step.status == "planned" else step.status,
                          effect="none", next_follow_up_on=suggest_next_follow_up(today))  # fmt: skip
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            case_steps.follow_up_person_step(current_user, step, follow_up_input(form), today)
        if outcome.ok:
            flash(_("The follow-up has been recorded."), "success")
            return _to_case(step.case)
    return render_template("person/person_follow_up_form.html", form=form, case=step.case, step=step, today=today)
