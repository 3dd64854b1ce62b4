"""A message's secret (a password-reset link) kept encrypted until it is sent: Fernet (AES-128-CBC + HMAC-SHA256)
under a key derived from the installation's SECRET_KEY and never stored. A database copy alone holds no usable link."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

KEY_LABEL = b"omtanke-mail-secrets"


def _fernet() -> Fernet:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), KEY_LABEL, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    """``secret`` encrypted and authenticated, as text for the ``secret`` column."""
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The secret again, or None when it cannot be read (the key changed since): the message is then not sent."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None
