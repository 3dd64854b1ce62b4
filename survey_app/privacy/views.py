"""Data-protection pages: the retention settings with what a purge would delete now (admin, read-only: the purge
itself runs from cron), and one employee id as a data subject (HR and admin): look up, download, erase.

The employee id travels only in POST bodies, never in a URL: addresses end up in browser histories and proxy logs.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.absence.labels import SIGNAL_LABELS, label
from survey_app.access import not_found_when_not_allowed, roles_required
from survey_app.db import db, utcnow
from survey_app.downloads import download_name, xlsx_download
from survey_app.errors import DomainError
from survey_app.forms import show_domain_error
from survey_app.models import Role
from survey_app.privacy import services, subjects, workbooks
from survey_app.privacy.forms import ErasureForm, SubjectForm

bp = Blueprint("privacy", __name__, url_prefix="/privacy", template_folder="templates")
subject_staff = roles_required(Role.HR, Role.ADMIN)


@bp.context_processor
def labels() -> dict:
    return {"signal_label": lambda rule: label(SIGNAL_LABELS, rule)}


@bp.get("/")
@roles_required(Role.ADMIN)
@not_found_when_not_allowed
def retention():
    today, now = clock.today(), utcnow()
    settings = services.retention_overview(current_user, today, now)
    return render_template("privacy/retention.html", settings=settings, today=today)


@bp.route("/subject", methods=["GET", "POST"])
@subject_staff
@not_found_when_not_allowed
def subject():
    form, found = SubjectForm(), None
    if form.validate_on_submit():
        try:
            found = subjects.subject_data(current_user, form.employee_id.data, "page")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
    erasure = ErasureForm(formdata=None, employee_id=found.employee_id if found else "")
    return render_template("privacy/subject.html", form=form, found=found, erasure=erasure)


@bp.post("/subject/export.xlsx")
@subject_staff
@not_found_when_not_allowed
def subject_workbook():
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
@not_found_when_not_allowed
def erase_subject():
    erasure = ErasureForm()
    if not erasure.employee_id.data:
        flash(_("Look up an employee id first."), "error")
        return redirect(url_for("privacy.subject"))
    if erasure.validate_on_submit():
        try:
            done = subjects.erase_subject(current_user, erasure.employee_id.data, erasure.confirmation.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(erasure, error)
        else:
            flash(
                _("Erased %(spells)d absence spells and %(talks)d signal talks. The audit log keeps only a keyed "
                  "hash of the id.", spells=done.spells, talks=done.talks),
                "success",
            )  # fmt: skip
            return redirect(url_for("privacy.subject"))
    found = subjects.subject_data(current_user, erasure.employee_id.data, "page")
    form = SubjectForm(formdata=None, employee_id=found.employee_id)
    return render_template("privacy/subject.html", form=form, found=found, erasure=erasure)
