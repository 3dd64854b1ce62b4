"""Forms of a forgotten password: the address to send a link to, and the new password typed twice."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from survey_app.auth.forms import NewPasswordForm


class ForgotPasswordForm(FlaskForm):
    """The address of the account whose password is forgotten."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
        description=_l("The address you log in with."),
    )


class PasswordResetForm(NewPasswordForm):
    """A new password, typed twice, with the same fields and rules as changing one's password."""
