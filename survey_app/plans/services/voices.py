"""The voices on a unit's plan besides those who plan it: comments, and the safety representative's co-signature.

Systematic work-environment management (Sweden: AFS 2001:1 § 4 and Arbetsmiljölagen 6 kap.; Finland: laki
työsuojelun valvonnasta ja työpaikan työsuojeluyhteistoiminnasta 44/2006) expects the safety representative to take
part in drawing up and following the plan (docs/safety-representative.md). So:

* who may work on the plan or read it within their units (HR, admin, the unit's managers, its safety
  representatives) may comment on it; occupational health reads only;
* a safety representative of the unit co-signs it, dated the day they do; one signature per person, signing again
  moves its date. A step changed after the signature (``StepChange.at`` later than ``signed_at``) makes the page say
  so, and the representative may sign again.

Comments are stored as written and shown through ``redact_for_display`` like the survey's free text: a name or a
phone number typed into a comment is never shown. Nothing here reads or writes person data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from survey_app.audit import record
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import InterventionCase, PlanComment, PlanSignature, PlanStep, Role, StepChange, User
from survey_app.models.plan_voices import COMMENT_MAX
from survey_app.plans.services.cases import visible_cases
from survey_app.plans.services.guards import PLANNERS, can_see, require
from survey_app.privacy.redaction import redact_for_display

#: The roles that comment on a plan of a unit in their scope.
COMMENTERS = (*PLANNERS, Role.SAFETY.value)


def can_comment(actor: User, case: InterventionCase) -> bool:
    """HR and admin on every plan; managers and safety representatives on the plans of their units."""
    return actor.role in COMMENTERS and can_see(actor, case)


def can_sign(actor: User, case: InterventionCase) -> bool:
    """A safety representative of the case's unit (or of a unit above it)."""
    return actor.role == Role.SAFETY.value and can_see(actor, case)


def add_comment(actor: User, case: InterventionCase, text: str) -> PlanComment:
    """Add a comment to the case's plan (at most ``COMMENT_MAX`` characters, not empty)."""
    require(can_comment(actor, case))
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Write your comment."), "text")
    if len(text) > COMMENT_MAX:
        raise DomainError(_l("Keep the comment to at most %(n)d characters.", n=COMMENT_MAX), "text")
    comment = PlanComment(case_id=case.id, author_id=actor.id, role=actor.role, text=text)
    db.session.add(comment)
    db.session.flush()
    record(actor, "plans.comment_added", "plan_comment", comment.id, case_id=case.id)
    db.session.commit()
    return comment


def sign_plan(actor: User, case: InterventionCase, today: date) -> PlanSignature:
    """Co-sign the case's plan as it stands, dated ``today``; a signature given before is moved to now."""
    require(can_sign(actor, case))
    signature = db.session.scalar(
        select(PlanSignature).where(PlanSignature.case_id == case.id, PlanSignature.user_id == actor.id)
    )
    again = signature is not None
    if signature is None:
        signature = PlanSignature(case_id=case.id, user_id=actor.id)
        db.session.add(signature)
    signature.role, signature.signed_on, signature.signed_at = actor.role, today, utcnow()
    db.session.flush()
    record(actor, "plans.plan_signed", "plan_signature", signature.id, case_id=case.id, again=again)
    db.session.commit()
    return signature


@dataclass(frozen=True)
class ShownComment:
    """A comment as the page shows it: the author's name and role then, when, and the text redacted."""

    author: str
    role: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class ShownSignature:
    """A co-signature as the page shows it, and whether a step of the plan changed after it."""

    user_id: int | None
    name: str
    role: str
    signed_on: date
    changed_since: bool


@dataclass(frozen=True)
class PlanVoices:
    """The comments (oldest first) and co-signatures of one plan."""

    comments: tuple[ShownComment, ...]
    signatures: tuple[ShownSignature, ...]

    def signed_by(self, user_id: int) -> ShownSignature | None:
        """The signature of this account, if it has signed."""
        return next((signature for signature in self.signatures if signature.user_id == user_id), None)


def last_step_change(case_ids: list[int]) -> dict[int, datetime]:
    """When a step of each case last changed (created, changed, followed up or moved), in one query."""
    if not case_ids:
        return {}
    query = (
        select(PlanStep.case_id, func.max(StepChange.at))
        .join(StepChange, StepChange.step_id == PlanStep.id)
        .where(PlanStep.case_id.in_(case_ids))
        .group_by(PlanStep.case_id)
    )
    return {case_id: at for case_id, at in db.session.execute(query)}


def plan_voices(case: InterventionCase) -> PlanVoices:
    """The case's comments and co-signatures, for its page."""
    return voices_of([case.id])[case.id]


def voices_of(case_ids: list[int]) -> dict[int, PlanVoices]:
    """The comments and co-signatures of each case, in a fixed number of queries (the page and the workbook)."""
    if not case_ids:
        return {}
    comments: dict[int, list[ShownComment]] = {case_id: [] for case_id in case_ids}
    signatures: dict[int, list[ShownSignature]] = {case_id: [] for case_id in case_ids}
    query = select(PlanComment).where(PlanComment.case_id.in_(case_ids)).options(selectinload(PlanComment.author))
    for c in db.session.scalars(query.order_by(PlanComment.created_at, PlanComment.id)):
        name = c.author.name if c.author else ""
        comments[c.case_id].append(ShownComment(name, c.role, c.created_at, redact_for_display(c.text)))
    changed = last_step_change(case_ids)
    query = select(PlanSignature).where(PlanSignature.case_id.in_(case_ids)).options(selectinload(PlanSignature.user))
    for s in db.session.scalars(query.order_by(PlanSignature.signed_at, PlanSignature.id)):
        since = s.case_id in changed and changed[s.case_id] > s.signed_at
        name = s.user.name if s.user else ""
        signatures[s.case_id].append(ShownSignature(s.user_id, name, s.role, s.signed_on, since))
    return {case_id: PlanVoices(tuple(comments[case_id]), tuple(signatures[case_id])) for case_id in case_ids}


@dataclass(frozen=True)
class SigningStatus:
    """One active plan of a safety representative's units and where their co-signature stands."""

    case: InterventionCase
    signed_on: date | None
    changed_since: bool


def plans_to_sign(actor: User) -> list[SigningStatus]:
    """The active cases of the representative's units, those not signed or changed since signed first (start page)."""
    cases = visible_cases(actor, include_closed=False, whole_plans=True)  # units loaded with them: no query per case
    signed = {
        s.case_id: s
        for s in db.session.scalars(
            select(PlanSignature).where(
                PlanSignature.user_id == actor.id, PlanSignature.case_id.in_([case.id for case in cases])
            )
        )
    }
    changed = last_step_change([case.id for case in cases])
    found = []
    for case in cases:
        signature = signed.get(case.id)
        since = signature is not None and case.id in changed and changed[case.id] > signature.signed_at
        found.append(SigningStatus(case, signature.signed_on if signature else None, since))
    return sorted(found, key=lambda status: (status.signed_on is not None and not status.changed_since, status.case.id))
