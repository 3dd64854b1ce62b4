"""Forms of the account pages: they validate input and never write."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

#: What a code field needs on a phone: the digit keyboard, and the browser may offer the code it has seen.
CODE_FIELD = {"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off", "spellcheck": "false"}
NEW_PASSWORD_HINT = _l(
    "At least 12 characters, not your name or e-mail address. A few words that do not belong together are easy to "
    "remember and hard to guess."
)


class LoginForm(FlaskForm):
    """The first login step: e-mail address and password."""

    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"}
    )


class CurrentPasswordForm(FlaskForm):
    """The account's password as it is now, asked before it is changed."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordForm(FlaskForm):
    """A new password typed twice: the one set of fields for changing a password and for a forgotten one.

    The strength rules (length, not the name or address) are the service's, so that every way in applies them.
    """

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


class PasswordChangeForm(CurrentPasswordForm, NewPasswordForm):
    """A new password for one's own account, typed twice, with the current one.

    WTForms orders fields by when they were created, so the current password (defined above) comes first in the
    error summary, as on the page.
    """


class CodeForm(FlaskForm):
    """A code from the authenticator app (setting up two-step login, new recovery codes)."""

    code = StringField(
        _l("Code from the authenticator app"),
        validators=[DataRequired(), Length(max=20)],
        render_kw=CODE_FIELD,
        description=_l("Six digits; the app shows a new code every 30 seconds."),
    )


class SecondStepForm(CodeForm):
    """The code page has two forms: the app's code, or one of the recovery codes; either field may come alone."""

    code = StringField(
        _l("Code from the authenticator app"),
        validators=[Optional(), Length(max=20)],
        render_kw=CODE_FIELD,
        description=_l("Six digits; the app shows a new code every 30 seconds."),
    )
    recovery_code = StringField(
        _l("Recovery code"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"},
        description=_l("One of the ten codes you saved when you set up two-step login. Each works once."),
    )

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then that one of the two codes was typed."""
        if not super().validate(extra_validators):
            return False
        if not (self.code.data or self.recovery_code.data):
            self.code.errors = [*self.code.errors, _l("Type the code from the app.")]
            return False
        return True


class StartTwoStepForm(FlaskForm):
    """Turning two-step login on: the account's password again."""

    current_password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
