"""The demo safety representative's part in a unit plan (issue 23): a comment on Hemtjänst Centrum's plan and a
co-signature of it, so that a new user sees what the skyddsombud adds to systematic work-environment management.

The account itself is one of the demo accounts (``services._demo_accounts``: ``SAFETY_EMAIL``), scoped to the care
areas whose units have the demo's plans in follow-up and in drafting (Hemtjänst, Särskilt boende).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import InterventionCase, PlanComment, PlanSignature, Role, Unit, User

SAFETY_EMAIL = "skyddsombud@example.org"
#: The safety representative's areas: the units of the demo's plans in the care administration lie below them.
SAFETY_AREAS = ("VOF-HT", "VOF-SB")
#: The plan they comment on and co-sign.
PLAN_UNIT = "Hemtjänst Centrum"
COMMENT = (
    "Skyddsombudet står bakom planen. Fasta larmtider för nattpatrullen är viktiga för arbetsmiljön; vi följer upp "
    "dem och tiden för dokumentation vid nästa skyddsrond."
)
COMMENTED_DAYS_AGO = 9
SIGNED_DAYS_AGO = 6


def seed_plan_voices_demo(today: date) -> bool:
    """The safety representative's comment on and co-signature of Hemtjänst Centrum's plan, when the account and
    the plan exist and the plan has no signature of theirs yet; whether they were created."""
    safety = db.session.scalar(select(User).where(User.email == SAFETY_EMAIL, User.role == Role.SAFETY.value))
    case = db.session.scalar(
        select(InterventionCase).join(Unit, InterventionCase.unit_id == Unit.id).where(Unit.name == PLAN_UNIT)
    )
    if safety is None or case is None:
        return False
    signed = select(PlanSignature.id).where(PlanSignature.case_id == case.id, PlanSignature.user_id == safety.id)
    if db.session.scalar(signed):
        return False
    commented_at = datetime.combine(today - timedelta(days=COMMENTED_DAYS_AGO), time(14, 5))  # naive UTC, as utcnow
    db.session.add(
        PlanComment(case_id=case.id, author_id=safety.id, role=safety.role, text=COMMENT, created_at=commented_at)
    )
    signed_on = today - timedelta(days=SIGNED_DAYS_AGO)
    signed_at = datetime.combine(signed_on, time(9, 30))
    db.session.add(
        PlanSignature(case_id=case.id, user_id=safety.id, role=safety.role, signed_on=signed_on, signed_at=signed_at)
    )
    db.session.commit()
    return True
