"""Forms of HR's survey pages: they validate input and never write."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from survey_app.i18n import LANGUAGE_NAMES
from survey_app.surveys.content import localized, ordered_instruments
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


class RoundForm(FlaskForm):
    """A new survey round: title, the unit it goes to, dates, languages, thresholds, sections and own questions."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    root_code = StringField(
        _l("Code of the unit the survey goes to (all workplaces below it take part; empty: the whole organisation)"),
        validators=[Optional(), Length(max=50)],
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


class CodesForm(FlaskForm):
    """How many personal answer codes to make for a workplace."""

    count = IntegerField(
        _l("Number of codes"), default=20, validators=[InputRequired(), NumberRange(min=1, max=MAX_CODES)]
    )
