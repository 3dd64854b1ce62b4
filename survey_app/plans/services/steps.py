"""A plan's steps and their follow-ups: add a step (perhaps taking in an action proposal), change it, follow it up.

Every change to a step is kept in ``StepChange`` with the old and new value of each field; a closed step (done or
cancelled) has no next follow-up. Who is responsible is an account that may work on the unit (``responsible_accounts``:
its managers and those above it, HR) or a named role (``RESPONSIBLE_ROLES``), so that a reminder can reach them; the
free text of steps from before that (``responsible_note``) can be kept, never newly written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from interventions.plans import CLOSED_STATUSES, RESPONSIBLE_ROLES, PlanError, check_follow_up, check_step
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import (
    ActionProposal,
    FollowUp,
    InterventionCase,
    PlanStep,
    Role,
    StepChange,
    Unit,
    UnitAssignment,
    User,
)
from survey_app.plans.services.guards import can_plan, require


@dataclass(frozen=True)
class Responsible:
    """Who is responsible for a step: an account, a named role, or (only kept from older steps) a note in words."""

    user_id: int | None = None
    role: str | None = None
    note: str = ""


@dataclass(frozen=True)
class StepInput:
    """What the step form gives, for a new step or a changed one."""

    what: str
    why: str
    responsible: Responsible
    due_on: date | None
    next_follow_up_on: date | None
    status: str = "planned"
    theme: str | None = None
    proposal_id: int | None = None


STEP_FIELDS = ("what", "why", "responsible", "due_on", "next_follow_up_on", "status")


def responsible_accounts(unit: Unit, keep: int | None = None) -> list[User]:
    """The active accounts that may work on the unit's plan, by name: the managers of the unit and of the units above
    it, and HR; ``keep``, the account already responsible, stays on the list even if it no longer qualifies."""
    above = select(Unit.id, Unit.parent_id).where(Unit.id == unit.id).cte("above", recursive=True)
    above = above.union_all(select(Unit.id, Unit.parent_id).join(above, Unit.id == above.c.parent_id))
    managers = select(UnitAssignment.user_id).where(UnitAssignment.unit_id.in_(select(above.c.id)))
    may_work = or_(User.role == Role.HR.value, and_(User.role == Role.MANAGER.value, User.id.in_(managers)))
    query = select(User).where(or_(and_(User.active.is_(True), may_work), User.id == keep)).order_by(User.name, User.id)
    return list(db.session.scalars(query))


def _who(step_unit: Unit, chosen: Responsible, kept: Responsible | None) -> str:
    """``chosen`` in words for ``check_step`` ("" when nobody is chosen), once it is known to be allowed."""
    if chosen.user_id is not None:
        keep = kept.user_id if kept else None
        account = next((u for u in responsible_accounts(step_unit, keep) if u.id == chosen.user_id), None)
        if account is None:
            raise DomainError(_l("Choose someone who works on this unit's plan."), "responsible")
        return account.name
    if chosen.role is not None:
        if chosen.role not in RESPONSIBLE_ROLES:
            raise DomainError(_l("Choose someone who works on this unit's plan."), "responsible")
        return chosen.role
    if chosen.note and (kept is None or chosen.note != kept.note):
        raise DomainError(_l("Choose an account or a role as responsible."), "responsible")
    return chosen.note


def _check_step(data: StepInput, created_on: date, unit: Unit, kept: Responsible | None = None) -> None:
    who = _who(unit, data.responsible, kept)
    try:
        check_step(data.what or "", who, data.due_on, data.status, data.next_follow_up_on, created_on)
    except PlanError as error:
        raise DomainError.from_rule(error) from error
    if len(data.why or "") > 2000:
        raise DomainError(_l("Keep the reason to at most %(n)d characters.", n=2000), "why")


def responsible_of(step: PlanStep) -> Responsible:
    """Who is responsible for the step now."""
    return Responsible(step.responsible_user_id, step.responsible_role, step.responsible_note or "")


def _set_responsible(step: PlanStep, chosen: Responsible) -> None:
    step.responsible_user_id, step.responsible_role = chosen.user_id, chosen.role
    step.responsible_note = chosen.note if chosen.user_id is None and chosen.role is None else ""


def _responsible_json(step: PlanStep) -> dict | None:
    """Who was responsible, as the history keeps it: the account with its name then, the role, or the note."""
    if step.responsible_user_id is not None:
        account = db.session.get(User, step.responsible_user_id)
        return {"user_id": step.responsible_user_id, "name": account.name if account else ""}
    if step.responsible_role:
        return {"role": step.responsible_role}
    return {"note": step.responsible_note} if step.responsible_note else None


def add_step(actor: User, case: InterventionCase, data: StepInput, today: date) -> PlanStep:
    """Add a step to the case's plan; one made from an action proposal adopts it and takes its theme."""
    require(can_plan(actor, case))
    _check_step(data, today, case.unit)
    proposal = None
    if data.proposal_id is not None:
        proposal = db.session.get(ActionProposal, data.proposal_id)
        if proposal is None or proposal.unit_id != case.unit_id:
            raise DomainError(_l("That proposal belongs to another unit."), "proposal_id")
    step = PlanStep(
        case=case,
        what=data.what.strip(),
        why=(data.why or "").strip(),
        due_on=data.due_on,
        status=data.status,
        next_follow_up_on=None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
        theme=data.theme,
        proposal_id=proposal.id if proposal else None,
        created_on=today,
    )
    _set_responsible(step, data.responsible)
    if proposal is not None:
        proposal.status = "adopted"
        step.theme = step.theme or proposal.theme
    db.session.add(step)
    step.changes.append(StepChange(by_id=actor.id, kind="created", changes=_snapshot(step)))
    db.session.flush()
    record(actor, "plans.step_added", "plan_step", step.id, case=case.id)
    db.session.commit()
    return step


