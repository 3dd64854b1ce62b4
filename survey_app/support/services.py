"""Early support: the organisation's model (stages, roles, contacts) and the log of talks and network meetings.

Who may do what: every logged-in role reads the model as a quick guide; HR and admin edit it. Managers log talks and
meetings for the units in their scope, occupational health for the units it is invited to, HR and admin anywhere.
An entry is deleted by whoever logged it, or by HR and admin. A logged event holds the unit, the kind, the date and
the roles present — never a name, never a health detail. Every write is in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select
from sqlalchemy.orm import joinedload

from survey_app.access import NotAllowedError, can_see_unit, unit_scope
from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import EarlySupportModel, Role, SupportEvent, Unit, User
from survey_app.models.support import SUPPORT_EVENT_KINDS
from survey_app.support.defaults import MODEL_ROLES, STAGE_KEYS, default_model

ORGANISATION_WIDE = (Role.HR.value, Role.ADMIN.value)
#: Who can be present at a talk or a meeting, by role only.
ROLES = ("manager", "employee", "hr", "ohs", "safety_representative", "support_person")
#: A network meeting (työterveysneuvottelu) needs at least these present (docs/method.md).
NETWORK_MEETING_MINIMUM = ("employee", "manager", "ohs")
KINDS = SUPPORT_EVENT_KINDS

TITLE_MAX = 120
LINE_MAX = 300
LINES_MAX = 20
CONTACTS_MAX = 20
CONTACT_ROLE_MAX = 80
CONTACT_LIMITS = {"role": CONTACT_ROLE_MAX, "name": 120, "phone": 40, "email": 254}
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 ()/-]*$")
YEARS_BACK = 2


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowedError


# --- the model -------------------------------------------------------------------------------------------------------


def saved_model() -> EarlySupportModel | None:
    """The organisation's own model, if HR has saved one."""
    return db.session.scalars(select(EarlySupportModel).order_by(EarlySupportModel.id).limit(1)).first()


def current_model(language: str) -> dict[str, Any]:
    """The saved model, or Omtanke's default in ``language`` while none is saved."""
    saved = saved_model()
    return saved.content if saved is not None else default_model(language)


def can_edit_model(actor: User) -> bool:
    return actor.role in ORGANISATION_WIDE


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
    _require(can_edit_model(actor))
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


# --- talks and network meetings --------------------------------------------------------------------------------------


def units_for(actor: User) -> list[Unit]:
    """Active units the caller may log a talk or meeting for, by name."""
    query = select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(Unit.id.in_(scope))
    return list(db.session.scalars(query))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_event(kind: str, held_on: date | None, roles_present: Iterable[str], today: date) -> list[str]:
    if kind not in KINDS:
        raise DomainError(_l("Choose an early-support talk or a network meeting."), "kind")
    if held_on is None:
        raise DomainError(_l("Enter the date it was held."), "held_on")
    if held_on > today:
        raise DomainError(_l("The date cannot be in the future."), "held_on")
    if held_on < _years_before(today, YEARS_BACK):
        raise DomainError(_l("The date cannot be more than %(n)d years back.", n=YEARS_BACK), "held_on")
    present = set(roles_present or ())
    if present - set(ROLES):
        raise DomainError(_l("Choose the roles from the list."), "roles_present")
    if not present:
        raise DomainError(_l("Tick the roles that were present."), "roles_present")
    if kind == "network_meeting" and not set(NETWORK_MEETING_MINIMUM) <= present:
        raise DomainError(
            _l("A network meeting needs at least the employee, the manager and occupational health present."),
            "roles_present",
        )
    return [role for role in ROLES if role in present]


def log_event(
    actor: User, unit_id: int | None, kind: str, held_on: date | None, roles_present: Iterable[str], today: date
) -> SupportEvent:
    """Log a talk or meeting held in a unit the caller may see (anyone else's unit: NotAllowedError)."""
    if unit_id is None:
        raise DomainError(_l("Choose the unit."), "unit_id")
    unit = db.session.get(Unit, unit_id)
    _require(unit is not None and can_see_unit(actor, unit.id))
    if not unit.active:
        raise DomainError(_l("The unit is no longer active."), "unit_id")
    roles = _check_event(kind, held_on, roles_present, today)
    event = SupportEvent(unit_id=unit.id, kind=kind, held_on=held_on, roles_present=roles, recorded_by_id=actor.id)
    db.session.add(event)
    db.session.flush()
    record(actor, "support.event_logged", "support_event", event.id, unit=unit.code, kind=kind)
    db.session.commit()
    return event


def can_see_event(actor: User, event: SupportEvent) -> bool:
    return can_see_unit(actor, event.unit_id)


def can_delete_event(actor: User, event: SupportEvent) -> bool:
    """Whoever logged it (while the unit is still theirs), or HR and admin."""
    own = event.recorded_by_id is not None and event.recorded_by_id == actor.id
    return actor.role in ORGANISATION_WIDE or (own and can_see_event(actor, event))


def delete_event(actor: User, event: SupportEvent) -> None:
    _require(can_delete_event(actor, event))
    record(actor, "support.event_deleted", "support_event", event.id, kind=event.kind)
    db.session.delete(event)
    db.session.commit()


def events_for(actor: User, limit: int = 50) -> list[SupportEvent]:
    """The latest events of the units the caller may see, with their units loaded (one query)."""
    query = (
        select(SupportEvent)
        .options(joinedload(SupportEvent.unit))
        .order_by(SupportEvent.held_on.desc(), SupportEvent.id.desc())
        .limit(limit)
    )
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(SupportEvent.unit_id.in_(scope))
    return list(db.session.scalars(query))


def event_counts(unit_ids: Iterable[int] | None, start: date, end: date) -> dict[tuple[int, str, str], int]:
    """Events per (unit id, kind, "YYYY-MM") held from ``start`` to ``end`` inclusive, in one grouped query.

    ``unit_ids`` None counts every unit; an empty iterable counts none (and asks the database nothing).
    """
    ids = None if unit_ids is None else list(unit_ids)
    if ids is not None and not ids:
        return {}
    year = extract("year", SupportEvent.held_on)
    month = extract("month", SupportEvent.held_on)
    query = (
        select(SupportEvent.unit_id, SupportEvent.kind, year, month, func.count())
        .where(SupportEvent.held_on >= start, SupportEvent.held_on <= end)
        .group_by(SupportEvent.unit_id, SupportEvent.kind, year, month)
    )
    if ids is not None:
        query = query.where(SupportEvent.unit_id.in_(ids))
    return {
        (unit_id, kind, f"{int(y):04d}-{int(m):02d}"): count for unit_id, kind, y, m, count in db.session.execute(query)
    }


@dataclass(frozen=True)
class MonthCount:
    unit_name: str
    month: str
    talks: int
    meetings: int


def monthly_counts(actor: User, today: date, months: int = 12) -> list[MonthCount]:
    """Talks and network meetings per unit and month over the last ``months`` months, the caller's units only."""
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    counts = event_counts(unit_scope(actor), first, today)
    if not counts:
        return []
    ids = {unit_id for unit_id, _, _ in counts}
    names = {unit_id: name for unit_id, name in db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))}
    cells = {(unit_id, month) for unit_id, _, month in counts}
    rows = [
        MonthCount(
            names.get(unit_id, ""),
            month,
            counts.get((unit_id, "early_support_talk", month), 0),
            counts.get((unit_id, "network_meeting", month), 0),
        )
        for unit_id, month in cells
    ]
    rows.sort(key=lambda row: row.month, reverse=True)
    return sorted(rows, key=lambda row: row.unit_name)
