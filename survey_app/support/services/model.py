"""The organisation's early-support model: its stages, the roles' duties and the contact list, as HR saves them.

Until HR saves its own, everyone reads Omtanke's default (``support.defaults``) in their language. A saved model is
checked whole (:func:`check_model`): stripped, blanks dropped, every length limited, and a problem names the field
and line at fault.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import EarlySupportModel, User
from survey_app.support.defaults import MODEL_ROLES, STAGE_KEYS, default_model
from survey_app.support.services.permissions import can_edit_model, require

TITLE_MAX = 120
LINE_MAX = 300
LINES_MAX = 20
CONTACTS_MAX = 20
CONTACT_ROLE_MAX = 80
CONTACT_LIMITS = {"role": CONTACT_ROLE_MAX, "name": 120, "phone": 40, "email": 254}
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 ()/-]*$")


def saved_model() -> EarlySupportModel | None:
    """The organisation's own model, if HR has saved one."""
    return db.session.scalars(select(EarlySupportModel).order_by(EarlySupportModel.id).limit(1)).first()


def current_model(language: str) -> dict[str, Any]:
    """The saved model, or Omtanke's default in ``language`` while none is saved."""
    saved = saved_model()
    return saved.content if saved is not None else default_model(language)


def _lines(value: Any, field: str, max_length: int = LINE_MAX) -> list[str]:
    """A list of short texts, stripped, blanks dropped: at most LINES_MAX, each at most ``max_length``."""
    if isinstance(value, str):
        value = value.splitlines()
    lines = [str(line).strip() for line in (value or []) if str(line).strip()]
    if len(lines) > LINES_MAX:
        raise DomainError(_l("Write at most %(n)d lines.", n=LINES_MAX), field)
    for number, line in enumerate(lines, start=1):
        if len(line) > max_length:
            raise DomainError(_l("Line %(line)d is longer than %(n)d characters.", line=number, n=max_length), field)
    return lines


def _clean_stage(stage: Any, seen: set[str]) -> dict[str, Any]:
    key = stage.get("key") if isinstance(stage, dict) else None
    if key not in STAGE_KEYS or key in seen:
        raise DomainError(_l("The model has an unknown or repeated stage."))
    seen.add(key)
    title = str(stage.get("title") or "").strip()
    if not title:
        raise DomainError(_l("Every stage needs a title."), f"{key}_title")
    if len(title) > TITLE_MAX:
        raise DomainError(_l("Keep the title to at most %(n)d characters.", n=TITLE_MAX), f"{key}_title")
    actions = _lines(stage.get("manager_does"), f"{key}_manager_does")
    if not actions:
        raise DomainError(_l("Every stage needs at least one action for the manager."), f"{key}_manager_does")
    return {
        "key": key,
        "title": title,
        "when": _lines(stage.get("when"), f"{key}_when"),
        "manager_does": actions,
        "contacts": _lines(stage.get("contacts"), f"{key}_contacts", CONTACT_ROLE_MAX),
    }


def check_contact(contact: dict[str, Any]) -> dict[str, str]:
    """One contact cleaned up: a role is required; name, phone and e-mail may wait (the default has none).

    The messages continue a prefix that says which contact: "Contact 3: …" here, "Line 3: …" in the form.
    """
    clean = {name: str(contact.get(name) or "").strip() for name in CONTACT_LIMITS}
    if not clean["role"]:
        raise DomainError(_l("write the role first, e.g. HR."))
    for name, limit in CONTACT_LIMITS.items():
        if len(clean[name]) > limit:
            raise DomainError(_l("keep each part to at most %(n)d characters.", n=limit))
    if clean["phone"] and not PHONE_SHAPE.match(clean["phone"]):
        raise DomainError(_l("the phone number may hold only digits, spaces, + - ( ) and /."))
    if clean["email"] and not EMAIL_SHAPE.match(clean["email"]):
        raise DomainError(_l("the e-mail address does not look right."))
    return clean


def _checked_contact(contact: Any, number: int) -> dict[str, str]:
    try:
        return check_contact(contact if isinstance(contact, dict) else {})
    except DomainError as error:
        raise DomainError(_l("Contact %(n)d: %(problem)s", n=number, problem=error.message), "contacts") from None


def check_model(content: dict[str, Any]) -> dict[str, Any]:
    """The model cleaned up (stripped, blanks dropped), or a DomainError naming the field and line at fault."""
    stages = content.get("stages") if isinstance(content, dict) else None
    if not isinstance(stages, list) or not stages:
        raise DomainError(_l("The model needs its stages."))
    seen: set[str] = set()
    clean_stages = [_clean_stage(stage, seen) for stage in stages]
    roles = content.get("roles") or {}
    clean_roles = {role: _lines(roles.get(role), f"roles_{role}") for role in MODEL_ROLES}
    contacts = content.get("contacts") or []
    if not isinstance(contacts, list) or len(contacts) > CONTACTS_MAX:
        raise DomainError(_l("List at most %(n)d contacts.", n=CONTACTS_MAX), "contacts")
    clean_contacts = [_checked_contact(contact, number) for number, contact in enumerate(contacts, start=1)]
    return {"stages": clean_stages, "roles": clean_roles, "contacts": clean_contacts}


def save_model(actor: User, content: dict[str, Any]) -> EarlySupportModel:
    """Replace the organisation's model (HR and admin only)."""
    require(can_edit_model(actor))
    clean = check_model(content)
    model = saved_model()
    if model is None:
        model = EarlySupportModel(content=clean)
        db.session.add(model)
    model.content = clean
    model.updated_by_id = actor.id
    model.updated_at = utcnow()
    db.session.flush()
    record(actor, "support.model_saved", "early_support_model", model.id, stages=len(clean["stages"]))
    db.session.commit()
    return model


def _reachable(contact: dict[str, str]) -> dict[str, str] | None:
    """The contact with a ``tel`` link target, or None while HR has filled in nothing but the role."""
    if not (contact.get("name") or contact.get("phone") or contact.get("email")):
        return None
    return {**contact, "tel": re.sub(r"[^0-9+]", "", contact.get("phone") or "")}


def reachable_contacts(model: dict[str, Any]) -> list[dict[str, str]]:
    """The contact list without the entries that still have only a role."""
    return [found for contact in model.get("contacts", []) if (found := _reachable(contact))]


def contacts_for(model: dict[str, Any], stage: dict[str, Any]) -> list[dict[str, Any]]:
    """The roles a stage says to contact, each with the people of that role from the contact list."""
    people: dict[str, list[dict[str, str]]] = {}
    for contact in reachable_contacts(model):
        people.setdefault(contact["role"].casefold(), []).append(contact)
    return [{"role": role, "people": people.get(role.casefold(), [])} for role in stage.get("contacts", [])]
