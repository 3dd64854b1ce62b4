"""Single-use answer codes: generation, normalisation and keyed hashing.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX-XXXX: 60 bits, so
guessing one among thousands is hopeless. Only HMAC-SHA256(secret key, code) is stored. Rotating SECRET_KEY
invalidates codes that have not been used yet.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """What a person typed, as hashed: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(secret: str, code: str) -> str:
    return hmac.new(secret.encode(), b"omtanke-code:" + normalise(code).encode(), hashlib.sha256).hexdigest()


def looks_like_code(code: str) -> bool:
    cleaned = normalise(code)
    return len(cleaned) == LENGTH and all(ch in ALPHABET for ch in cleaned)
