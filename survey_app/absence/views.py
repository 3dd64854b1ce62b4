"""Absence pages: import (check, preview, import), the ranked unit statistics with signals, and person signals."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.absence import imports, services, workbooks
from survey_app.absence.labels import (
    COUNTING_LABELS,
    GROUP_LABELS,
    SIGNAL_LABELS,
    STATUS_LABELS,
    UNIT_SIGNAL_LABELS,
    WITHHELD_REASONS,
    label,
)
from survey_app.absence.overview import overview as unit_overview
from survey_app.absence.signal_list import STATUSES, SignalFilters, list_person_signals
from survey_app.absence.sparkline import sparkline
from survey_app.access import can_run_case, roles_required
from survey_app.downloads import download_name
from survey_app.exporting.delivery import deliver_export
from survey_app.forms import caught, flashed
from survey_app.importing import upload_folder
from survey_app.models import Role

bp = Blueprint("absence", __name__, url_prefix="/absence", template_folder="templates")
absence_staff = roles_required(Role.HR, Role.ADMIN)
MAX_UPLOAD = 20 * 1024 * 1024


@bp.context_processor
def labels() -> dict:
    """Signal, group, withheld-figure and counting labels in the reader's language, for the absence pages."""
    return {
        "signal_label": lambda rule: label(SIGNAL_LABELS, rule),
        "unit_signal_label": lambda rule: label(UNIT_SIGNAL_LABELS, rule),
        "group_label": lambda group: label(GROUP_LABELS, group),
        "withheld_reason": lambda reason: label(WITHHELD_REASONS, reason),
        "counting_label": lambda counting: label(COUNTING_LABELS, counting),
        "status_label": lambda status: label(STATUS_LABELS, status),
        "statuses": STATUSES,
        "sparkline": sparkline,
    }


def _uploads() -> Path:
    folder = upload_folder()  # one definition: the retention purge removes what is never confirmed
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _stash(data: bytes) -> str:
    """Keep an uploaded file between preview and import, under a random name in the instance folder."""
    token = secrets.token_hex(16)
    (_uploads() / token).write_bytes(data)
    return token


def _unstash(token: str) -> bytes | None:
    if not token or not token.isalnum() or len(token) != 32:
        return None
    path = _uploads() / token
    if not path.exists():
        return None
    data = path.read_bytes()
    path.unlink()
    return data


@bp.get("/")
@roles_required(Role.HR, Role.ADMIN, Role.MANAGER)
def overview():
    """The ranked unit statistics, the units that call for contact first: HR and admin every unit, a manager their
    own units and the organisation's total."""
    today = clock.today()
    period = request.args.get("period") if request.args.get("period") in ("quarter", "year") else "month"
    found = services.statistics(current_user, today)
    return render_template(
        "absence/overview.html",
        overview=unit_overview(found, period),
        month=found.month,
        names=found.names,
        period=period,
        ratios=found.ratios[period],
        organisation_wide=found.organisation_wide,
        organisation_total=found.organisation_total,
        can_import=services.can_import(current_user),
        can_open_cases=can_run_case(current_user),
    )


@bp.get("/export.xlsx")
@roles_required(*workbooks.ABSENCE.roles)
def export_absence():
    """The overview's statistics and the signals page's signals, scoped as those pages are (a manager's own units)."""
    return deliver_export(current_user, workbooks.ABSENCE, clock.today(), unit=request.args.get("unit", type=int))


@bp.route("/import", methods=["GET", "POST"])
@absence_staff
def import_files():
    """Check and preview the files sent; on "import", the previewed files (kept in the instance folder) are stored."""
    if request.method == "GET":
        return render_template("absence/import.html", preview=None, problems=None)
    confirmed = request.form.get("action") == "import"
    spells, staffing, names = _confirmed_files() if confirmed else _sent_files()
    if spells is None and staffing is None:
        flash(_("Choose a file of absence spells or of staffing to import."), "error")
        return render_template("absence/import.html", preview=None, problems=None), 200
    with caught(imports.ImportRejectedError) as outcome:
        if confirmed:
            return _imported(spells, staffing, names)
        preview = imports.preview(spells, names[0], staffing, names[1], clock.today())
    if not outcome.ok:
        refused = outcome.error
        return render_template("absence/import.html", preview=None, problems=refused.problems, error=refused.message)
    tokens = {
        "spells_token": _stash(spells) if spells else "",
        "staffing_token": _stash(staffing) if staffing else "",
        "spells_name": names[0],
        "staffing_name": names[1],
    }
    return render_template("absence/import.html", preview=preview, tokens=tokens, problems=preview.problems)


def _sent_files() -> tuple[bytes | None, bytes | None, tuple[str, str]]:
    spells_file, staffing_file = request.files.get("spells"), request.files.get("staffing")
    spells = spells_file.read(MAX_UPLOAD + 1) if spells_file and spells_file.filename else None
    staffing = staffing_file.read(MAX_UPLOAD + 1) if staffing_file and staffing_file.filename else None
    return spells, staffing, (spells_file.filename if spells else "", staffing_file.filename if staffing else "")


def _confirmed_files() -> tuple[bytes | None, bytes | None, tuple[str, str]]:
    spells = _unstash(request.form.get("spells_token", ""))
    staffing = _unstash(request.form.get("staffing_token", ""))
    return spells, staffing, (request.form.get("spells_name", ""), request.form.get("staffing_name", ""))


def _imported(spells: bytes | None, staffing: bytes | None, names: tuple[str, str]):
    whole_organisation = request.form.get("whole_organisation") == "1"
    result = imports.import_absence(
        current_user, spells, names[0], staffing, names[1], clock.today(), whole_organisation=whole_organisation
    )
    flash(
        _(
            "Imported %(spells)d spells (%(added)d new, %(replaced)d replacing spells already held, %(removed)d "
            "spells held removed) and %(staffing)d staffing figures.",
            spells=result.spells,
            added=result.added,
            replaced=result.replaced,
            removed=result.removed,
            staffing=result.staffing,
        ),
        "success",
    )
    return redirect(url_for("absence.overview"))


@bp.get("/template.csv")
@absence_staff
def template():
    """An example spell file to fill in, as CSV (HR, admin)."""
    body = (
        "employee_id;unit_code;start_date;end_date;extent;sex;age_band\n"
        "E1042;VOF-HT-01;2026-03-02;2026-03-04;100;F;30-49\n"
        "E2077;VOF-HT-01;2026-03-09;;50;M;50+\n"
    )
    return current_app.response_class(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": "attachment; filename=" + download_name("absence-template", None, suffix="csv")
        },
    )


@bp.get("/signals")
@roles_required(Role.HR, Role.ADMIN, Role.MANAGER)
def signals():
    """Person signals by employee, with the talk last held for each, filtered and a page at a time (HR, admin; a
    manager those in their units)."""
    today = clock.today()
    listing = list_person_signals(current_user, SignalFilters.from_args(request.args), today)
    return render_template("absence/signals.html", listing=listing, filters=listing.filters, today=today)


@bp.post("/signals/talk")
@roles_required(Role.HR, Role.ADMIN, Role.MANAGER)
def record_talk():
    """Record that a signal's talk was held, then back to the signals (HR, admin; a manager for their units)."""
    held_on = request.form.get("held_on", type=date.fromisoformat)  # None when missing or not a date
    with flashed() as outcome:
        services.record_talk(
            current_user, request.form.get("employee", ""), request.form.get("rule", ""), held_on, clock.today()
        )
    if outcome.ok:
        flash(_("The talk has been recorded."), "success")
    return redirect(url_for("absence.signals", **SignalFilters.from_args(request.form).query()))
