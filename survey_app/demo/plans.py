"""Demo intervention cases in different stages: a plan being followed up (with an overdue step and a missed
follow-up, as real plans have), one being drafted, one just identified, and one closed and evaluated.

The plan being followed up has a follow-up missed three days ago (the unit manager's, as a role), one due today (the
manager's own account) and one in two days (HR's account), so that ``omtanke notify run`` right after seeding puts
each kind of follow-up reminder in the outbox."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import (
    ActionProposal,
    CaseStage,
    FollowUp,
    InterventionCase,
    PlanGoal,
    PlanStep,
    Role,
    StepChange,
    Unit,
    User,
)

STAGE_DAYS = {  # days before today each stage was reached, by case
    "Hemtjänst Centrum": [
        ("identified", 130), ("contact", 120), ("interviews_survey", 100), ("compiled", 80),
        ("presented_management", 75), ("presented_work_group", 70), ("action_plan", 62), ("follow_up", 30),
    ],
    "Äldreboendet Björken": [
        ("identified", 90), ("contact", 80), ("interviews_survey", 60), ("compiled", 30),
        ("presented_management", 20), ("presented_work_group", 8),
    ],
    "Förskolan Myrstacken": [("identified", 6)],
    "Lokalvård Skolor": [
        ("identified", 430), ("contact", 420), ("interviews_survey", 400), ("compiled", 385),
        ("presented_management", 380), ("presented_work_group", 375), ("action_plan", 368), ("follow_up", 300),
        ("evaluation", 40), ("closed", 30),
    ],
}  # fmt: skip
TRIGGERS = {
    "Hemtjänst Centrum": ("absence_signal", "Korttidsfrånvaro 7,9 % mot 4,1 % i organisationen, stigande sex månader."),
    "Äldreboendet Björken": ("survey_result", "HME-index 58 och låga värden för arbetsbelastning i höstens enkät."),
    "Förskolan Myrstacken": ("manager_request", "Förskolechefen ber om stöd efter flera upprepade korttidsfrånvaron."),
    "Lokalvård Skolor": ("absence_signal", "Upprepad korttidsfrånvaro och många belastningsskador."),
}
# (what, why, responsible: a role (``interventions.plans.RESPONSIBLE_ROLES``) or a demo account's e-mail, due in days,
# status, next follow-up in days, follow-ups: (days ago, done, status, effect))
#: Demo accounts responsible for steps by name (``services._demo_accounts``): HR, and Hemtjänst's area manager.
HR_EMAIL = "hr@example.org"
HEMTJANST_MANAGER_EMAIL = "manager5@example.org"
STEPS = {
    "Hemtjänst Centrum": [
        ("Körlistan klar dagen före, ändringar bara via planeraren", "Arbetsbelastning: sena ändringar av körlistan",
         "work_group", -40, "done", None,
         [(45, "Ny rutin införd, planeraren stänger listan kl. 15.", "in_progress", "some"),
          (20, "Rutinen håller, nästan inga sena ändringar.", "done", "clear")]),
        ("Fasta larmtider för nattpatrullen", "Förslag från arbetsgruppen", "unit_manager", -10, "in_progress", -3,
         [(25, "Dialog med larmcentralen startad.", "in_progress", "none")]),
        ("Tid för dokumentation i varje pass", "Dokumentation blir övertid", HR_EMAIL, 20,
         "in_progress", 2, [(12, "Tio minuter per pass prövas i grupp 2.", "in_progress", "some")]),
        ("Chefen på plats två morgnar i veckan", "Ledarskap: svårt att få besked", HEMTJANST_MANAGER_EMAIL, 30,
         "planned", 0, []),
    ],
    "Äldreboendet Björken": [
        ("Introduktion med fadder för nyanställda", "Nya får tunga brukare direkt", "hr", 45, "planned", 14,
         []),
        ("Lyftutrustning på varje avdelning", "Ergonomi: lyft utan hjälpmedel", "safety_representative", 60,
         "planned", 21, []),
    ],
    "Lokalvård Skolor": [
        ("Nya ergonomiska moppar och vagnar", "Belastningsbesvär i axlar och rygg", "unit_manager", -340, "done",
         None, [(350, "Utrustningen levererad och utprovad.", "done", "clear")]),
        ("Rotation mellan tunga och lätta objekt", "Ensidig belastning", "work_group", -320, "done", None,
         [(330, "Schema med rotation varje vecka.", "done", "some")]),
    ],
}  # fmt: skip


def seed_plan_demo(today: date) -> list[str]:
    """Create the demo cases that are missing; returns the names of the units given a case."""
    created = []
    hr = db.session.scalar(select(User).where(User.role == Role.HR.value).order_by(User.id))
    for unit_name, stages in STAGE_DAYS.items():
        unit = db.session.scalar(select(Unit).where(Unit.name == unit_name))
        if unit is None or db.session.scalar(select(InterventionCase.id).where(InterventionCase.unit_id == unit.id)):
            continue
        trigger, note = TRIGGERS[unit_name]
        opened = today - timedelta(days=stages[0][1])
        case = InterventionCase(
            unit=unit,
            trigger=trigger,
            trigger_note=note,
            responsible_id=hr.id if hr else None,
            stage=stages[-1][0],
            opened_on=opened,
            closed_on=today - timedelta(days=stages[-1][1]) if stages[-1][0] == "closed" else None,
            created_by_id=hr.id if hr else None,
        )
        for stage, days in stages:
            case.stages.append(CaseStage(stage=stage, reached_on=today - timedelta(days=days), recorded_by=hr))
        _goals(case, unit_name, today)
        _steps(case, unit_name, today, hr)
        if unit_name == "Lokalvård Skolor":
            _evaluation(case, today)
        db.session.add(case)
        created.append(unit_name)
    db.session.commit()
    return created


def _goals(case: InterventionCase, unit_name: str, today: date) -> None:
    if unit_name == "Hemtjänst Centrum":
        case.goals += [
            PlanGoal(indicator="short_term_absence_pct", baseline=7.9, target=5.5, target_on=today + timedelta(180)),
            PlanGoal(indicator="hme_total", baseline=58, target=65, target_on=today + timedelta(300)),
        ]
    elif unit_name == "Lokalvård Skolor":
        case.goals.append(
            PlanGoal(indicator="sick_days_per_person_year", baseline=33.9, target=28, target_on=today - timedelta(40))
        )


def _steps(case: InterventionCase, unit_name: str, today: date, hr: User | None) -> None:
    proposals = {
        p.text: p for p in db.session.scalars(select(ActionProposal).where(ActionProposal.unit_id == case.unit.id))
    }
    for what, why, responsible, due, status, follow_up, history in STEPS.get(unit_name, []):
        created = case.stages[-1].reached_on if status == "planned" else today - timedelta(days=60)
        if unit_name == "Lokalvård Skolor":
            created = today - timedelta(days=368)
        step = PlanStep(
            what=what,
            why=why,
            **_responsible(responsible),
            due_on=today + timedelta(days=due),
            status=status,
            next_follow_up_on=None if follow_up is None else today + timedelta(days=follow_up),
            created_on=created,
        )
        proposal = next((p for text, p in proposals.items() if text.casefold().startswith(what[:20].casefold())), None)
        if proposal is not None:
            step.proposal_id = proposal.id
            proposal.status = "adopted"
        step.changes.append(StepChange(by=hr, kind="created", changes={"what": [None, what]}))
        for days_ago, done, new_status, effect in history:
            held = today - timedelta(days=days_ago)
            step.follow_ups.append(
                FollowUp(
                    held_on=held,
                    done=done,
                    status=new_status,
                    effect=effect,
                    next_follow_up_on=None if new_status in ("done", "dropped") else held + timedelta(days=14),
                    recorded_by=hr,
                )
            )
            step.changes.append(StepChange(by=hr, kind="followed_up", changes={"status": [None, new_status]}))
        case.steps.append(step)


def _responsible(responsible: str) -> dict:
    """A step's responsible fields: the demo account named by its e-mail (the unit manager, as a role, if that
    account is missing), or the role."""
    if "@" not in responsible:
        return {"responsible_role": responsible}
    account = db.session.scalar(select(User.id).where(User.email == responsible, User.active.is_(True)))
    return {"responsible_user_id": account} if account is not None else {"responsible_role": "unit_manager"}


def _evaluation(case: InterventionCase, today: date) -> None:
    opened = case.opened_on
    case.reference_start, case.reference_end = opened - timedelta(days=365), opened - timedelta(days=1)
    case.follow_up_start, case.follow_up_end = today - timedelta(days=395), today - timedelta(days=31)
    case.reference_employees, case.reference_sick_days, case.reference_short_term_days = 18, 610, 240
    case.follow_up_employees, case.follow_up_sick_days, case.follow_up_short_term_days = 19, 520, 175


def seed_support_and_indicator_demo(today: date) -> bool:
    """Early-support talks and network meetings over the last year, and entered indicator values with targets, so
    that the indicators page has something to show. Returns False when they exist already."""
    import random

    from survey_app.models import IndicatorTarget, IndicatorValue, SupportEvent

    if db.session.scalar(select(SupportEvent.id).limit(1)) or db.session.scalar(select(IndicatorValue.id).limit(1)):
        return False
    rng = random.Random(2026)
    manager = db.session.scalar(select(User).where(User.role == Role.MANAGER.value).order_by(User.id))
    workplaces = [u for u in db.session.scalars(select(Unit).where(Unit.parent_id.is_not(None))) if not u.children]
    for unit in workplaces:
        strained = unit.name in STAGE_DAYS
        for _ in range(rng.randint(3, 7) if strained else rng.randint(0, 3)):
            db.session.add(
                SupportEvent(
                    unit=unit,
                    kind="early_support_talk",
                    held_on=today - timedelta(days=rng.randint(1, 360)),
                    roles_present=["manager", "employee"] + (["hr"] if rng.random() < 0.3 else []),
                    recorded_by_id=manager.id if manager else None,
                )
            )
        if strained:
            db.session.add(
                SupportEvent(
                    unit=unit,
                    kind="network_meeting",
                    held_on=today - timedelta(days=rng.randint(10, 200)),
                    roles_present=["manager", "employee", "ohs", "hr"],
                    recorded_by_id=manager.id if manager else None,
                )
            )
    centrum = db.session.scalar(select(Unit).where(Unit.name == "Hemtjänst Centrum"))
    month = date(today.year, today.month, 1)
    for back in range(12, 0, -1):
        start = (month - timedelta(days=31 * back)).replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        level = 9.6 - 0.15 * (12 - back) + rng.uniform(-0.4, 0.4)
        if centrum is not None:
            db.session.add(IndicatorValue(indicator="sick_absence_pct", unit=centrum, period_start=start,
                                          period_end=end, value=round(level, 1)))  # fmt: skip
            db.session.add(IndicatorValue(indicator="short_term_absence_pct", unit=centrum, period_start=start,
                                          period_end=end, value=round(level * 0.6, 1)))  # fmt: skip
        db.session.add(IndicatorValue(indicator="risk_reports", unit=None, period_start=start, period_end=end,
                                      value=float(rng.randint(8, 20))))  # fmt: skip
        db.session.add(IndicatorValue(indicator="sick_absence_pct", unit=None, period_start=start, period_end=end,
                                      value=round(6.8 + rng.uniform(-0.5, 0.5), 1)))  # fmt: skip
    target_on = date(today.year + 1, 12, 31)
    db.session.add(IndicatorTarget(indicator="sick_absence_pct", unit=None, target=6.0, target_on=target_on))
    db.session.add(IndicatorTarget(indicator="early_support_talks", unit=None, target=40, target_on=target_on))
    if centrum is not None:
        db.session.add(
            IndicatorTarget(indicator="short_term_absence_pct", unit=centrum, target=4.0, target_on=target_on)
        )
    db.session.commit()
    return True
