"""Forms of the indicators page: they validate input and never write. Choices are filled in by the view, translated.

The indicator and unit lists are not checked against their choices here: the service explains a wrong choice in
words ("Omtanke computes this indicator …") rather than WTForms' generic "Not a valid choice".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, StringField
from wtforms.validators import InputRequired, Length


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class SelectionForm(FlaskForm):
    """What the page shows: read from the query string, so no CSRF token."""

    class Meta:
        """No CSRF token: the selection is read from the query string."""

        csrf = False

    unit = SelectField(_l("Unit"), validate_choice=False)
    kind = SelectField(_l("Periods"), validate_choice=False)


class ValueForm(FlaskForm):
    """A value entered for an indicator, a unit (none: the whole organisation) and a month, quarter or year."""

    indicator = SelectField(_l("Indicator"), validate_choice=False)
    unit_id = SelectField(_l("Unit"), coerce=_int_or_none, validate_choice=False)
    period = StringField(
        _l("Period"),
        validators=[InputRequired(), Length(max=20)],
        description=_l("A month (2026-03), a quarter (2026-Q1) or a year (2026)."),
    )
    value = DecimalField(_l("Value"), validators=[InputRequired()], places=None)


class TargetForm(FlaskForm):
    """Where an indicator should be for a unit (none: the whole organisation), and by when."""

    indicator = SelectField(_l("Indicator"), validate_choice=False)
    unit_id = SelectField(_l("Unit"), coerce=_int_or_none, validate_choice=False)
    target = DecimalField(_l("Target"), validators=[InputRequired()], places=None)
    target_on = DateField(_l("Target date"), validators=[InputRequired()])
