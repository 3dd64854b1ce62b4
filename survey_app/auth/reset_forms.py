"""Forms of a forgotten password: the address to send a link to, and the new password typed twice."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from survey_app.auth.forms import NEW_PASSWORD_HINT


class ForgotPasswordForm(FlaskForm):
    """The address of the account whose password is forgotten."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
        description=_l("The address you log in with."),
    )


class PasswordResetForm(FlaskForm):
    """A new password, typed twice, with the same rules as changing one's password."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
        description=NEW_PASSWORD_HINT,
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
