"""Data-protection pages: the retention settings with what a purge would delete now (admin, read-only: the purge
itself runs from cron), one employee id as a data subject (HR and admin: the absence data looked up, downloaded,
erased with the person track; HR only: the whole record with the person track, art. 15), and the organisation's
names that redaction must catch (HR and admin: import, replace, clear; kept only as keyed hashes).

The employee id travels only in POST bodies, never in a URL: addresses end up in browser histories and proxy logs.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from survey_app import clock
from survey_app.absence.labels import SIGNAL_LABELS, label
from survey_app.access import roles_required
from survey_app.db import utcnow
from survey_app.downloads import download_name, xlsx_download
from survey_app.forms import caught, flashed, shown_on
from survey_app.importing import ImportRejectedError
from survey_app.models import Role
from survey_app.privacy import known_names, person_subject, services, subjects, workbooks
from survey_app.privacy.forms import ErasureForm, SubjectForm
from survey_app.privacy.track_labels import track_labels

bp = Blueprint("privacy", __name__, url_prefix="/privacy", template_folder="templates")
subject_staff = roles_required(Role.HR, Role.ADMIN)


@bp.context_processor
def labels() -> dict:
    """Signal rule labels and the person track's words in the reader's language, for the privacy pages."""
    return {"signal_label": lambda rule: label(SIGNAL_LABELS, rule), **track_labels()}


@bp.get("/")
@roles_required(Role.ADMIN)
def retention():
    """The retention settings and what a purge would delete now (admin, read-only)."""
    today, now = clock.today(), utcnow()
    settings = services.retention_overview(current_user, today, now)
    return render_template("privacy/retention.html", settings=settings, today=today)


@bp.route("/subject", methods=["GET", "POST"])
@subject_staff
def subject():
    """Look up an employee id and see everything held about it; the read is logged (HR, admin)."""
    form, found = SubjectForm(), None
    if form.validate_on_submit():
        with shown_on(form):
            found = subjects.subject_data(current_user, form.employee_id.data, "page")
    erasure = ErasureForm(formdata=None, employee_id=found.employee_id if found else "")
    return render_template("privacy/subject.html", form=form, found=found, erasure=erasure)


@bp.post("/subject/export.xlsx")
@subject_staff
def subject_workbook():
    """Everything held about an employee id as a workbook; the read is logged (HR, admin)."""
    form = SubjectForm()
    if not form.validate_on_submit():
        flash(_("Look up an employee id first."), "error")
        return redirect(url_for("privacy.subject"))
    today = clock.today()
    return xlsx_download(
        lambda target: workbooks.subject_workbook(current_user, form.employee_id.data, target, today),
        download_name("data-subject", today, detail=form.employee_id.data),
    )


@bp.post("/subject/erase")
@subject_staff
def erase_subject():
    """Erase an employee id's spells, signal talks and person track once the id is typed again (HR, admin)."""
    erasure = ErasureForm()
    if not erasure.employee_id.data:
        flash(_("Look up an employee id first."), "error")
        return redirect(url_for("privacy.subject"))
    if erasure.validate_on_submit():
        with shown_on(erasure) as outcome:
            done = subjects.erase_subject(current_user, erasure.employee_id.data, erasure.confirmation.data)
        if outcome.ok:
            flash(
                _("Erased %(spells)d absence spells, %(talks)d signal talks and %(track)d records of the person "
                  "track. The audit log keeps only a keyed hash of the id.", spells=done.spells, talks=done.talks,
                  track=done.track),
                "success",
            )  # fmt: skip
            return redirect(url_for("privacy.subject"))
    found = subjects.subject_data(current_user, erasure.employee_id.data, "page")
    form = SubjectForm(formdata=None, employee_id=found.employee_id)
    return render_template("privacy/subject.html", form=form, found=found, erasure=erasure)


@bp.route("/subject/access", methods=["GET", "POST"])
@roles_required(Role.HR)
def subject_access():
    """Everything held about an employee id, the person track included (GDPR art. 15); the read is logged (HR)."""
    form, found = SubjectForm(), None
    if form.validate_on_submit():
        with shown_on(form):
            found = person_subject.person_access(current_user, form.employee_id.data, "page")
    return render_template("privacy/subject_access.html", form=form, found=found)


@bp.post("/subject/access.xlsx")
@roles_required(Role.HR)
def subject_access_workbook():
    """Everything held about an employee id, the person track included, as a workbook; the read is logged (HR)."""
    form = SubjectForm()
    if not form.validate_on_submit():
        flash(_("Look up an employee id first."), "error")
        return redirect(url_for("privacy.subject_access"))
    today = clock.today()
    return xlsx_download(
        lambda target: workbooks.person_workbook(current_user, form.employee_id.data, target, today),
        download_name("data-subject-record", today, detail=form.employee_id.data),
    )


@bp.route("/names", methods=["GET", "POST"])
@subject_staff
def names():
    """The staff and manager names redaction catches: how many are held, and a file to check before it replaces them
    (HR, admin). The file itself is never kept: until the import is confirmed only its keyed hashes wait."""
    held = known_names.held_list()
    if request.method == "GET":
        return render_template("privacy/names.html", held=held)
    upload = request.files.get("names")
    data = upload.read(known_names.NAMES_FILE_MAX_BYTES + 1) if upload and upload.filename else None
    if data is None:
        return render_template("privacy/names.html", held=held, error=_("Choose a file of names to check."))
    with caught(ImportRejectedError) as outcome:
        preview = known_names.preview_import(data, upload.filename)
    if not outcome.ok:
        refused = outcome.error
        return render_template("privacy/names.html", held=held, error=refused.message, problems=refused.problems), 422
    return render_template("privacy/names.html", held=held, preview=preview)


@bp.post("/names/import")
@subject_staff
def import_names():
    """Store the checked list in place of the one held (HR, admin)."""
    with flashed() as outcome:
        people = known_names.confirm_import(current_user, request.form.get("token", ""))
    if outcome.ok:
        flash(ngettext("The names of %(num)d person are now redacted.",
                       "The names of %(num)d people are now redacted.", people), "success")  # fmt: skip
    return redirect(url_for("privacy.names"))


@bp.post("/names/clear")
@subject_staff
def clear_names():
    """Delete every stored name hash: free text is then redacted without the organisation's names (HR, admin)."""
    people = known_names.clear_names(current_user)
    flash(ngettext("The names of %(num)d person were removed.", "The names of %(num)d people were removed.", people),
          "success")  # fmt: skip
    return redirect(url_for("privacy.names"))
