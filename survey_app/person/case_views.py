"""A person's talks, meetings and plans: the caller's list, opening one (from the track or a task), its page,
changing it, its participants and consents, closing it. HR and the employee's own manager work on a case;
occupational health reads the cases it is invited to; anyone else gets the 404 of an unknown id (``case_access``).
"""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from survey_app import clock
from survey_app.access import roles_required
from survey_app.forms import flashed, shown_on
from survey_app.models import CASE_OUTCOMES, PARTICIPANT_ROLES, PERSON_CASE_KINDS, Role
from survey_app.person import case_participants as participants
from survey_app.person import cases
from survey_app.person.case_access import can_see_plan, can_work_on_case, visible_case
from survey_app.person.case_forms import CaseForm, CloseForm, OhConsentForm, ParticipantForm
from survey_app.person.case_labels import CASE_OUTCOME_LABELS, ROLE_LABELS, template_helpers
from survey_app.person.register import visible_person
from survey_app.person.views import bp

case_workers = roles_required(Role.HR, Role.MANAGER)
case_readers = roles_required(Role.HR, Role.MANAGER, Role.OHS)
bp.app_context_processor(template_helpers)


@bp.app_context_processor
def case_links() -> dict:
    """A person's cases for their track page, and the kind of case a task leads to (its page's link)."""
    return {
        "person_cases": lambda employee_id: cases.cases_of_person(current_user, employee_id),
        "case_kind_for_task": cases.CASE_FOR_TASK.get,
        "person_case_kinds": PERSON_CASE_KINDS,
    }


@bp.get("/cases")
@case_readers
def case_list():
    """The caller's talks, meetings and plans, open first (HR all, managers their people's, OH those invited to)."""
    return render_template("person/cases.html", cases=cases.cases_for(current_user), today=clock.today())


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _case_input(form: CaseForm) -> cases.CaseInput:
    return cases.CaseInput(
        form.signal_on.data,
        form.planned_on.data,
        form.held_on.data,
        form.starts_on.data,
        form.ends_on.data,
        form.duties.data or None,
    )


@bp.route("/<employee_id>/cases/new", methods=["GET", "POST"])
@case_workers
def new_case(employee_id: str):
    """Open a talk, meeting or plan about a person (``kind`` chosen first; ``signal_on`` from a task's anchor)."""
    visible_person(current_user, employee_id)  # anyone else: the 404 of an unknown id, before any form
    kind = request.args.get("kind", "")
    if kind not in PERSON_CASE_KINDS:
        return render_template("person/case_form.html", form=None, employee_id=employee_id, kind=None, case=None)
    existing = cases.open_case_of(employee_id, kind) if request.method == "GET" else None
    if existing is not None:  # the talk a task asks for is booked already: that one, not a second beside it
        flash(str(cases.CaseAlreadyOpenError(existing).message), "info")
        return redirect(url_for("person.case", person_case_id=existing.id))
    form = CaseForm(signal_on=_day(request.args.get("signal_on")))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            case = cases.open_case(current_user, employee_id, kind, _case_input(form), clock.today())
        if isinstance(outcome.error, cases.CaseAlreadyOpenError):  # opened a moment ago: that case, not an error
            flash(str(outcome.error.message), "info")
            return redirect(url_for("person.case", person_case_id=outcome.error.case_id))
        if outcome.ok:
            flash(_("The case has been opened."), "success")
            return redirect(url_for("person.case", person_case_id=case.id))
    return render_template("person/case_form.html", form=form, employee_id=employee_id, kind=kind, case=None)


@bp.get("/cases/<int:person_case_id>")
@case_readers
def case(person_case_id: int):
    """A case: its kind, days, duties, participants and consents, and its plan where the caller may see it."""
    found = visible_case(current_user, person_case_id)
    return render_template(
        "person/case.html",
        case=found,
        can_work=can_work_on_case(current_user, found),
        can_see_plan=can_see_plan(current_user, found),
        today=clock.today(),
    )


