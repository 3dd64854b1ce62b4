"""The second login step: authenticator codes (TOTP, RFC 6238) and one-time recovery codes. Never reads the request.

A code is accepted for the current 30-second step and one step either side (phone clocks drift), but never twice:
the last accepted step is claimed with a conditional UPDATE, so that two requests racing with one overheard code
cannot both win. The TOTP key is never written to the log or the audit trail.
"""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from survey_app import audit
from survey_app.auth.services import complete_login, count_failed_attempt, hash_matches, hash_password
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import RecoveryCode, User

ISSUER = "Omtanke"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
#: No 0/o or 1/l/i: recovery codes are read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
#: Seconds since the epoch; a name of its own so that tests can move the clock.
clock = time.time


class WrongCodeError(DomainError):
    """The code was wrong, has expired or was already used."""

    status = 200


def pending_user(user_id: object, session_version: object) -> User | None:
    """The account a half-finished login belongs to, while it may still finish: active, unlocked, and no logout
    or password change since the password was given."""
    if not isinstance(user_id, int) or not isinstance(session_version, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.locked_at is not None or user.session_version != session_version:
        return None
    return user


def start_enrolment(user: User) -> None:
    """A new key, shown until a code from it is confirmed. Every start makes a new key, so that whoever saw an
    earlier one (e.g. someone who knew the password) cannot use it."""
    if user.two_step_enrolled:
        raise DomainError(_l("Two-step login is already set up for this account."))
    user.totp_secret = pyotp.random_base32()
    user.two_step_enrolled_at = None
    user.totp_last_step = None
    db.session.commit()


def start_voluntary_enrolment(user: User, password: str) -> None:
    """A manager turns two-step login on. The password is asked again, so that someone at an unattended, logged-in
    computer cannot tie the account to their own phone."""
    if not hash_matches(user.password_hash, password):
        raise DomainError(_l("The current password is wrong."), "current_password")
    start_enrolment(user)


def provisioning_uri(user: User) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(name=user.email, issuer_name=ISSUER)


def grouped_secret(user: User) -> str:
    """The key in groups of four, for typing it into an app by hand."""
    key = user.totp_secret or ""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _claim_totp(user: User, code: str) -> bool:
    if not (len(code) == 6 and code.isdigit()) or user.totp_secret is None:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = int(clock() // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            not_used_yet = or_(User.totp_last_step.is_(None), User.totp_last_step < step)
            claim = update(User).where(User.id == user.id, not_used_yet).values(totp_last_step=step)
            return db.session.execute(claim, execution_options={"synchronize_session": False}).rowcount == 1
    return False


def _normalise_recovery_code(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())


def _use_recovery_code(user: User, code: str) -> bool:
    code = _normalise_recovery_code(code)
    if len(code) != _RECOVERY_LENGTH:
        return False
    for row in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all():
        if hash_matches(row.code_hash, code):
            # Claimed by deleting: of two requests with the same code, only one deletes the row.
            used = delete(RecoveryCode).where(RecoveryCode.id == row.id)
            return db.session.execute(used, execution_options={"synchronize_session": False}).rowcount == 1
    return False


def check_code(user: User, code: str) -> None:
    """The second login step: an authenticator code, or a recovery code once. A wrong code counts towards the
    lock-out like a wrong password; the successful login is audited with how it was made."""
    code = "".join((code or "").split())
    if user.two_step_enrolled and _claim_totp(user, code):
        complete_login(user, "totp")
        return
    if user.two_step_enrolled and _use_recovery_code(user, code):
        complete_login(user, "recovery_code")
        return
    count_failed_attempt(user)
    audit.record(user, "auth.code_failed", "user", user.id)
    db.session.commit()
    raise WrongCodeError(_l("The code is wrong, has expired or has already been used."), "code")


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH)) for _ in range(RECOVERY_CODE_COUNT)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Enrolment ends with a code from the new key, which proves the app has it; returns the recovery codes, to be
    shown once. Other sessions of the account end, since they were opened without the second step."""
    if user.totp_secret is None or user.two_step_enrolled:
        raise DomainError(_l("Start the set-up again."))
    if not _claim_totp(user, "".join((code or "").split())):
        raise WrongCodeError(_l("The code is wrong or has expired. Type the code the app shows now."), "code")
    user.two_step_enrolled_at = utcnow()
    user.session_version += 1
    codes = _new_recovery_codes(user)
    audit.record(user, "user.two_step_enrol", "user", user.id)
    db.session.commit()
    return codes


def replace_recovery_codes(user: User, code: str) -> list[str]:
    """Ten new recovery codes for an authenticator code; the old ones stop working."""
    if not user.two_step_enrolled or not _claim_totp(user, "".join((code or "").split())):
        raise WrongCodeError(_l("The code is wrong or has expired. Type the code the app shows now."), "code")
    codes = _new_recovery_codes(user)
    audit.record(user, "user.recovery_codes_replace", "user", user.id)
    db.session.commit()
    return codes


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes the account still has."""
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(RecoveryCode.user_id == user.id))
