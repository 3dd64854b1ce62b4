"""Forms of the administration pages: they validate input and never write."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from survey_app.admin.services import HEADCOUNT_MAX
from survey_app.i18n import ROLE_LABELS
from survey_app.models.org import CODE_MAX, NAME_MAX


class UnitForm(FlaskForm):
    """A unit: name, code in the HR system, code of the unit above, headcount and kind of workplace."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    code = StringField(_l("Code in the HR system"), validators=[DataRequired(), Length(max=CODE_MAX)])
    parent_code = StringField(
        _l("Code of the unit above (empty for a top-level unit)"), validators=[Optional(), Length(max=CODE_MAX)]
    )
    headcount = IntegerField(
        _l("Headcount"), default=0, validators=[InputRequired(), NumberRange(min=0, max=HEADCOUNT_MAX)]
    )
    #: Choices (``org.kinds.kind_choices``) are set by the view, in the reader's language.
    kind = SelectField(
        _l("Kind of workplace"),
        choices=[],
        description=_l("Units are compared with units of the same kind when an intervention's effect is estimated."),
        validate_choice=False,
    )


class UserForm(FlaskForm):
    """An account: e-mail address, name, role, units (as codes) and whether it is active."""

    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired()],
    )
    unit_codes = StringField(
        _l(
            "Unit codes (managers: units they manage; occupational health: units it is invited to; "
            "safety representatives: units they represent)"
        ),
        validators=[Optional(), Length(max=2000)],
        description=_l("Separate several codes with commas."),
    )
    active = BooleanField(_l("Account is active"), default=True)


PASSWORD_HINT = _l("At least 12 characters, not the person's name or e-mail address, and not easy to guess.")


class NewUserForm(UserForm):
    """A new account, with its initial password."""

    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
        description=PASSWORD_HINT,
    )


class PasswordSetForm(FlaskForm):
    """A new password an administrator sets for an account."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
        description=PASSWORD_HINT,
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: the form carries only the CSRF token."""