@bp.route("/cases/<int:person_case_id>/edit", methods=["GET", "POST"])
@case_workers
def edit_case(person_case_id: int):
    """Change a case's days and duties; a day held here counts the talk in the unit's log."""
    found = cases.case_for_work(current_user, person_case_id, read=request.method == "GET")
    form = CaseForm(obj=found)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            cases.edit_case(current_user, found.id, _case_input(form), clock.today())
        if outcome.ok:
            flash(_("The case has been saved."), "success")
            return redirect(url_for("person.case", person_case_id=found.id))
    return render_template(
        "person/case_form.html", form=form, employee_id=found.employee_id, kind=found.kind, case=found
    )


def _participant_forms(found) -> tuple[ParticipantForm, OhConsentForm]:
    form = ParticipantForm()
    form.role.choices = [SelectChoice(role, ROLE_LABELS[role]) for role in PARTICIPANT_ROLES]
    accounts = participants.oh_accounts(found)
    form.user_id.choices = [SelectChoice("", _("No account"))] + [SelectChoice(user.id, user.name) for user in accounts]
    return form, OhConsentForm(oh_consent_on=found.oh_consent_on)


@bp.route("/cases/<int:person_case_id>/participants", methods=["GET", "POST"])
@case_workers
def case_participants(person_case_id: int):
    """Add participants by role with the employee's consent, and record or withdraw the consent to sharing the plan
    with occupational health (``action``: add, share or withdraw)."""
    today = clock.today()
    found = cases.case_for_work(current_user, person_case_id, read=request.method == "GET")
    form, consent_form = _participant_forms(found)
    action = request.form.get("action")
    if action in ("share", "withdraw") and consent_form.validate_on_submit():
        day = consent_form.oh_consent_on.data if action == "share" else None
        with shown_on(consent_form) as outcome:
            participants.set_oh_consent(current_user, found.id, day, today)
        if outcome.ok:
            flash(_("The consent has been recorded.") if day else _("The consent has been withdrawn."), "success")
            return redirect(url_for("person.case_participants", person_case_id=found.id))
    elif action == "add" and form.validate_on_submit():
        chosen = participants.ParticipantInput(form.role.data or "", form.consent_on.data, form.user_id.data)
        with shown_on(form) as outcome:
            participants.add_participant(current_user, found.id, chosen, today)
        if outcome.ok:
            flash(_("The participant has been added."), "success")
            return redirect(url_for("person.case_participants", person_case_id=found.id))
    return render_template("person/case_participants.html", case=found, form=form, consent_form=consent_form)


@bp.post("/cases/<int:person_case_id>/participants/<int:participant_id>/remove")
@case_workers
def remove_participant(person_case_id: int, participant_id: int):
    """Remove a participant (an invited account no longer sees the case)."""
    with flashed() as outcome:
        participants.remove_participant(current_user, person_case_id, participant_id)
    if outcome.ok:
        flash(_("The participant has been removed."), "success")
    return redirect(url_for("person.case_participants", person_case_id=person_case_id))


@bp.route("/cases/<int:person_case_id>/close", methods=["GET", "POST"])
@case_workers
def close_case(person_case_id: int):
    """Close a case with how it ended (and, for a plan, the day back at work)."""
    today = clock.today()
    found = cases.case_for_work(current_user, person_case_id, read=request.method == "GET")
    if found.closed_on is not None:  # closed already (a second click of the same submit): its page
        return redirect(url_for("person.case", person_case_id=found.id))
    form = CloseForm(closed_on=today)
    form.outcome.choices = [SelectChoice(key, CASE_OUTCOME_LABELS[key]) for key in CASE_OUTCOMES]
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            cases.close_case(
                current_user, found.id, form.outcome.data, form.closed_on.data, form.returned_on.data, today
            )
        if outcome.ok:
            flash(_("The case has been closed."), "success")
            return redirect(url_for("person.case", person_case_id=found.id))
    return render_template("person/case_close.html", case=found, form=form)