def _snapshot(step: PlanStep) -> dict:
    return {name: [None, _value(step, name)] for name in STEP_FIELDS}


def _value(step: PlanStep, name: str):
    return _responsible_json(step) if name == "responsible" else _jsonable(getattr(step, name))


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def update_step(actor: User, step: PlanStep, data: StepInput) -> None:
    """Change a step, keeping each changed field's old and new value in its history."""
    require(can_plan(actor, step.case))
    _check_step(data, step.created_on, step.case.unit, kept=responsible_of(step))
    changes = {}
    new = {
        "what": data.what.strip(),
        "why": (data.why or "").strip(),
        "due_on": data.due_on,
        "status": data.status,
        "next_follow_up_on": None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
    }
    for name, value in new.items():
        if getattr(step, name) != value:
            changes[name] = [_jsonable(getattr(step, name)), _jsonable(value)]
            setattr(step, name, value)
    if responsible_of(step) != data.responsible:
        before = _responsible_json(step)
        _set_responsible(step, data.responsible)
        changes["responsible"] = [before, _responsible_json(step)]
    if changes:
        step.changes.append(StepChange(by_id=actor.id, kind="changed", changes=changes))
        record(actor, "plans.step_changed", "plan_step", step.id, fields=sorted(changes))
    db.session.commit()


@dataclass(frozen=True)
class FollowUpInput:
    """What the follow-up form gives: when it was held, what was done, the step's status and the effect seen."""

    held_on: date | None
    done: str
    status: str
    effect: str
    next_follow_up_on: date | None


def record_follow_up(actor: User, step: PlanStep, data: FollowUpInput, today: date) -> FollowUp:
    """Record a follow-up and move the step on: its status, and its next follow-up unless it is closed."""
    require(can_plan(actor, step.case))
    try:
        check_follow_up(
            step.created_on, data.held_on, data.done or "", data.status, data.effect, data.next_follow_up_on, today
        )
    except PlanError as error:
        raise DomainError.from_rule(error) from error
    closed = data.status in CLOSED_STATUSES
    follow_up = FollowUp(
        held_on=data.held_on,
        done=data.done.strip(),
        status=data.status,
        effect=data.effect,
        next_follow_up_on=None if closed else data.next_follow_up_on,
        recorded_by_id=actor.id,
    )
    changes = {}
    for name, value in (("status", data.status), ("next_follow_up_on", follow_up.next_follow_up_on)):
        if getattr(step, name) != value:
            changes[name] = [_jsonable(getattr(step, name)), _jsonable(value)]
            setattr(step, name, value)
    step.changes.append(
        StepChange(by_id=actor.id, kind="followed_up", changes=changes | {"effect": [None, data.effect]})
    )
    step.follow_ups.append(follow_up)
    db.session.flush()
    record(actor, "plans.follow_up_recorded", "plan_step", step.id, follow_up=follow_up.id, status=data.status)
    db.session.commit()
    return follow_up


def open_proposals(case: InterventionCase) -> list[ActionProposal]:
    """The action proposals for the case's unit still waiting to be taken into a plan or declined."""
    query = select(ActionProposal).where(ActionProposal.unit_id == case.unit_id, ActionProposal.status == "proposed")
    return list(db.session.scalars(query.order_by(ActionProposal.id)))
