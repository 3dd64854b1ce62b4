"""Forms of HR's survey pages: they validate input and never write."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from survey_app.admin.queries import tree_rows
from survey_app.db import db
from survey_app.i18n import LANGUAGE_NAMES
from survey_app.models import SurveyRound, Unit
from survey_app.surveys.content import OWN_ITEM_TYPES, localized, ordered_instruments
from survey_app.surveys.services import MAX_CODES, MAX_THRESHOLD, MIN_THRESHOLD


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def section_options() -> list[SelectChoice]:
    """Every instrument section as a choice, labelled "Instrument: Section" in the reader's language."""
    language = str(get_locale() or "sv")
    return [
        SelectChoice(
            f"{instrument.id}/{section.id}",
            f"{localized(instrument.title, language)}: {localized(section.title, language)}",
        )
        for instrument in ordered_instruments()
        for section in instrument.sections
    ]


def unit_options() -> list[SelectChoice]:
    """The whole organisation, then every active unit in tree order, indented by depth, "Name (CODE)"."""
    rows = tree_rows(list(db.session.scalars(select(Unit).where(Unit.active))))
    return [SelectChoice("", _l("The whole organisation"))] + [
        SelectChoice(row.unit.code, "\u00a0\u00a0\u00a0" * row.depth + f"{row.unit.name} ({row.unit.code})")
        for row in rows
    ]


def _title(language: str) -> StringField:
    return StringField(
        _l("Title in %(language)s", language=LANGUAGE_NAMES[language]),
        validators=[Optional(), Length(max=200)],
        description=_l("Needed when the language is offered."),
    )


class RoundForm(FlaskForm):
    """A survey round: its title per language, the unit it goes to, dates, languages, thresholds, sections and own
    questions."""

    title_sv = _title("sv")
    title_fi = _title("fi")
    title_en = _title("en")
    root_code = SelectField(
        _l("The unit the survey goes to"),
        description=_l("Every workplace below it takes part."),
        validate_choice=False,
    )
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()])
    languages = CheckboxesField(
        _l("Languages offered"),
        default=["sv", "fi"],
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )
    anonymity_threshold = IntegerField(
        _l("Anonymity threshold (fewest answers a result is shown for)"),
        default=5,
        validators=[InputRequired(), NumberRange(min=MIN_THRESHOLD, max=MAX_THRESHOLD)],
    )
    comment_threshold = IntegerField(
        _l("Threshold for free text (fewest answers free text is shown for)"),
        default=10,
        validators=[InputRequired(), NumberRange(min=MIN_THRESHOLD, max=MAX_THRESHOLD)],
        description=_l("Free text is easier to recognise than a score: 10 is common practice."),
    )
    sections = CheckboxesField(_l("Sections of the questionnaire"), validate_choice=False)
    own_statements = TextAreaField(
        _l("Own statements (agree–disagree scale), one per line"),
        validators=[Optional(), Length(max=10000)],
        description=_l(
            "Write one text for all languages, or one per language separated by | in the order "
            "Swedish | Finnish | English (only the languages offered)."
        ),
    )
    own_questions = TextAreaField(_l("Own open questions, one per line"), validators=[Optional(), Length(max=10000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections.choices = section_options()
        self.root_code.choices = unit_options()

    @property
    def titles(self) -> dict[str, str]:
        """{language: title} for the offered languages."""
        return {language: self[f"title_{language}"].data or "" for language in self.languages.data or ()}

    @classmethod
    def of(cls, survey: SurveyRound) -> RoundForm:
        """The form filled in with a round's values, to edit it."""
        own = survey.content.get("own_items", [])
        form = cls(
            data={
                **{f"title_{language}": title for language, title in (survey.titles or {}).items()},
                "root_code": survey.root_unit.code if survey.root_unit else "",
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "languages": survey.languages,
                "anonymity_threshold": survey.anonymity_threshold,
                "comment_threshold": survey.comment_threshold,
                "sections": [f"{ref['instrument']}/{ref['section']}" for ref in survey.content.get("sections", [])],
                "own_statements": _own_lines(own, OWN_ITEM_TYPES[0], survey.languages),
                "own_questions": _own_lines(own, OWN_ITEM_TYPES[1], survey.languages),
            }
        )
        root = survey.root_unit
        if root is not None and root.code not in {choice.value for choice in form.root_code.choices}:
            form.root_code.choices.append(SelectChoice(root.code, f"{root.name} ({root.code})"))  # deactivated since
        return form


def _own_lines(items: list[dict], kind: str, languages: list[str]) -> str:
    lines = []
    for item in items:
        if item["type"] == kind:
            texts = [item["text"].get(language, "") for language in languages]
            lines.append(texts[0] if len(set(texts)) == 1 else " | ".join(texts))
    return "\n".join(lines)


class ExtendForm(FlaskForm):
    """A later closing date for a scheduled or open round."""

    closes_on = DateField(_l("New closing date"), validators=[InputRequired()])


class ConfirmForm(FlaskForm):
    """A ticked box that confirms a step that cannot be undone."""

    confirm = BooleanField(_l("Yes, I am sure"), validators=[DataRequired(_l("Tick the box to confirm."))])


class CodesForm(FlaskForm):
    """How many personal answer codes to make for a workplace."""

    count = IntegerField(
        _l("Number of codes"), default=20, validators=[InputRequired(), NumberRange(min=1, max=MAX_CODES)]
    )
