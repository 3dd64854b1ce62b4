"""The mail pages' forms: one checkbox per kind a person may turn off, and the button that sends a message again."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField

from survey_app.mail.kinds import MailKind


class SendAgainForm(FlaskForm):
    """The "try again" button of a failed message: only the CSRF token."""


def choices_form(optional: list[MailKind], current: dict[str, bool]) -> FlaskForm:
    """A form with a checkbox named by each kind's key and labelled by the registry, ticked as ``current`` says
    (the posted values replace these on a POST)."""

    class ChoicesForm(FlaskForm):
        """A person's notification choices."""

    for mail_kind in optional:
        setattr(ChoicesForm, mail_kind.key, BooleanField(mail_kind.label, default=current.get(mail_kind.key, True)))
    return ChoicesForm()


def wanted(form: FlaskForm, optional: list[MailKind]) -> dict[str, bool]:
    """kind → ticked, as posted."""
    return {mail_kind.key: bool(form[mail_kind.key].data) for mail_kind in optional}
