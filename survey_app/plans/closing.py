"""Nothing lost between cases: a unit has one active case at a time, and a closing case settles every open step.

Opening a case for a unit that already has an active one leads to that case, never to a second one beside it (the
rule is the service's: older data may still hold two, and then the latest counts). Closing a case asks what becomes
of each step still open (``interventions.plans.check_closing``): it is done, cancelled with a reason, or moved on to
the unit's next case, where it keeps its follow-ups and history — so no step silently drops out of "Steps to follow
up". Called by ``services`` inside its transaction: this module never commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interventions.plans import StepOutcome, StepState, is_open
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import CaseStage, InterventionCase, PlanStep, StepChange, User


class CaseAlreadyOpenError(DomainError):
    """The unit already has an active case: the work goes on there, never in a second one alongside it."""

    def __init__(self, case: InterventionCase):
        super().__init__(_l("%(unit)s already has an active case: here it is.", unit=case.unit.name), "unit_code")
        self.case_id = case.id


def active_case(unit_id: int, besides: int | None = None) -> InterventionCase | None:
    """The unit's case that is not closed (the latest, should older data hold several), other than ``besides``."""
    query = select(InterventionCase).where(InterventionCase.unit_id == unit_id, InterventionCase.closed_on.is_(None))
    if besides is not None:
        query = query.where(InterventionCase.id != besides)
    return db.session.scalars(query.order_by(InterventionCase.opened_on.desc(), InterventionCase.id.desc())).first()


def open_steps(case: InterventionCase) -> list[PlanStep]:
    """The case's steps not yet done or dropped, in the case's order."""
    return [step for step in case.steps if is_open(StepState(step.status, step.due_on, step.next_follow_up_on))]


def settle_open_steps(
    actor: User, case: InterventionCase, steps: list[PlanStep], outcomes: Mapping[int, StepOutcome], today: date
) -> InterventionCase | None:
    """Each open step of a closing case done, dropped with its reason, or moved on (with its follow-ups and history)
    to the unit's next case: its other active case if older data holds one, else a new one. Every step's change is
    kept in its history and the whole decision in the audit log; returns the case moved steps went to."""
    successor = None
    for step in steps:
        chosen = outcomes[step.id]
        if chosen.outcome == "moved":
            successor = successor or active_case(case.unit_id, besides=case.id) or _continuation(actor, case, today)
            step.case, step.moved_from_case_id = successor, case.id
            step.changes.append(StepChange(by_id=actor.id, kind="moved", changes={"case": [case.id, successor.id]}))
            continue
        status = "done" if chosen.outcome == "done" else "dropped"
        follow_up = step.next_follow_up_on.isoformat() if step.next_follow_up_on else None
        changes = {"status": [step.status, status], "next_follow_up_on": [follow_up, None]}
        step.status, step.next_follow_up_on = status, None
        if status == "dropped":
            step.dropped_reason = chosen.reason.strip()
            changes["dropped_reason"] = [None, step.dropped_reason]
        step.changes.append(StepChange(by_id=actor.id, kind="changed", changes=changes))
    settled = {str(step.id): outcomes[step.id].outcome for step in steps}
    moved_to = successor.id if successor is not None else None
    record(actor, "plans.case_closed", "intervention_case", case.id, steps=settled, moved_to=moved_to)
    return successor


def _continuation(actor: User, case: InterventionCase, today: date) -> InterventionCase:
    """The unit's next case, for the steps a closing case hands on: the same trigger and HR specialist, opened today
    at the action-plan stage (its plan already has steps)."""
    successor = InterventionCase(
        unit_id=case.unit_id,
        trigger=case.trigger,
        trigger_note=case.trigger_note,
        responsible_id=case.responsible_id,
        stage="action_plan",
        opened_on=today,
        created_by_id=actor.id,
    )
    successor.stages.append(CaseStage(stage="action_plan", reached_on=today, recorded_by_id=actor.id, note=""))
    db.session.add(successor)
    db.session.flush()
    record(actor, "plans.case_opened", "intervention_case", successor.id, trigger=case.trigger, continues=case.id)
    return successor
