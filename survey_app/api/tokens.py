"""Bearer tokens: create (shown once, with its scopes), check, list, revoke. Only SHA-256 hashes are stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from survey_app import audit
from survey_app.api.scopes import DEFAULT_SCOPES, normalised
from survey_app.db import db
from survey_app.models import ApiToken, User

PREFIX = "omt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(actor: User | None, user: User, name: str, scopes: Iterable[str] = DEFAULT_SCOPES) -> str:
    """A new token acting as ``user`` with ``scopes`` (``api.scopes``; UnknownScopeError for any other), returned
    once; only its hash is stored."""
    stored_scopes = normalised(scopes)
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name[:100] or "api", token_hash=_digest(token), scopes=stored_scopes))
    audit.record(actor, "api.token_create", "user", user.id, name=name[:100], scopes=stored_scopes)
    db.session.commit()
    return token


def token_for(token: str, today: date) -> ApiToken | None:
    """The working token (not revoked, its account active) behind a bearer value, or None; notes the day of use (no
    finer time)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if found is None or found.revoked or not found.user.active:
        return None
    if found.last_used_on != today:
        found.last_used_on = today
        db.session.commit()
    return found


def user_for_token(token: str, today: date) -> User | None:
    """The active account behind a token, or None (``token_for``)."""
    found = token_for(token, today)
    return None if found is None else found.user


def all_tokens() -> list[ApiToken]:
    """Every token, revoked ones too, oldest first: what an administrator reviews."""
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(actor: User | None, token_id: int) -> bool:
    """Stop a token from working; False when there is no token with this id."""
    found = db.session.get(ApiToken, token_id)
    if found is None:
        return False
    found.revoked = True
    audit.record(actor, "api.token_revoke", "api_token", token_id)
    db.session.commit()
    return True
