"""Forms of the person pages: they validate input and never write. Unit choices are filled in by the view.

The sick-report form has no free-text field and no diagnosis field by design: a report holds who, where, from which
day, for how long it is expected and at what extent, nothing else (docs/security.md).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from survey_app.absence.importing import EXTENTS
from survey_app.admin.queries import tree_rows
from survey_app.models import Unit


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def unit_choices(units: list[Unit]) -> list[SelectChoice]:
    """The units in tree order, indented by depth, "Name (CODE)", as the other unit pickers show them."""
    return [SelectChoice("", _l("Choose a unit"))] + [
        SelectChoice(row.unit.id, "\u00a0\u00a0\u00a0" * row.depth + f"{row.unit.name} ({row.unit.code})")
        for row in tree_rows(units)
    ]


class SearchForm(FlaskForm):
    """The register's search: read from the query string, so no CSRF token."""

    class Meta:
        """No CSRF token: the search is read from the query string."""

        csrf = False

    q = StringField(_l("Id or name contains"), validators=[Optional(), Length(max=200)])
    unit = SelectField(_l("Unit"), coerce=_int_or_none, validate_choice=False)


class PersonForm(FlaskForm):
    """One person of the register: the HR system's pseudonymous id, the name, and the unit."""

    employee_id = StringField(
        _l("Employee id"),
        validators=[InputRequired(), Length(max=64)],
        description=_l("The pseudonymous id of the HR system, as in the absence files."),
    )
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    unit_id = SelectField(_l("Unit"), coerce=_int_or_none, validate_choice=False)


class SickReportForm(FlaskForm):
    """A sick report: who, where, from which day, for how long and at what extent — and nothing else."""

    employee_id = StringField(
        _l("Employee"),
        validators=[InputRequired(), Length(max=64)],
        description=_l("The employee id, or a person of your units chosen from the register."),
    )
    unit_id = SelectField(
        _l("Unit"),
        coerce=_int_or_none,
        validate_choice=False,
        description=_l("Leave it unchosen to use the person's unit in the register."),
    )
    first_day = DateField(_l("First day of absence"), validators=[InputRequired()])
    expected_days = IntegerField(
        _l("Expected length in days (optional)"),
        validators=[Optional(), NumberRange(min=1, max=730)],
        description=_l("Calendar days, as the employee or the nurse line said."),
    )
    extent = RadioField(
        _l("Extent"),
        choices=[SelectChoice(str(extent), f"{extent} %") for extent in EXTENTS],
        default="100",
    )
