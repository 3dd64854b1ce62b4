"""Forms of a person's talks, meetings and plans: they validate input and never write (``cases``,
``case_participants`` hold the rules). The view fills in the choices that depend on the case.

No form has a free-text field: a case holds days, duties, roles and consent days, nothing about health.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField
from wtforms.validators import Optional

from survey_app.models import DUTIES
from survey_app.person.case_labels import DUTY_LABELS


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class CaseForm(FlaskForm):
    """A talk's or meeting's days, or a plan's period and duties; the page shows the fields of the case's kind."""

    signal_on = DateField(
        _l("Day of the signal or sick period"),
        validators=[Optional()],
        description=_l("The day the absence signal was reached or the sick period began that led to this, if any."),
    )
    planned_on = DateField(_l("Booked for"), validators=[Optional()])
    held_on = DateField(
        _l("Held on"), validators=[Optional()], description=_l("Leave it empty until it has been held.")
    )
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    duties = RadioField(
        _l("Duties"),
        choices=[SelectChoice(key, DUTY_LABELS[key]) for key in DUTIES],
        validators=[Optional()],
        validate_choice=False,  # the service names the choices in its refusal
    )


class ParticipantForm(FlaskForm):
    """A participant by role, the day the employee consented and, for occupational health, its account."""

    role = SelectField(_l("Role"), validate_choice=False)
    consent_on = DateField(
        _l("The employee consented on"),
        validators=[Optional()],
        description=_l("Needed for everyone but the manager and the employee."),
    )
    user_id = SelectField(
        _l("Occupational health account"),
        coerce=_int_or_none,
        validate_choice=False,
        description=_l("An invited account sees this case; the plan only with the employee’s consent to sharing it."),
    )


class OhConsentForm(FlaskForm):
    """The day the employee consented to sharing the plan with occupational health."""

    oh_consent_on = DateField(_l("The employee consented to sharing the plan on"), validators=[Optional()])


class CloseForm(FlaskForm):
    """How the case ended, when it closed and, for a plan or work trial, the day back at usual work."""

    outcome = RadioField(_l("How it ended"), validate_choice=False)
    closed_on = DateField(_l("Closed on"), validators=[Optional()])
    returned_on = DateField(
        _l("Back at usual work on"),
        validators=[Optional()],
        description=_l("Needed when the person is back at work."),
    )
