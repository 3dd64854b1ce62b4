"""Forms of the early-support pages, and the labels they share with the templates: they validate, never write.

The model form keeps editing plain: one textarea per list (one item a line) and the contacts as lines
"Role | Name | Phone | E-mail"; ``content()`` turns it into the model's JSON shape for ``services.save_model``.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from survey_app.errors import DomainError
from survey_app.support.defaults import MODEL_ROLES, STAGE_KEYS
from survey_app.support.services import KINDS, ROLES, check_contact

STAGE_LABELS = {
    "early": _l("Early support"),
    "enhanced": _l("Enhanced support"),
    "return_to_work": _l("Return-to-work support"),
}
MODEL_ROLE_LABELS = {
    "manager": _l("Manager"),
    "employer": _l("Employer"),
    "employee": _l("Employee"),
    "ohs": _l("Occupational health"),
}
KIND_LABELS = {"early_support_talk": _l("Early-support talk"), "network_meeting": _l("Network meeting")}
PRESENT_LABELS = {
    "manager": _l("Manager"),
    "employee": _l("Employee"),
    "hr": _l("HR"),
    "ohs": _l("Occupational health"),
    "safety_representative": _l("Safety representative"),
    "support_person": _l("Support person"),
}
CONTACT_PARTS = ("role", "name", "phone", "email")


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def contact_lines(text: str | None) -> list[tuple[int, list[str]]]:
    """(line number, parts) of every non-blank line "Role | Name | Phone | E-mail"."""
    lines = enumerate((text or "").splitlines(), start=1)
    return [(number, [part.strip() for part in line.split("|")]) for number, line in lines if line.strip()]


def _contact(parts: list[str]) -> dict[str, str]:
    """Later parts may be left out: "HR | Anna" is a contact without phone and e-mail."""
    return {name: parts[i] if i < len(parts) else "" for i, name in enumerate(CONTACT_PARTS)}


class ModelForm(FlaskForm):
    """Fields per stage (``<stage>_title``, ``_when``, ``_manager_does``, ``_contacts``) and per role
    (``roles_<role>``) are added by ``_add_model_fields`` below."""

    contacts = TextAreaField(
        _l("Contacts"),
        description=_l(
            "One contact a line: Role | Name | Phone | E-mail. Use the role names the stages list under "
            "'whom to contact', so the quick guide shows the phone number and e-mail there."
        ),
        render_kw={"rows": 6},
    )

    def validate_contacts(self, field) -> None:
        """Every contact line: at most four parts, checked by ``check_contact``; the error names the line."""
        for number, parts in contact_lines(field.data):
            if len(parts) > len(CONTACT_PARTS):
                raise ValidationError(_l("Line %(line)d: use at most four parts separated by |.", line=number))
            try:
                check_contact(_contact(parts))
            except DomainError as error:
                raise ValidationError(_l("Line %(line)d: %(problem)s", line=number, problem=error.message)) from None

    def fill(self, content: dict[str, Any]) -> None:
        """The fields filled from a model's content: one item a line, each contact as "Role | Name | Phone | E-mail"."""
        for stage in content.get("stages", []):
            key = stage.get("key")
            if key in STAGE_KEYS:
                self[f"{key}_title"].data = stage.get("title", "")
                for name in ("when", "manager_does", "contacts"):
                    self[f"{key}_{name}"].data = _text(stage.get(name, []))
        for role in MODEL_ROLES:
            self[f"roles_{role}"].data = _text(content.get("roles", {}).get(role, []))
        self.contacts.data = _text(
            [" | ".join(c.get(part, "") for part in CONTACT_PARTS).rstrip(" |") for c in content.get("contacts", [])]
        )

    def content(self) -> dict[str, Any]:
        """The model's content from the fields, blank lines dropped, in the JSON shape ``services.save_model`` takes."""
        stages = [
            {
                "key": key,
                "title": (self[f"{key}_title"].data or "").strip(),
                "when": _lines(self[f"{key}_when"].data),
                "manager_does": _lines(self[f"{key}_manager_does"].data),
                "contacts": _lines(self[f"{key}_contacts"].data),
            }
            for key in STAGE_KEYS
        ]
        roles = {role: _lines(self[f"roles_{role}"].data) for role in MODEL_ROLES}
        return {
            "stages": stages,
            "roles": roles,
            "contacts": [_contact(parts) for _, parts in contact_lines(self.contacts.data)],
        }


def _add_model_fields() -> None:
    """The stage and role fields, named as ``services.check_model`` reports them."""
    for key in STAGE_KEYS:
        stage = STAGE_LABELS[key]
        fields = {
            "title": StringField(_l("%(stage)s: title", stage=stage)),
            "when": TextAreaField(
                _l("%(stage)s: when (signals that put you here)", stage=stage),
                description=_l("One signal a line."),
                render_kw={"rows": 4},
            ),
            "manager_does": TextAreaField(
                _l("%(stage)s: what the manager does", stage=stage),
                description=_l("One action a line."),
                render_kw={"rows": 7},
            ),
            "contacts": TextAreaField(
                _l("%(stage)s: whom to contact", stage=stage),
                description=_l("One role a line, as in the contact list below."),
                render_kw={"rows": 3},
            ),
        }
        for name, field in fields.items():
            setattr(ModelForm, f"{key}_{name}", field)
    for role in MODEL_ROLES:
        label = _l("%(role)s: responsibilities", role=MODEL_ROLE_LABELS[role])
        setattr(
            ModelForm,
            f"roles_{role}",
            TextAreaField(label, description=_l("One responsibility a line."), render_kw={"rows": 5}),
        )


_add_model_fields()


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(FlaskForm):
    """An early-support talk or network meeting held: the unit, which of the two, the date and the roles present."""

    unit_id = SelectField(_l("Unit"), coerce=_int_or_none, validate_choice=False)
    kind = RadioField(
        _l("What was held"),
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS],
        default="early_support_talk",
    )
    held_on = DateField(_l("Date"), validators=[Optional()])
    roles_present = CheckboxesField(
        _l("Roles present"),
        choices=[SelectChoice(role, PRESENT_LABELS[role]) for role in ROLES],
        validate_choice=False,
    )
