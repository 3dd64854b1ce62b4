"""Changing a password and choosing one after a forgotten password ask for the new one with the same fields."""

from __future__ import annotations

from survey_app.auth.forms import NewPasswordForm, PasswordChangeForm
from survey_app.auth.reset_forms import PasswordResetForm


def test_both_ways_of_setting_a_password_share_one_pair_of_new_password_fields():
    assert issubclass(PasswordChangeForm, NewPasswordForm) and issubclass(PasswordResetForm, NewPasswordForm)


def test_the_change_form_lists_its_fields_in_the_pages_order(app):
    with app.test_request_context():
        change = [f.name for f in PasswordChangeForm(meta={"csrf": False})]
        reset = [f.name for f in PasswordResetForm(meta={"csrf": False})]
    assert change == ["current_password", "new_password", "confirm_password"]
    assert reset == ["new_password", "confirm_password"]
