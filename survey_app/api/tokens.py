"""Bearer tokens: create (shown once), check, revoke. Only SHA-256 hashes are stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from sqlalchemy import select

from survey_app import audit
from survey_app.db import db
from survey_app.models import ApiToken, User

PREFIX = "omt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(actor: User | None, user: User, name: str) -> str:
    """A new token acting as ``user``, returned once; only its hash is stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name[:100] or "api", token_hash=_digest(token)))
    audit.record(actor, "api.token_create", "user", user.id, name=name[:100])
    db.session.commit()
    return token


def user_for_token(token: str, today: date) -> User | None:
    """The active account behind a token, or None; notes the day of use (no finer time)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if found is None or found.revoked or not found.user.active:
        return None
    if found.last_used_on != today:
        found.last_used_on = today
        db.session.commit()
    return found.user


def revoke_token(actor: User | None, token_id: int) -> bool:
    """Stop a token from working; False when there is no token with this id."""
    found = db.session.get(ApiToken, token_id)
    if found is None:
        return False
    found.revoked = True
    audit.record(actor, "api.token_revoke", "api_token", token_id)
    db.session.commit()
    return True
