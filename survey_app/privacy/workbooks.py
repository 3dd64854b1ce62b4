"""The data-subject workbooks: everything held about one pseudonymous employee id, as the subject pages show it.

The one home of this export. It is not a registered export kind (``exporting.kinds``): a kind takes a round, a unit
and a period, and a background job would store its parameters, here the id of a person, in the jobs table; a
person's record is always small, so it is written at once. ``write_subject`` is the absence part (HR and admin);
``write_person`` adds the person track to it (HR: the name, reports, tasks and cases, ``person_subject``).

Every value that came from outside (the employee id, names, unit names, import file names, step texts and notes) is
written as text, so a value that starts like a formula stays text (``exports.workbook``).
"""

from __future__ import annotations

import json
from datetime import date

from flask_babel import gettext as _

from exports.workbook import Column, Sheet, Table, write_workbook
from survey_app.absence.labels import SIGNAL_LABELS, label
from survey_app.models import User
from survey_app.privacy import track_labels as words
from survey_app.privacy.person_subject import PersonAccess, person_access
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


def person_workbook(actor: User | None, employee_id: str, target, today: date, channel: str = "xlsx") -> int:
    """Write everything held about the person, the track included, to ``target`` (HR only); the read is
    audit-logged. Returns the rows written."""
    return write_person(person_access(actor, employee_id, channel), target, today)


def write_person(found: PersonAccess, target, today: date) -> int:
    """The whole record of data already read (and logged): register entry, absence, reports, tasks, cases, audit."""
    intro = [
        _("Everything Omtanke holds about the employee id %(id)s on %(day)s.", id=found.employee_id, day=today),
        _("Special-category data (health): keep this file as carefully as the absence data itself."),
        _(
            "Step texts and notes are shown as on every page: personal names, e-mail addresses, identity and phone "
            "numbers removed."
        ),
    ]
    absence = found.absence
    sheets = [_register(found, intro), _spells(absence, []), _talks(absence), _reports(found), _tasks(found)]
    return write_workbook(target, [*sheets, *_cases(found), _audit(absence)])


def _register(found: PersonAccess, intro: list[str]) -> Sheet:
    entry = found.register
    rows = [] if entry is None else [(entry.employee_id, entry.name, entry.unit_code, entry.unit_name)]
    table = Table([Column(_("Employee"), 14), Column(_("Name"), 30), Column(_("Unit code"), 12), Column(_("Unit"), 30)],
                  rows)  # fmt: skip
    return Sheet(_("Register entry"), [table], intro=intro)


def _reports(found: PersonAccess) -> Sheet:
    table = Table(
        [Column(_("Unit code"), 12), Column(_("First day"), 12, "date"), Column(_("Expected days"), 10, "integer"),
         Column(_("Extent (%)"), 10, "integer"), Column(_("Source"), 30), Column(_("Reported (UTC)"), 18, "date")],
        [(r.unit_code, r.first_day, r.expected_days, r.extent, words.source_label(r.source), r.reported_at)
         for r in found.reports],
    )  # fmt: skip
    return Sheet(_("Sick reports"), [table])


def _tasks(found: PersonAccess) -> Sheet:
    table = Table(
        [Column(_("Task"), 60), Column(_("Anchor"), 12, "date"), Column(_("Done on"), 12, "date"),
         Column(_("Outcome"), 16)],
        [(words.task_label(t.kind), t.anchor, t.done_on, words.outcome_label(t.outcome)) for t in found.tasks],
    )  # fmt: skip
    intro = [_("A task's anchor is the first day of the sick period, or the day the signal was reached.")]
    return Sheet(_("Tasks done"), [table], intro=intro)


def _cases(found: PersonAccess) -> list[Sheet]:
    """Cases, their participants, steps and follow-ups on four sheets, joined by the case's number (and step's)."""
    cases, participants, steps, follow_ups = [], [], [], []
    for number, case in enumerate(found.cases, start=1):
        cases.append((number, words.kind_label(case.kind), case.unit_code, case.signal_on, case.planned_on,
                      case.held_on, case.starts_on, case.ends_on, words.duty_label(case.duties), case.oh_consent_on,
                      case.returned_on, case.closed_on, words.case_outcome_label(case.outcome)))  # fmt: skip
        participants += [(number, words.role_label(p.role), p.consent_on) for p in case.participants]
        for step_number, step in enumerate(case.steps, start=1):
            steps.append((number, step_number, step.what, words.role_label(step.responsible_role), step.due_on,
                          words.status_label(step.status), step.next_follow_up_on, step.hours_percent))  # fmt: skip
            follow_ups += [
                (number, step_number, f.held_on, words.status_label(f.status), words.effect_label(f.effect), f.note,
                 f.next_follow_up_on)
                for f in step.follow_ups
            ]  # fmt: skip
    return [_case_sheet(cases), _participant_sheet(participants), _step_sheet(steps), _follow_up_sheet(follow_ups)]


def _numbers() -> list[Column]:
    return [Column(_("Case"), 8, "integer"), Column(_("Step"), 8, "integer")]


def _case_sheet(rows: list[tuple]) -> Sheet:
    columns = [
        _numbers()[0], Column(_("Kind"), 26), Column(_("Unit code"), 12), Column(_("Signal on"), 12, "date"),
        Column(_("Planned for"), 12, "date"), Column(_("Held on"), 12, "date"), Column(_("Starts on"), 12, "date"),
        Column(_("Ends on"), 12, "date"), Column(_("Duties"), 20),
        Column(_("Consent to share with occupational health"), 16, "date"),
        Column(_("Back at usual work"), 12, "date"), Column(_("Closed on"), 12, "date"), Column(_("Outcome"), 30),
    ]  # fmt: skip
    return Sheet(_("Talks and plans"), [Table(columns, rows)])


def _participant_sheet(rows: list[tuple]) -> Sheet:
    columns = [_numbers()[0], Column(_("Role"), 30), Column(_("Consent given on"), 14, "date")]
    intro = [_("The manager and the employee take part without a consent of their own.")]
    return Sheet(_("Participants"), [Table(columns, rows)], intro=intro)


def _step_sheet(rows: list[tuple]) -> Sheet:
    columns = [
        *_numbers(), Column(_("What"), 50), Column(_("Responsible"), 24), Column(_("Due"), 12, "date"),
        Column(_("Status"), 14), Column(_("Next follow-up"), 14, "date"),
        Column(_("Share of hours (%)"), 10, "integer"),
    ]  # fmt: skip
    return Sheet(_("Steps"), [Table(columns, rows)])


def _follow_up_sheet(rows: list[tuple]) -> Sheet:
    columns = [
        *_numbers(), Column(_("Held on"), 12, "date"), Column(_("Status"), 14), Column(_("Effect"), 16),
        Column(_("Note"), 50), Column(_("Next follow-up"), 14, "date"),
    ]  # fmt: skip
    return Sheet(_("Follow-ups"), [Table(columns, rows)])
