"""Action plans as a workbook: every case the actor may see with its goals, every step with all its follow-ups, and
the plans' co-signatures and comments.

Everything comes from ``services.visible_cases`` (the plans pages' scope: HR and admin every unit, managers and safety
representatives their units, occupational health the units it is invited to), ``services.voices_of`` (comments
already redacted) and ``due.step_flags`` (the pages' overdue rules); this module only lays them out as
``exports.workbook`` tables. It never queries on its own and never decides who sees what.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exports.workbook import Column, OnSheet, Sheet, Table, write_workbook
from interventions.indicators import INDICATORS
from interventions.plans import EFFECT_LABELS, STAGE_LABELS, STATUS_LABELS, TRIGGER_LABELS
from survey_app.access import ANY_ROLE
from survey_app.exporting.kinds import ExportKind, register
from survey_app.i18n import ROLE_LABELS
from survey_app.models import InterventionCase, User
from survey_app.plans import due, services
from survey_app.plans.wording import responsible_text


def plans_workbook(actor: User, target, today: date, root: int | None = None, on_sheet: OnSheet | None = None) -> int:
    """A sheet of the cases with their goals and a sheet of every step next to each of its follow-ups, for the units
    the actor may see (under ``root`` if given: ``NotAllowedError`` outside the actor's scope); returns the rows
    written."""
    cases = services.visible_cases(actor, under=root, whole_plans=True)
    intro = [_("Action plans"), f"{_('Exported')}: {today.isoformat()}"]
    sheets = [_cases_sheet(cases, today, intro), _steps_sheet(cases, today, intro), _voices_sheet(cases, intro)]
    return write_workbook(target, sheets, on_sheet=on_sheet)


def _label(labels, key: str | None) -> str:
    return _(labels[key]) if key in labels else key or ""


def _indicator(key: str) -> str:
    return _(INDICATORS[key].label) if key in INDICATORS else key


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _cases_sheet(cases: list[InterventionCase], today: date, intro: list[str]) -> Sheet:
    columns = [
        Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Case"), 8, "integer"), Column(_("Trigger"), 22),
        Column(_("The trigger in a sentence"), 40), Column(_("Responsible HR specialist"), 22), Column(_("Stage"), 22),
        Column(_("Opened"), 12, "date"), Column(_("Closed"), 12, "date"), Column(_("Steps"), 8, "integer"),
        Column(_("Steps done"), 8, "integer"), Column(_("Overdue"), 9, "integer"),
        Column(_("Follow-ups missed"), 10, "integer"),
    ]  # fmt: skip

    def body() -> Iterator[tuple]:
        for case in cases:
            progress = due.case_progress(case, today)
            yield (
                case.unit.name, case.unit.code, case.id, _label(TRIGGER_LABELS, case.trigger), case.trigger_note,
                case.responsible.name if case.responsible else _("Not decided"), _label(STAGE_LABELS, case.stage),
                case.opened_on, case.closed_on, len(case.steps), progress.done, progress.overdue,
                progress.follow_up_missed,
            )  # fmt: skip

    goals = Table(
        [Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Case"), 8, "integer"), Column(_("Indicator"), 40),
         Column(_("Baseline"), 10, "number", "General"), Column(_("Target"), 10, "number", "General"),
         Column(_("Target date"), 12, "date"), Column(_("Note"), 40)],
        [(case.unit.name, case.unit.code, case.id, _indicator(goal.indicator),
          goal.baseline, goal.target, goal.target_on, goal.note)
         for case in cases for goal in case.goals],
        title=_("Goals"),
    )  # fmt: skip
    return Sheet(_("Cases"), [Table(columns, body(), title=_("Cases")), goals], intro=intro)


def _steps_sheet(cases: list[InterventionCase], today: date, intro: list[str]) -> Sheet:
    """One row per follow-up with its step beside it; a step not yet followed up has a row of its own."""
    columns = [
        Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Case"), 8, "integer"),
        Column(_("What will be done"), 40), Column(_("Why"), 30), Column(_("Responsible"), 20),
        Column(_("Due date"), 12, "date"), Column(_("Status"), 14), Column(_("Next follow-up"), 12, "date"),
        Column(_("Overdue"), 9), Column(_("Follow-up missed"), 10),
        Column(_("Date of the follow-up"), 12, "date"), Column(_("What has been done"), 50),
        Column(_("Status after the follow-up"), 14), Column(_("Effect so far"), 14),
        Column(_("Next follow-up set"), 12, "date"),
    ]  # fmt: skip

    def body() -> Iterator[tuple]:
        for case in cases:
            for step in case.steps:
                flags = due.step_flags(step, today)
                about = (
                    case.unit.name, case.unit.code, case.id, step.what, step.why, responsible_text(step), step.due_on,
                    _label(STATUS_LABELS, step.status), step.next_follow_up_on, _yes(flags["overdue"]),
                    _yes(flags["follow_up_missed"]),
                )  # fmt: skip
                if not step.follow_ups:
                    yield about
                for follow_up in step.follow_ups:
                    yield (
                        *about, follow_up.held_on, follow_up.done, _label(STATUS_LABELS, follow_up.status),
                        _label(EFFECT_LABELS, follow_up.effect), follow_up.next_follow_up_on,
                    )  # fmt: skip

    intro = [
        *intro,
        _("One row per follow-up, with its step beside it; a step not yet followed up has a row of its own."),
    ]
    return Sheet(_("Steps and follow-ups"), [Table(columns, body())], intro=intro)


def _voices_sheet(cases: list[InterventionCase], intro: list[str]) -> Sheet:
    """The safety representatives' co-signatures and everyone's comments (redacted, as the page shows them)."""
    voices = services.voices_of([case.id for case in cases])
    about = [Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Case"), 8, "integer")]
    signatures = Table(
        [*about, Column(_("Co-signed by"), 24), Column(_("Role"), 22), Column(_("Signed on"), 12, "date"),
         Column(_("Changed since it was signed"), 12)],
        [(case.unit.name, case.unit.code, case.id, s.name, role_label(s.role), s.signed_on, _yes(s.changed_since))
         for case in cases for s in voices[case.id].signatures],
        title=_("Co-signatures"),
    )  # fmt: skip
    comments = Table(
        [*about, Column(_("Written"), 18), Column(_("Written by"), 24), Column(_("Role"), 22),
         Column(_("Comment"), 60)],
        [(case.unit.name, case.unit.code, case.id, c.created_at.strftime("%Y-%m-%d %H:%M"), c.author,
          role_label(c.role), c.text)
         for case in cases for c in voices[case.id].comments],
        title=_("Comments"),
    )  # fmt: skip
    intro = [*intro, _("Times in UTC. Names, phone numbers and e-mail addresses in comments are hidden.")]
    return Sheet(_("Co-signatures and comments"), [signatures, comments], intro=intro)


def role_label(role: str) -> str:
    """An account's role in the reader's language."""
    return str(ROLE_LABELS.get(role, role))


PLANS = register(
    ExportKind(
        name="plans",
        label=_l("Action plans"),
        file_word="action-plans",
        roles=ANY_ROLE,
        write=lambda actor, parameters, target, today, on_sheet: plans_workbook(
            actor, target, today, parameters.unit, on_sheet
        ),
    )
)
