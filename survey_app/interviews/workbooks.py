"""An interview round's compilation as a workbook: what the compilation and presentation pages show, never more.

Everything comes from ``services.compile_round``, which decides who may see what: HR gets its compilation (counts,
proposed sub-themes, findings, the work group's reflections; the read is audit-logged), managers and occupational
health of the unit the presentation once HR has released it. Raw notes are never written, not even for HR: the
workbook leaves Omtanke, the notes stay in it. Quotes and suggestions — redacted — appear only for themes raised
widely enough to be shown to the work group, as on the presentation page. Because it leaves Omtanke, every workbook
(HR's too) writes a count under the round's anonymity threshold as "fewer than N" (``shown_count``), never the exact
small number; findings and reflections are written redacted.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from exports.workbook import Chart, Column, OnSheet, Sheet, Table, write_workbook
from interventions.interviews import shown_count
from survey_app.exporting.kinds import ExportKind, register
from survey_app.interviews.services import Compilation, ThemeBlock, compile_round, is_hr
from survey_app.models import InterviewRound, Role, User
from survey_app.privacy.redaction import redact_for_display

QUOTES_SHOWN = 5  # per theme, as on the presentation page


def interviews_workbook(
    actor: User, interview: InterviewRound, target, today: date, on_sheet: OnSheet | None = None
) -> int:
    """The themes with how widely each was raised, then the key findings, quotes and suggestions; for HR also the
    proposed sub-themes and the work group's reflections. Returns the rows written; ``NotAllowedError`` for anyone
    the presentation page refuses."""
    hr = is_hr(actor)
    found = compile_round(actor, interview, with_notes=hr, today=today)
    return write_workbook(target, [_themes(found, hr, today), _findings(found, hr)], on_sheet=on_sheet)


def _title(block: ThemeBlock) -> str:
    return block.title or _("Other")


def _count(count: int | None, threshold: int) -> int | str | None:
    """A count as the workbook writes it: "fewer than N" under the round's anonymity threshold."""
    if count is None:
        return None
    shown = shown_count(count, threshold)
    return _("fewer than %(n)d", n=threshold) if shown is None else shown


def _intro(found: Compilation, today: date) -> list[str]:
    interview, coverage = found.interview, found.coverage
    lines = [
        f"{interview.title} – {interview.unit.name}",
        _("%(done)d of %(staff)d staff interviewed", done=coverage.interviewed, staff=coverage.staff)
        + " · "
        + ngettext("%(num)d session", "%(num)d sessions", found.sessions_held),
        _(
            "For the unit’s managers and HR. Themes are ordered by how widely they were raised; quotes have names "
            "removed and are shown only for themes raised in at least %(n)d sessions or by %(n)d participants.",
            n=interview.anonymity_threshold,
        ),
    ]
    if found.survey_title and found.survey_hidden:
        title = found.survey_title
        lines.append(_("The unit’s free text from %(title)s is not included: too few answers to show it.", title=title))
    return [*lines, _("Exported %(date)s", date=today.isoformat())]


def _themes(found: Compilation, hr: bool, today: date) -> Sheet:
    columns = [Column(_("Theme"), 34), Column(_("Sessions"), 10, "integer"), Column(_("Participants"), 12, "integer")]
    columns += [Column(_("Notes"), 10, "integer")] if hr else []
    columns += [Column(_("Survey answers"), 12, "integer"), Column(_("Shown to the work group"), 14)]
    rows, threshold = [], found.interview.anonymity_threshold
    for block in found.blocks:
        summary = block.summary
        sessions, participants, notes = (
            (summary.sessions, summary.participants, summary.notes) if summary else [None] * 3
        )
        row = [_title(block), _count(sessions, threshold), _count(participants, threshold)]
        row += [_count(notes, threshold)] if hr else []
        row += [len(block.survey_texts), _("Yes") if block.shown_to_work_group else _("No")]
        rows.append(row)
    chart = Chart(_("Sessions in which each theme was raised"), 0, (1,))
    tables = [Table(columns, rows, title=_("Themes"), charts=[chart])]
    if hr:
        subthemes = Table(
            [Column(_("Theme"), 34), Column(_("Sub-theme"), 40), Column(_("Notes"), 10, "integer")],
            [(_title(block), label, size) for block in found.blocks for label, size in block.subthemes],
            title=_("Proposed sub-themes"),
        )
        tables.append(subthemes)
    return Sheet(_("Themes"), tables, intro=_intro(found, today))


def _findings(found: Compilation, hr: bool) -> Sheet:
    kinds = {"strength": _("Strength"), "risk": _("Risk")}
    columns = [Column(_("Theme"), 34), Column(_("Kind"), 12), Column(_("Key finding"), 80)]
    columns += [Column(_("Notes"), 10, "integer")] if hr else []
    findings = Table(
        columns,
        [(_title(block), kinds.get(finding.kind, finding.kind), finding.text,
          *([finding.supporting_notes] if hr else []))
         for block in found.blocks for finding in block.findings],
        title=_("Key findings"),
    )  # fmt: skip
    said = Table(
        [Column(_("Theme"), 34), Column(_("Kind"), 12), Column(_("Text"), 80)],
        [(_title(block), kind, text) for block in found.blocks if block.shown_to_work_group and block.summary
         for kind, texts in ((_("Quote"), block.summary.quotes[:QUOTES_SHOWN]),
                             (_("Suggestion"), block.summary.suggestions))
         for text in texts],
        title=_("Quotes and suggestions"),
    )  # fmt: skip
    tables = [findings, said]
    if hr:
        proposed = _("Proposed as a step in the action plan.")
        reflections = Table(
            [Column(_("Kind"), 12), Column(_("What the work group said"), 80), Column(_("Action plan"), 30)],
            [(_("Suggestion") if r.kind == "suggestion" else _("Reflection"), redact_for_display(r.text),
              proposed if r.proposal else "")
             for r in found.interview.reflections],
            title=_("The work group’s reflections and suggestions"),
        )  # fmt: skip
        tables.append(reflections)
    return Sheet(_("Key findings"), tables)


INTERVIEWS = register(
    ExportKind(
        name="interviews",
        label=_l("Interview compilation"),
        file_word="interviews",
        roles=(Role.HR, Role.MANAGER, Role.OHS),  # whom the presentation is for; admin is not part of it
        round_kind="interview",
        by_unit=False,
        write=lambda actor, parameters, target, today, on_sheet: interviews_workbook(
            actor, parameters.of_round, target, today, on_sheet
        ),
    )
)
