"""The person track's pages: the employee register (HR changes it, managers read their units'), the sick-report form
(HR any unit, managers their own) and a person's track (HR and the employee's own manager; a 404 for anyone else,
the same as for an unknown id)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.access import roles_required
from survey_app.forms import caught, flashed, shown_on
from survey_app.importing import ImportRejectedError
from survey_app.models import Role
from survey_app.person import register, register_import
from survey_app.person.forms import PersonForm, SearchForm, SickReportForm, unit_choices
from survey_app.person.reports import report_sickness
from survey_app.person.tasks import tasks_for_employee
from survey_app.person.track import person_track, report_input

bp = Blueprint("person", __name__, url_prefix="/people", template_folder="templates")
hr_only = roles_required(Role.HR)
IMPORT_PAGE = "person/register_import.html"


@bp.get("/register")
@roles_required(Role.HR, Role.MANAGER)
def register_list():
    """The register, searchable by id or name and by unit: HR everyone, a manager their units' people (read-only)."""
    form = SearchForm(request.args)
    form.unit.choices = unit_choices(register.register_units(current_user))
    unit = form.unit.data if form.validate() else None
    found = register.register_page(current_user, form.q.data or "", unit, request.args.get("page", 1, type=int))
    return render_template("person/register.html", form=form, found=found, can_edit=current_user.role == Role.HR)


def _person_form(form: PersonForm) -> PersonForm:
    form.unit_id.choices = unit_choices(register.register_units(current_user))
    return form


def _person_input(form: PersonForm) -> register.PersonInput:
    return register.PersonInput(form.employee_id.data or "", form.name.data or "", form.unit_id.data)


@bp.route("/register/new", methods=["GET", "POST"])
@hr_only
def new_person():
    """Add one person to the register (HR)."""
    form = _person_form(PersonForm())
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            register.save_person(current_user, _person_input(form))
        if outcome.ok:
            flash(_("The person has been added to the register."), "success")
            return redirect(url_for("person.register_list"))
    return render_template("person/person_form.html", form=form, editing=None)


@bp.route("/register/<employee_id>/edit", methods=["GET", "POST"])
@hr_only
def edit_person(employee_id: str):
    """Change one person's id, name or unit, or take them off the register (HR)."""
    employee = register.registered(employee_id)
    if employee is None:
        abort(404)
    form = _person_form(PersonForm(obj=employee))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            register.save_person(current_user, _person_input(form), editing=employee_id)
        if outcome.ok:
            flash(_("The register has been updated."), "success")
            return redirect(url_for("person.register_list"))
    return render_template("person/person_form.html", form=form, editing=employee_id)


@bp.post("/register/<employee_id>/remove")
@hr_only
def remove_person(employee_id: str):
    """Take one person off the register; their spells and reports stay, shown by id (HR)."""
    with flashed() as outcome:
        register.remove_person(current_user, employee_id)
    if outcome.ok:
        flash(_("The person has been taken off the register."), "success")
    return redirect(url_for("person.register_list"))


@bp.route("/register/import", methods=["GET", "POST"])
@hr_only
def import_register():
    """Check and preview a register file; on "import", the previewed file replaces the named units' people (HR)."""
    if request.method == "GET":
        return render_template(IMPORT_PAGE, preview=None)
    confirmed = request.form.get("action") == "import"
    data, filename = _confirmed_file() if confirmed else _sent_file()
    if data is None:
        flash(_("Choose a register file to import."), "error")
        return render_template(IMPORT_PAGE, preview=None)
    with caught(ImportRejectedError) as outcome:
        if confirmed:
            change = register_import.import_register(current_user, data, filename)
        else:
            change = register_import.preview_register(current_user, data, filename)
    if not outcome.ok:
        refused = outcome.error
        return render_template(IMPORT_PAGE, preview=None, error=refused.message, problems=refused.problems), 422
    if confirmed:
        flash(_("The register has been imported: %(added)d added, %(changed)d changed, %(removed)d removed.",
                added=change.added, changed=change.changed, removed=change.removed), "success")  # fmt: skip
        return redirect(url_for("person.register_list"))
    token = register_import.stash(data)
    return render_template(IMPORT_PAGE, preview=change, token=token, filename=filename)


def _sent_file() -> tuple[bytes | None, str]:
    upload = request.files.get("register")
    if not upload or not upload.filename:
        return None, ""
    return upload.read(register_import.REGISTER_FILE_MAX_BYTES + 1), upload.filename


def _confirmed_file() -> tuple[bytes | None, str]:
    return register_import.unstash(request.form.get("token", "")), request.form.get("filename", "")


@bp.route("/sick-report", methods=["GET", "POST"])
@roles_required(Role.HR, Role.MANAGER)
def sick_report():
    """Report an employee sick: the spell starts at once and the manager's tasks follow (HR: any unit; managers:
    their units)."""
    today = clock.today()
    form = SickReportForm(first_day=today, employee_id=request.args.get("employee", ""))
    units = register.register_units(current_user)
    form.unit_id.choices = unit_choices(units)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            report, created = report_sickness(current_user, report_input(form, units), "form", today)
        if outcome.ok:
            flash(_("The sick report has been recorded.") if created else _("The sick report has been updated."),
                  "success")  # fmt: skip
            return redirect(url_for("person.track", employee_id=report.employee_id))
    people = register.people_in_scope(current_user)
    return render_template("person/sick_report.html", form=form, people=people)


@bp.get("/<employee_id>")
@roles_required(*Role)
def track(employee_id: str):
    """A person's track: name, unit, the last 12 months' spells and sick reports, and the manager's tasks (HR and
    the employee's own manager; anyone else gets the 404 of an unknown id). Every read is audit-logged."""
    today = clock.today()
    found = person_track(current_user, employee_id, today)
    views = tasks_for_employee(current_user, employee_id, today)
    return render_template("person/track.html", track=found, task_views=views, show_person=False, today=today)


import survey_app.person.case_views  # noqa: E402, F401 - talks, meetings and plans, on this blueprint
import survey_app.person.step_views  # noqa: E402, F401 - a person's steps and follow-ups, on this blueprint
from survey_app.person import task_views  # noqa: E402, F401 - the tasks' routes, on this blueprint
