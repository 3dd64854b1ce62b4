"""Use cases of the account: authenticate, change password, choose language. Never reads the request."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from survey_app import audit
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import User

PASSWORD_MIN_LENGTH = 10
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that both failures take the same time.
_DUMMY_HASH = _hasher.hash("omtanke-dummy-password")


class InvalidLoginError(DomainError):
    status = 200


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str, email: str, field: str = "password") -> None:
    """Minimum length and not the e-mail address; stronger rules come with the security work (issue 11)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError(_l("The password must have at least %(n)d characters.", n=PASSWORD_MIN_LENGTH), field)
    if password.strip().lower() == email.strip().lower():
        raise DomainError(_l("The password must not be your e-mail address."), field)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User:
    """The active account with this e-mail and password; the same error for every kind of failure."""
    user = find_user_by_email(email)
    valid = _verify(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.active:
        audit.record(user, "auth.login_failed", "user", user.id if user else None)
        db.session.commit()
        raise InvalidLoginError(_l("Wrong e-mail address or password."))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", "user", user.id)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every other session of the account ends."""
    if not _verify(user.password_hash, current):
        raise DomainError(_l("The current password is wrong."), "current_password")
    check_password_rules(new, user.email, "new_password")
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(user, "user.password_change", "user", user.id)
    db.session.commit()


def set_preferred_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()
