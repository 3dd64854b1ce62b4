"""The decks for the method's two meetings after the interviews (compile → managers → work group): what each meeting is
shown, gathered from the pages' own services and handed to ``exports.deck`` as plain slides.

* The managers' meeting gets what the presentation page shows: every theme the managers may see (``compile_round``
  without notes), how widely it was raised as the page words it, its key findings, and quotes and suggestions only
  for themes raised widely enough to show the work group (at most ``QUOTES_FOR_MANAGERS``).
* The work-group meeting gets what the work-group page shows: only those widely raised themes (at most
  ``QUOTES_FOR_WORK_GROUP`` quotes, ``SUGGESTIONS_FOR_WORK_GROUP`` suggestions), how many more were raised by too few
  to show, and the page's closing question.
* Both get the unit's survey figures against the whole organisation's, from the latest closed round that reached the
  unit, through the results gate (``results_for``: the reader's scope, closed rounds only, small groups already
  hidden) and the report's own rows (``figure_groups``: a slide for each group, HME first); and the steps proposed
  from the round's work-group meeting.

Who may have a deck is the presentation's rule (``compile_round`` refuses everyone else with ``NotAllowedError``);
redaction and the thresholds are applied there and by the results gate, never here. Every label is in the round's
language, the meeting's, whoever downloads it (``force_locale``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exports.deck import Deck, Figure, ListSlide, ResultsSlide, ThemeSlide, TitleSlide, build_deck
from interventions.interviews import ThemeSummary, shown_count
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.exporting.kinds import ExportKind, register
from survey_app.interviews.pages import theme_title
from survey_app.interviews.services import Compilation, ThemeBlock, compile_round
from survey_app.models import InterviewRound, Role, RoundUnit, SurveyRound, User
from survey_app.privacy.redaction import redact_for_display
from survey_app.results.report import figure_groups, hidden_message
from survey_app.results.services import ReadableResults, results_for, rounds_closed_by

QUOTES_FOR_MANAGERS = 5  # as on the presentation page
QUOTES_FOR_WORK_GROUP = 3  # as on the work-group page
SUGGESTIONS_FOR_WORK_GROUP = 5


def managers_deck(actor: User, interview: InterviewRound, today: date) -> Deck:
    """The managers' meeting: the presentation page as slides, then the unit's results and the proposed steps."""
    with force_locale(interview.language):
        found = compile_round(actor, interview, with_notes=False, today=today)
        title = _("What the staff told us")
        opening = TitleSlide(
            title,
            [_place(interview), _interviewed(found)],
            notes=_(
                "For the unit’s managers and HR. Themes are ordered by how widely they were raised; quotes have names "
                "removed and are shown only for themes raised in at least %(n)d sessions or by %(n)d participants.",
                n=interview.anonymity_threshold,
            ),
        )
        themes = [_theme_slide(found, block, managers=True) for block in found.blocks]
        slides = [opening, *themes, *results_slides(actor, interview, today), steps_slide(interview)]
        return _deck(f"{title} – {interview.unit.name}", interview, slides, QUOTES_FOR_MANAGERS, today)


def work_group_deck(actor: User, interview: InterviewRound, today: date) -> Deck:
    """The work-group meeting: the work-group page as slides, then the unit's results, the proposed steps and the
    page's closing question."""
    with force_locale(interview.language):
        found = compile_round(actor, interview, with_notes=False, today=today)
        title = _("What you told us")
        lines = [
            _place(interview),
            _("%(done)d of %(staff)d of you took part", done=found.coverage.interviewed, staff=found.coverage.staff),
        ]
        if found.hidden_themes:
            lines.append(
                ngettext(
                    "%(num)d more theme was raised by too few people to be shown here.",
                    "%(num)d more themes were raised by too few people to be shown here.",
                    found.hidden_themes,
                )
            )
        themes = [_theme_slide(found, block, managers=False) for block in found.work_group_blocks]
        question = ListSlide(
            _("What do you think?"),
            lines=[
                _(
                    "Is anything missing? What would make the biggest difference? Your reflections and suggestions "
                    "go into the unit’s action plan."
                )
            ],
        )
        slides = [TitleSlide(title, lines), *themes, *results_slides(actor, interview, today), steps_slide(interview)]
        return _deck(f"{title} – {interview.unit.name}", interview, [*slides, question], QUOTES_FOR_WORK_GROUP, today)


def _deck(title: str, interview: InterviewRound, slides: list, quotes: int, today: date) -> Deck:
    made = datetime.combine(today, time())
    return Deck(title, interview.language, slides, max_quotes=quotes, created=made)


def _place(interview: InterviewRound) -> str:
    return f"{interview.unit.name} · {interview.title}"


def _interviewed(found: Compilation) -> str:
    coverage = found.coverage
    interviewed = _("%(done)d of %(staff)d staff interviewed", done=coverage.interviewed, staff=coverage.staff)
    return interviewed + " · " + ngettext("%(num)d session", "%(num)d sessions", found.sessions_held)


