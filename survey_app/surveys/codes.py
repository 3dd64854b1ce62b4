"""Single-use answer codes: generation, normalisation and keyed hashing.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX-XXXX: 60 bits, so
guessing one among thousands is hopeless. Only HMAC-SHA256(secret key, code) is stored. Rotating SECRET_KEY
invalidates codes that have not been used yet.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from survey_app.models.surveys import CODE_ALPHABET as ALPHABET

LENGTH = 12


def new_code() -> str:
    """A fresh random code, shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """What a person typed, as hashed: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(secret: str, code: str) -> str:
    """What is stored for a code: its keyed hash (HMAC-SHA256 with ``secret``) once normalised."""
    return hmac.new(secret.encode(), b"omtanke-code:" + normalise(code).encode(), hashlib.sha256).hexdigest()


def looks_like_code(code: str) -> bool:
    """Whether what was typed can be a code: 12 characters of the alphabet, once spaces and dashes are dropped."""
    cleaned = normalise(code)
    return len(cleaned) == LENGTH and all(ch in ALPHABET for ch in cleaned)
