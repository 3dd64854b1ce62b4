"""Forms of the interview pages: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from survey_app.i18n import LANGUAGE_NAMES
from survey_app.interviews.services import MAX_PARTICIPANTS, NOTE_MAX, TITLE_MAX


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class RoundForm(FlaskForm):
    """A new interview round: unit, title, language, staff, anonymity threshold and the guide to start from."""

    unit_code = StringField(_l("Code of the unit whose staff are interviewed"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    language = SelectField(
        _l("Language of the interviews and the guide"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default="sv",
    )
    staff_count = IntegerField(
        _l("Staff in the unit (empty: the unit's headcount)"),
        validators=[Optional(), NumberRange(min=0, max=100000)],
    )
    anonymity_threshold = IntegerField(
        _l("Anonymity threshold (sessions or participants a theme needs before the work group sees it)"),
        default=5,
        validators=[InputRequired(), NumberRange(min=3, max=50)],
    )
    copy_from = SelectField(_l("Interview guide"), coerce=_int_or_none, validate_choice=False)


class GuideForm(FlaskForm):
    """The round's interview guide as text: '## key: Title' starts a theme, '- ' a question."""

    guide = TextAreaField(
        _l("The guide"),
        validators=[DataRequired(), Length(max=60000)],
        description=_l(
            "A theme starts with a line '## key: Title'; each question is a line starting with '- '. "
            "Add, remove or reword themes and questions for this unit."
        ),
    )


class SessionForm(FlaskForm):
    """A session to plan or change: individual or group, date, interviewer, how many took part, whether held."""

    kind = RadioField(
        _l("Kind of session"),
        choices=[SelectChoice("individual", _l("Individual interview")), SelectChoice("group", _l("Focus group"))],
        default="individual",
    )
    planned_on = DateField(_l("Date"), validators=[InputRequired()])
    interviewer_id = SelectField(_l("Interviewer"), coerce=_int_or_none, validate_choice=False)
    participants = IntegerField(
        _l("Number of participants (never names)"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=MAX_PARTICIPANTS)],
    )
    held = BooleanField(_l("The session has been held"))


class NoteForm(FlaskForm):
    """One note of a session under a theme; ``client_key`` stores a note sent twice only once. ``shareable`` is
    offered for a session with one participant only."""

    theme = SelectField(_l("Theme"), validate_choice=False)
    text = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=NOTE_MAX)])
    quote = BooleanField(_l("Verbatim quote"))
    suggestion = BooleanField(_l("Suggestion"))
    #: Asked in an individual interview: what one person alone raised reaches the managers only with their consent.
    shareable = BooleanField(_l("The participant agreed that this may be shown to the manager"))
    client_key = HiddenField()


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FindingForm(FlaskForm):
    """A key finding under a theme: strength or risk, its text and the notes that support it."""

    kind = RadioField(
        _l("Kind"), choices=[SelectChoice("strength", _l("Strength")), SelectChoice("risk", _l("Risk"))], default="risk"
    )
    theme = HiddenField()
    text = TextAreaField(_l("Key finding"), validators=[DataRequired(), Length(max=NOTE_MAX)])
    notes = CheckboxesField(_l("Notes that support it"), coerce=int, validate_choice=False)


class ReflectionForm(FlaskForm):
    """What the work group said when shown the compilation: a reflection or a suggestion."""

    kind = RadioField(
        _l("Kind"),
        choices=[SelectChoice("reflection", _l("Reflection")), SelectChoice("suggestion", _l("Suggestion"))],
        default="suggestion",
    )
    text = TextAreaField(_l("What the work group said"), validators=[DataRequired(), Length(max=NOTE_MAX)])