def raised(summary: ThemeSummary, sessions_held: int, threshold: int) -> str:
    """How widely a theme was raised, worded as the presentation pages word it (``_raised.html``): a count under
    the round's anonymity threshold reads "fewer than N" (``shown_count``)."""
    sessions = shown_count(summary.sessions, threshold)
    participants = shown_count(summary.participants, threshold)
    if sessions is None:
        where = _("Raised in fewer than %(n)d sessions", n=threshold)
    else:
        where = _("Raised in %(n)d of %(total)d sessions", n=sessions, total=sessions_held)
    if participants is None:
        who = ngettext("fewer than %(num)d participant", "fewer than %(num)d participants", threshold)
    else:
        who = ngettext("%(num)d participant", "%(num)d participants", participants)
    return f"{where} · {who}"


def _theme_slide(found: Compilation, block: ThemeBlock, managers: bool) -> ThemeSlide:
    """One theme as its page shows it: the managers' page gives every theme it lists its findings, and quotes and
    suggestions only when the theme is shown to the work group too; the work group's page lists only those."""
    interview, summary = found.interview, block.summary
    lines = [raised(summary, found.sessions_held, interview.anonymity_threshold)] if summary else []
    kinds = {"strength": _("Strength"), "risk": _("Risk")}
    lines += [f"{kinds.get(finding.kind, finding.kind)}: {finding.text}" for finding in block.findings]
    quotes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    if block.shown_to_work_group and summary is not None:
        quotes = summary.quotes[: QUOTES_FOR_MANAGERS if managers else QUOTES_FOR_WORK_GROUP]
        suggestions = summary.suggestions if managers else summary.suggestions[:SUGGESTIONS_FOR_WORK_GROUP]
    if managers and block.survey_texts:
        lines.append(
            ngettext(
                "%(num)d answer in the survey’s free text touches on this.",
                "%(num)d answers in the survey’s free text touch on this.",
                len(block.survey_texts),
            )
        )
    return ThemeSlide(theme_title(block), lines, quotes, suggestions, _("Suggestions"))


def latest_results(actor: User, unit_id: int, today: date) -> ReadableResults | None:
    """The results of the latest closed survey round that reached the unit, as ``actor`` may read them through the
    results gate, narrowed to the unit; None when no such round has closed."""
    closed = db.session.scalars(
        rounds_closed_by(today)
        .where(SurveyRound.id.in_(select(RoundUnit.round_id)))
        .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
    ).all()
    for survey in closed:
        try:
            readable = results_for(actor, survey, today, root=unit_id, items=False)
        except NotAllowedError:
            continue  # outside the reader's scope, or the unit did not exist when it closed
        result = readable.results.units.get(unit_id)
        if result is not None and result.headcount:
            return readable
    return None


def results_slides(actor: User, interview: InterviewRound, today: date) -> list[ResultsSlide]:
    """The unit's figures on its results report beside the whole organisation's, a slide for each group the report
    shows (HME and its parts, then each instrument's dimensions), as the report shows them: a hidden figure stays
    hidden, with the report's reason."""
    title = _("The unit’s survey results")
    readable = latest_results(actor, interview.unit_id, today)
    if readable is None:
        return [ResultsSlide(title, ("", "", ""), [], lines=[_("No survey that reached the unit has closed yet.")])]
    results, unit_id = readable.results, interview.unit_id
    result = results.units[unit_id]
    survey = results.survey
    lines = [_("%(title)s, closed on %(date)s", title=survey.title, date=format_date(survey.closes_on))]
    if result.suppressed:
        lines.append(hidden_message(result, results.thresholds.anonymity))
    else:
        lines.append(ngettext("%(num)d answer", "%(num)d answers", result.responses or 0))
    groups = figure_groups(results, unit_id, None, None)
    if not groups:
        return [ResultsSlide(title, ("", "", ""), [], lines=lines)]
    return [
        ResultsSlide(
            title,
            (group.title, interview.unit.name, _("Whole organisation")),
            [Figure(row.label, row.value, row.organisation) for row in group.rows],
            lines=lines,
        )
        for group in groups
    ]


def steps_slide(interview: InterviewRound) -> ListSlide:
    """The steps proposed for the unit's action plan from what the work group said in this round (redacted, as the
    compilation's workbook writes them), marked when they are already in the plan; declined ones are left out."""
    items = []
    for reflection in interview.reflections:
        proposal = reflection.proposal
        if proposal is None or proposal.status == "declined":
            continue
        text = redact_for_display(proposal.text)
        items.append(_("%(step)s (in the action plan)", step=text) if proposal.status == "adopted" else text)
    lines = [] if items else [_("No steps have been proposed yet: what the work group suggests goes into the plan.")]
    return ListSlide(_("Proposed steps"), items=items, lines=lines)


Builder = Callable[[User, InterviewRound, date], Deck]


def _writer(build: Builder):
    def write(actor, parameters, target, today, on_sheet=None) -> int:
        deck = build(actor, parameters.of_round, today)
        target.write(build_deck(deck))
        return len(deck.slides)

    return write


def _kind(name: str, label, file_word: str, build: Builder) -> ExportKind:
    return register(
        ExportKind(
            name=name,
            label=label,
            file_word=file_word,
            roles=(Role.HR, Role.MANAGER, Role.OHS),  # whom the presentation pages are for
            round_kind="interview",
            by_unit=False,
            write=_writer(build),
            suffix="pptx",
            counts="slides",
        )
    )


DECK_MANAGERS = _kind("deck_managers", _l("Deck for the managers’ meeting"), "deck-managers", managers_deck)
DECK_WORK_GROUP = _kind("deck_work_group", _l("Deck for the work-group meeting"), "deck-work-group", work_group_deck)
