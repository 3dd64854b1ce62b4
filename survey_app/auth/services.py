"""Use cases of the account: check the password, lock out, log out, password rules and change, choose language.
Never reads the request. The second login step lives in ``two_step.py``."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from survey_app import audit
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.models import User

PASSWORD_MIN_LENGTH = 12
#: zxcvbn's score from 0 (a top-100 password) to 4; 3 means "safely unguessable" in an online attack.
PASSWORD_MIN_SCORE = 3
#: Failed password or code attempts in a row after which the account is locked until an admin unlocks it.
LOCKOUT_AFTER = 10
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that both failures take the same time. Written out rather than
# hashed at import, which took 64 MiB and most of a second in every process and command; ``_dummy_hash`` hashes it
# again if the hasher's cost ever differs from the one it was made with (argon2-cffi 25.1 defaults).
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$f5AeHZ1lQ6Dvv0aXmc+qEA$rvoCkuHxSPP0Kc6gSz76Bra9hujOC3JjK2ruhPdAISI"


class InvalidLoginError(DomainError):
    """The first login step failed: one message whatever the reason, so the form cannot tell which accounts exist."""

    status = 200


def hash_password(password: str) -> str:
    """The argon2 hash of a password or recovery code, as stored."""
    return _hasher.hash(password)


def hash_matches(secret_hash: str, secret: str) -> bool:
    """Whether ``secret`` (a password or recovery code) is the one hashed; False for a damaged hash too."""
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """The hash an unknown e-mail's password is checked against, at the hasher's own cost (so equal time)."""
    global _DUMMY_HASH  # noqa: PLW0603 - replaced at most once, when the hasher's cost differs from the written one
    if _hasher.check_needs_rehash(_DUMMY_HASH):
        _DUMMY_HASH = _hasher.hash("omtanke-dummy-password")
    return _DUMMY_HASH


def _plain(text: str) -> str:
    return "".join(text.split()).lower()


def _guessable_reason(password: str, inputs: list[str]) -> LazyString | None:
    """Why zxcvbn can guess the password, as a translated sentence; None when it cannot.

    zxcvbn carries the common-password lists (and names, words, keyboard patterns, dates), so Omtanke keeps no list
    of its own. Its own feedback is English only: the longest pattern it found picks one of our messages.
    """
    from zxcvbn import zxcvbn  # its word lists take about 12 MB: loaded when a password is first chosen

    result = zxcvbn(password[:72], user_inputs=inputs)  # its limit; beyond 72 characters it gets slow
    if result["score"] >= PASSWORD_MIN_SCORE:
        return None
    found = [match for match in result["sequence"] if match["pattern"] != "bruteforce"]
    match = max(found, key=lambda m: len(m["token"]), default={"pattern": ""})
    source = match.get("dictionary_name")
    if source == "user_inputs":
        return _l("The password is built from your name, your e-mail address or the word Omtanke.")
    if source == "passwords":
        return _l("The password is on the lists of common passwords that attackers try first.")
    if match["pattern"] == "dictionary":
        return _l("A common word or name on its own is easy to guess. Add words that do not belong together.")
    if match["pattern"] == "spatial":
        return _l("Keyboard patterns such as qwerty are easy to guess.")
    if match["pattern"] in ("repeat", "sequence"):
        return _l("Repeated characters and sequences such as abc or 123 are easy to guess.")
    if match["pattern"] in ("date", "regex"):
        return _l("Dates and years are easy to guess.")
    return _l("The password is too easy to guess. Use a few words that do not belong together.")


def check_password_rules(password: str, email: str, name: str, field: str = "password") -> None:
    """At least 12 characters, not the person's e-mail or name, and not guessable (issue 11).

    Length alone lets "password1234" through; zxcvbn (score 3 of 4 needed) refuses it and every other entry of the
    common-password lists, with the e-mail, the name and "omtanke" as the first words an attacker would add.
    """
    if len(password) < PASSWORD_MIN_LENGTH:
        raise DomainError(_l("The password must have at least %(n)d characters.", n=PASSWORD_MIN_LENGTH), field)
    email = email.strip().lower()
    if _plain(password) in {_plain(email), _plain(email.partition("@")[0]), _plain(name)}:
        raise DomainError(_l("The password must not be your e-mail address or your name."), field)
    local_part = email.partition("@")[0]
    words = [email, local_part, *re.split(r"[\W_]+", local_part), *name.split(), "omtanke"]
    reason = _guessable_reason(password, [word for word in words if word])
    if reason is not None:
        raise DomainError(reason, field)


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail address, whatever its letter case, or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def count_failed_attempt(user: User) -> None:
    """One more failed password or code in a row; the LOCKOUT_AFTER-th locks the account (the caller commits).

    The counter is raised in SQL, so that parallel guesses cannot overwrite each other's count.
    """
    db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
    db.session.refresh(user, ["failed_logins", "locked_at"])
    if user.failed_logins >= LOCKOUT_AFTER and user.locked_at is None:
        user.locked_at = utcnow()
        audit.record(None, "auth.locked", "user", user.id, attempts=user.failed_logins)


def check_password(email: str, password: str) -> User:
    """The first login step: the active, unlocked account with this e-mail and password.

    Every failure (unknown e-mail, wrong password, deactivated or locked account) gets the same message after the
    same argon2 work, so that the login form cannot tell which accounts exist. The caller logs the user in, or
    asks for the second step when ``user.needs_two_step``.
    """
    user = find_user_by_email(email)
    valid = hash_matches(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid or not user.active or user.locked_at is not None:
        if user is not None and user.active and user.locked_at is None:
            count_failed_attempt(user)
        audit.record(user, "auth.login_failed", "user", user.id if user else None)
        db.session.commit()
        raise InvalidLoginError(_l("Wrong e-mail address or password."))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def complete_login(user: User, method: str = "password") -> None:
    """The last step succeeded: the failure count starts again from zero and the login is audited."""
    user.failed_logins = 0
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", "user", user.id, method=method)
    db.session.commit()


def log_out(user: User) -> None:
    """End this session and every other session of the account: a copied cookie stops working too."""
    user.session_version += 1
    audit.record(user, "auth.logout", "user", user.id)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every other session of the account ends."""
    if not hash_matches(user.password_hash, current):
        raise DomainError(_l("The current password is wrong."), "current_password")
    check_password_rules(new, user.email, user.name, "new_password")
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(user, "user.password_change", "user", user.id)
    db.session.commit()


def set_preferred_locale(user: User, locale: str) -> None:
    """Save the language the user chose; their pages speak it from now on."""
    user.locale = locale
    db.session.commit()
