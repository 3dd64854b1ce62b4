"""The compilation of a round: its notes and the unit's survey free text by theme, with how widely each was raised.

The survey free text comes through the results gate (``closed_round_results``, then ``unit_comments``): from the
unit's latest closed round, and only when the results pages would show it. Sub-themes of HR's notes come from the
free-text themes service.

What the presentations may show is decided here, never in a template: a theme one person alone raised in an individual
interview is left out of the managers' compilation unless the participant agreed (``shown_to_managers``), and every
text that comes from notes or findings is redacted. How a small count is shown is ``shown_count``'s rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from interventions.areas import AREAS
from interventions.interviews import (
    OTHER,
    Coverage,
    NoteFact,
    ThemeSummary,
    shown_count,
    shown_to_managers,
    shown_to_work_group,
    summarise_themes,
    theme_for_area,
)
from nlp.categories import suggest_category
from survey_app.audit import record_read
from survey_app.db import db
from survey_app.interviews.services.permissions import can_see_presentation, is_hr, require
from survey_app.interviews.services.planning import coverage_of, guide_of
from survey_app.models import Finding, InterviewNote, InterviewRound, RoundUnit, SurveyRound, User
from survey_app.privacy.redaction import redact_for_display
from survey_app.results.comments import unit_comments
from survey_app.results.services import closed_round_results, rounds_closed_by
from survey_app.themes.display import present_theme
from survey_app.themes.services import themes_of_texts

MIN_SUBTHEME_NOTES = 3  # a proposed sub-theme gathers at least this many notes


@dataclass(frozen=True)
class ShownFinding:
    """A key finding as the pages and workbooks show it: its text redacted, and how many notes support it."""

    id: int
    kind: str
    text: str  # redacted
    supporting_notes: int


@dataclass(frozen=True)
class ThemeBlock:
    """One theme of the compilation: how widely it was raised, its notes, survey text and findings."""

    key: str
    title: str
    summary: ThemeSummary | None
    notes: tuple[InterviewNote, ...]  # raw notes: only in HR's compilation
    subthemes: tuple[tuple[str, int], ...]  # (title, notes) proposed by clustering
    survey_texts: tuple[str, ...]  # the unit's survey free text under this theme, redacted
    findings: tuple[ShownFinding, ...]
    shown_to_work_group: bool
    shown_to_managers: bool = True


@dataclass(frozen=True)
class Compilation:
    """A round's notes and the unit's survey free text, by theme."""

    interview: InterviewRound
    coverage: Coverage
    sessions_held: int
    blocks: tuple[ThemeBlock, ...]
    survey_title: str | None
    survey_hidden: bool  # the unit's survey free text exists but is under its threshold
    withheld: int = 0  # themes left out of the managers' compilation: one interviewee who did not agree

    @property
    def work_group_blocks(self) -> tuple[ThemeBlock, ...]:
        """The themes the work group is shown: those raised widely enough that nobody can be told apart."""
        return tuple(block for block in self.blocks if block.shown_to_work_group)

    @property
    def hidden_themes(self) -> int:
        """How many raised themes the work group is not shown."""
        return self.withheld + sum(1 for block in self.blocks if block.summary and not block.shown_to_work_group)


def compile_round(actor: User, interview: InterviewRound, with_notes: bool, today: date) -> Compilation:
    """Every note and the unit's survey free text by theme, with how widely each was raised.

    ``with_notes=True`` (HR only, audit-logged) keeps the raw notes and the clustering of them; the presentations
    get counts, findings and redacted quotes only, and no theme that one interviewee alone raised without agreeing
    that it may be shown (its notes and findings are left out; the unit's survey text under it stays).
    """
    if with_notes:
        require(is_hr(actor))
    else:
        require(can_see_presentation(actor, interview))
    guide = guide_of(interview)
    titles = {theme.key: theme.title for theme in guide.themes}
    held = [session for session in interview.sessions if session.held or session.notes]
    notes = [note for session in interview.sessions for note in session.notes]
    facts = [
        NoteFact(
            session_id=note.session_id,
            participants=note.session.participants,
            theme=note.theme if note.theme in titles else OTHER,
            text=redact_for_display(note.text) if note.quote or note.suggestion else note.text,
            quote=note.quote,
            suggestion=note.suggestion,
            shareable=note.shareable,
        )
        for note in notes
    ]
    summaries = {summary.key: summary for summary in summarise_themes(facts, list(guide.keys()))}
    survey_texts, survey_title, survey_hidden = _survey_free_text(interview.unit_id, titles, today)
    by_theme: dict[str, list[InterviewNote]] = defaultdict(list)
    for note in notes:
        by_theme[note.theme if note.theme in titles else OTHER].append(note)
    findings: dict[str, list[ShownFinding]] = defaultdict(list)
    for finding in interview.findings:
        findings[finding.theme if finding.theme in titles else OTHER].append(_shown_finding(finding))
    blocks, withheld = [], 0
    for key in [*guide.keys(), OTHER]:
        summary, theme_findings = summaries.get(key), tuple(findings.get(key, ()))
        for_managers = summary is None or shown_to_managers(summary)
        if not for_managers and not with_notes:
            summary, theme_findings, withheld = None, (), withheld + 1
        if summary is None and not survey_texts.get(key) and not theme_findings:
            continue
        shown = summary is not None and shown_to_work_group(summary, interview.anonymity_threshold)
        blocks.append(
            ThemeBlock(
                key=key,
                title=titles.get(key, ""),
                summary=summary,
                notes=tuple(by_theme[key]) if with_notes else (),
                subthemes=_subthemes(by_theme[key], interview.language) if with_notes else (),
                survey_texts=tuple(survey_texts.get(key, ())),
                findings=theme_findings,
                shown_to_work_group=shown,
                shown_to_managers=for_managers,
            )
        )
    blocks.sort(key=lambda block: _how_widely(block, interview.anonymity_threshold))
    if with_notes:
        record_read(actor, "interviews.compilation_read", "interview_round", interview.id, notes=len(notes))
    return Compilation(
        interview, coverage_of(interview), len(held), tuple(blocks), survey_title, survey_hidden, withheld
    )


def _how_widely(block: ThemeBlock, threshold: int) -> tuple[int, int, bool]:
    """The sort key putting the most widely raised themes first, by the counts as shown, then the themes without
    notes: themes under the threshold keep the guide's order among themselves, so that their order does not tell
    their exact counts apart."""
    if block.summary is None:
        return 0, 0, True
    sessions = shown_count(block.summary.sessions, threshold) or 0
    return -sessions, -(shown_count(block.summary.participants, threshold) or 0), False


def _shown_finding(finding: Finding) -> ShownFinding:
    return ShownFinding(finding.id, finding.kind, redact_for_display(finding.text), len(finding.notes))


def _subthemes(notes: list[InterviewNote], language: str) -> tuple[tuple[str, int], ...]:
    """Sub-themes proposed by clustering a theme's notes, once there are enough of them to say anything: each with
    its title in the round's language and at least ``MIN_SUBTHEME_NOTES`` notes."""
    if len(notes) < 6:
        return ()
    texts = tuple(redact_for_display(note.text) for note in notes)
    found = themes_of_texts(texts, respondents=tuple(note.session_id for note in notes))  # a session: one voice
    return tuple(
        (present_theme(theme, language).title, theme.size)
        for theme in found.themes
        if theme.id >= 0 and theme.size >= MIN_SUBTHEME_NOTES
    )


def _survey_free_text(
    unit_id: int, titles: dict[str, str], today: date
) -> tuple[dict[str, list[str]], str | None, bool]:
    """The unit's free text from its latest closed survey round, sorted under the guide's themes.

    Only what the results pages would show: nothing when the unit is under the free-text threshold.
    """
    closed = db.session.scalars(
        rounds_closed_by(today)
        .where(SurveyRound.id.in_(select(RoundUnit.round_id)))
        .order_by(SurveyRound.closes_on.desc())
    ).all()
    for survey in closed:
        results = closed_round_results(survey, today)
        if unit_id not in results.units or not results.units[unit_id].headcount:
            continue
        comments = unit_comments(results, unit_id)
        if comments is None:
            return {}, survey.title, True
        from nlp.language import detect_languages  # spaCy and the lemma tables: loaded when first needed
        from nlp.lemmas import analyse

        texts = [comment.text for comment in comments]
        languages = [lang or "sv" for lang in detect_languages(texts)]
        grouped: dict[str, list[str]] = defaultdict(list)
        for text, terms, lang in zip(texts, analyse(texts, languages), languages, strict=True):
            area = suggest_category([term.lemma for term in terms], lang, areas=AREAS)
            grouped[theme_for_area(area, titles)].append(text)
        return dict(grouped), survey.title, False
    return {}, None, False
