"""The data-subject workbook: everything held about one pseudonymous employee id, as the subject page shows it.

Every value that came from outside (the employee id, unit names, import file names) is written as text, so a value
that starts like a formula stays text (``exports.workbook``).
"""

from __future__ import annotations

import json
from datetime import date

from flask_babel import gettext as _

from exports.workbook import Column, Sheet, Table, write_workbook
from survey_app.absence.labels import SIGNAL_LABELS, label
from survey_app.models import User
from survey_app.privacy.subjects import SubjectData, subject_data


def subject_workbook(actor: User | None, employee_id: str, target, today: date, channel: str = "xlsx") -> int:
    """Write the subject's spells, signal talks and audit entries to ``target``; the read is audit-logged. Returns
    the rows written."""
    return write_subject(subject_data(actor, employee_id, channel), target, today)


def write_subject(found: SubjectData, target, today: date) -> int:
    """The workbook of data already read (and logged)."""
    intro = [
        _("Everything Omtanke holds about the employee id %(id)s on %(day)s.", id=found.employee_id, day=today),
        _("Special-category data (health): keep this file as carefully as the absence data itself."),
    ]
    return write_workbook(target, [_spells(found, intro), _talks(found), _audit(found)])


def _spells(found: SubjectData, intro: list[str]) -> Sheet:
    table = Table(
        [Column(_("Employee"), 14), Column(_("Unit code"), 12), Column(_("Unit"), 30),
         Column(_("First day"), 12, "date"), Column(_("Last day"), 12, "date"),
         Column(_("Extent (%)"), 10, "integer"), Column(_("Sex"), 6),
         Column(_("Age band"), 10), Column(_("Import file"), 30), Column(_("Imported (UTC)"), 18, "date")],
        [(found.employee_id, s.unit_code, s.unit_name, s.first_day, s.last_day, s.extent, s.sex, s.age_band,
          s.import_file, s.imported_at) for s in found.spells],
    )  # fmt: skip
    return Sheet(_("Absence spells"), [table], intro=intro)


def _talks(found: SubjectData) -> Sheet:
    table = Table(
        [Column(_("Employee"), 14), Column(_("Signal"), 50), Column(_("Held on"), 12, "date"),
         Column(_("Recorded (UTC)"), 18, "date")],
        [(found.employee_id, label(SIGNAL_LABELS, t.rule), t.held_on, t.recorded_at) for t in found.talks],
    )  # fmt: skip
    return Sheet(_("Signal talks"), [table])


def _audit(found: SubjectData) -> Sheet:
    table = Table(
        [Column(_("When (UTC)"), 18, "date"), Column(_("Who"), 30), Column(_("What"), 26), Column(_("Object"), 40),
         Column(_("Details"), 60)],
        [(e.at, e.actor, e.action, f"{e.object_type or ''} {e.object_id or ''}".strip(),
          json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "") for e in found.audit],
    )  # fmt: skip
    intro = [_("Audit entries that name this id, or its keyed hash (how reads and erasures are logged).")]
    return Sheet(_("Audit log"), [table], intro=intro)
