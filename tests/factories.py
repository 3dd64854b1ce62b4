"""Small builders for test data: each test makes exactly what it needs."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from survey_app.auth.services import hash_password
from survey_app.db import utcnow
from survey_app.models import TWO_STEP_ROLES, Unit, UnitAssignment, User
from tests.clock import TODAY

_numbers = itertools.count(1)
_hash_cache: dict[str, str] = {}
#: The authenticator key of every account made with two-step login (the default for admin, hr and ohs).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Factory:
    def __init__(self, session: Session, password: str):
        self.session = session
        self.password = password

    def unit(
        self, name: str | None = None, parent: Unit | None = None, code: str | None = None, headcount: int = 10
    ) -> Unit:
        number = next(_numbers)
        unit = Unit(name=name or f"Enhet {number}", code=code or f"U{number:04d}", parent=parent, headcount=headcount)
        self.session.add(unit)
        self.session.commit()
        return unit

    def user(
        self,
        role: str = "hr",
        units: tuple[Unit, ...] = (),
        email: str | None = None,
        password: str | None = None,
        locale: str | None = None,
        two_step: bool | None = None,
    ) -> User:
        """``two_step`` (default: for the roles that need it) enrols the account with the key TOTP_SECRET."""
        password = password or self.password
        if password not in _hash_cache:  # argon2 is slow on purpose; hash each test password once
            _hash_cache[password] = hash_password(password)
        enrolled = role in TWO_STEP_ROLES if two_step is None else two_step
        user = User(
            email=email or f"{role}{next(_numbers)}@example.org",
            name=f"Test {role}",
            role=role,
            password_hash=_hash_cache[password],
            locale=locale,
            totp_secret=TOTP_SECRET if enrolled else None,
            two_step_enrolled_at=utcnow() if enrolled else None,
        )
        user.assignments = [UnitAssignment(unit=unit) for unit in units]
        self.session.add(user)
        self.session.commit()
        return user

    def survey_round(
        self,
        root: Unit,
        sections: tuple[str, ...] = ("hme/motivation", "work_ability/work_ability"),
        languages: tuple[str, ...] = ("sv", "fi"),
        threshold: int = 5,
        opens_on=None,
        closes_on=None,
        own_statements: str = "",
        own_questions: str = "",
        comment_threshold: int | None = None,
    ):
        from datetime import timedelta

        from survey_app.surveys.services import RoundInput, create_round

        today = TODAY
        data = RoundInput(
            title="Medarbetarenkät",
            root_code=root.code if root is not None else "",
            opens_on=opens_on or today,
            closes_on=closes_on or today + timedelta(days=14),
            languages=languages,
            anonymity_threshold=threshold,
            sections=sections,
            own_statements=own_statements,
            own_questions=own_questions,
            comment_threshold=comment_threshold if comment_threshold is not None else max(10, threshold),
        )
        return create_round(None, data, min(today, data.opens_on))
