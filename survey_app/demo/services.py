"""Seed the demo municipality, idempotently: what exists already is left as it is."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select

from survey_app import clock
from survey_app.admin import services as admin
from survey_app.auth.services import hash_password
from survey_app.db import db
from survey_app.demo.absence import seed_absence_demo
from survey_app.demo.interviews import seed_interview_demo
from survey_app.demo.organisation import ORGANISATION, kind_of
from survey_app.demo.person_cases import seed_person_cases_demo
from survey_app.demo.person_track import seed_person_track_demo
from survey_app.demo.plan_voices import SAFETY_AREAS, SAFETY_EMAIL, seed_plan_voices_demo
from survey_app.demo.plans import seed_plan_demo, seed_support_and_indicator_demo
from survey_app.demo.surveys import seed_survey_demo
from survey_app.models import Role, Unit, UnitAssignment, User

SEED = 2026
#: One manager per area, in the order of ORGANISATION's areas.
MANAGER_NAMES = (
    "Maria Lindqvist",
    "Johan Eriksson",
    "Sara Nyström",
    "Ahmed Hassan",
    "Eva Karlsson",
    "Pirjo Virtanen",
    "Lars Holm",
    "Fatima Ali",
    "Anna Berg",
    "Mikael Sundberg",
    "Leena Mäkinen",
    "Oskar Wallin",
    "Karin Ek",
    "Tobias Strand",
)


@dataclass(frozen=True)
class DemoLogin:
    """A demo account as printed: its e-mail, role and the codes of its units."""

    email: str
    role: str
    scope: str


@dataclass
class DemoReport:
    """What one seeding run created, and the demo's logins."""

    units_created: int = 0
    users_created: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    #: The password given to accounts created (or reset) in this run; None when nothing was created.
    password: str | None = None
    rounds_created: list[str] = field(default_factory=list)
    interviews_created: list[str] = field(default_factory=list)
    cases_created: list[str] = field(default_factory=list)


def _demo_accounts() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(email, name, role, unit codes): admin, HR, occupational health, the safety representative (skyddsombud) of
    the care areas with plans, one manager per area."""
    accounts = [
        ("admin@example.org", "Alva Admin", Role.ADMIN.value, ()),
        ("hr@example.org", "Hanna Personalsson", Role.HR.value, ()),
        ("ohs@example.org", "Olli Työterveys", Role.OHS.value, ("VOF",)),
        (SAFETY_EMAIL, "Stina Skyddsombud", Role.SAFETY.value, SAFETY_AREAS),
    ]
    areas = [area_code for _, _, areas in ORGANISATION for area_code, _, _ in areas]
    for number, (area_code, name) in enumerate(zip(areas, MANAGER_NAMES, strict=True), start=1):
        accounts.append((f"manager{number}@example.org", name, Role.MANAGER.value, (area_code,)))
    return accounts


def _ensure_unit(code: str, name: str, parent: Unit | None, headcount: int, report: DemoReport) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        unit = Unit(code=code, name=name, parent=parent, headcount=headcount)
        db.session.add(unit)
        report.units_created += 1
    return unit


def seed_organisation(report: DemoReport) -> None:
    """Create the demo municipality's missing administrations, areas and units, unit headcounts from a fixed seed."""
    rng = random.Random(SEED)
    for admin_code, admin_name, areas in ORGANISATION:
        administration = _ensure_unit(admin_code, admin_name, None, 0, report)
        admin_total = 0
        for area_code, area_name, units in areas:
            area = _ensure_unit(area_code, area_name, administration, 0, report)
            area_total = 0
            for number, (unit_name, (low, high)) in enumerate(units, start=1):
                headcount = rng.randint(low, high)
                unit = _ensure_unit(f"{area_code}-{number:02d}", unit_name, area, headcount, report)
                unit.kind = unit.kind or kind_of(area_code, unit_name)
                area_total += unit.headcount
            area.headcount = area.headcount or area_total
            admin_total += area.headcount
        administration.headcount = administration.headcount or admin_total
    db.session.commit()


def seed_demo(password: str | None = None, reset_passwords: bool = False) -> DemoReport:
    """Create what is missing of the demo; with ``reset_passwords`` give every demo account a new password."""
    report = DemoReport()
    seed_organisation(report)
    password = password or secrets.token_urlsafe(12)
    for email, name, role, codes in _demo_accounts():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            assigned = codes if role in admin.UNIT_SCOPED_ROLES else ()
            user = admin.create_user(None, admin.UserInput(email, name, role, assigned), password)
            _assign_units(user, codes)
            report.users_created.append(email)
        elif reset_passwords:
            user.password_hash = hash_password(password)
            user.session_version += 1
            report.users_created.append(email)
        report.logins.append(DemoLogin(email, role, ", ".join(codes)))
    db.session.commit()
    report.rounds_created = seed_survey_demo(clock.today())
    report.interviews_created = seed_interview_demo(clock.today())
    report.cases_created = seed_plan_demo(clock.today())
    seed_support_and_indicator_demo(clock.today())
    seed_absence_demo(clock.today())
    seed_person_track_demo(clock.today())
    seed_person_cases_demo(clock.today())
    seed_plan_voices_demo(clock.today())
    if report.users_created:
        report.password = password
    return report


def _assign_units(user: User, codes: tuple[str, ...]) -> None:
    """Assign the units of ``codes`` the account lacks: the safety representative's units, which the account form
    may not assign yet."""
    held = {assignment.unit_id for assignment in user.assignments}
    for unit in db.session.scalars(select(Unit).where(Unit.code.in_(codes))):
        if unit.id not in held:
            user.assignments.append(UnitAssignment(unit=unit))


def database_is_empty() -> bool:
    """True when there is neither a unit nor an account: a fresh installation."""
    return not db.session.scalar(select(func.count()).select_from(Unit)) and not db.session.scalar(
        select(func.count()).select_from(User)
    )


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist in this database."""
    existing = set(db.session.scalars(select(User.email)))
    return [DemoLogin(email, role, ", ".join(codes)) for email, _, role, codes in _demo_accounts() if email in existing]
