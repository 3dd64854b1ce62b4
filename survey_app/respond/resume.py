"""Answers begun with a personal code: whose device holds them, and the phrase that continues them on another one.

A code is something HR sends by SMS or e-mail, so holding it proves little: it lets a person answer once, never read
what the code's owner saved. The draft row therefore holds no value derived from the code (``by_code`` says only
that a code must be claimed to send it). What ties a draft to its code lives with the respondent: a signed cookie
(:class:`HeldCode`) naming the draft, the code's hash and the code's *draft salt*. On another device the draft is
found only through its ``resume_key``, a slow keyed hash (scrypt, salted with HMAC(SECRET_KEY, code hash, draft
salt)) of the phrase the respondent chose when saving: neither the code alone nor a database reader with HR's code
list and the secret key finds the answers without guessing the phrase, and each guess costs about 50 ms of scrypt.

The code's row keeps only a random draft salt, set when a draft is begun: "a draft exists". Starting afresh replaces
the salt, so the old draft's key can never be computed again and the device holding it deletes it on its next
request (drafts left behind are purged when the round closes). Wrong phrases count against the address's allowance
(``guessing.py``) and against the code itself: once a code has had ``OMTANKE_PHRASE_LIMIT`` wrong phrases, no phrase
is checked for it, from any address, until the window passes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many
from sqlalchemy import delete, select, update

from survey_app.db import db
from survey_app.extensions import limiter
from survey_app.models import AccessCode, ResponseDraft, RoundUnit
from survey_app.respond.services import CodeError, check_open, start_draft
from survey_app.surveys import codes

PHRASE_MIN, PHRASE_MAX = 8, 100
#: The signed cookie that holds the code of the draft begun on this device.
CODE_COOKIE = "omtanke_code"


@dataclass(frozen=True)
class HeldCode:
    """What the respondent's device holds for a code draft: the draft, the code's hash and the draft salt."""

    draft_id: str
    code_hash: str
    salt: str


def signed(secret: str, held: HeldCode) -> str:
    """The cookie value for ``held``, signed so that it cannot be changed to claim another code."""
    return _serializer(secret).dumps([held.draft_id, held.code_hash, held.salt])


def held_code(secret: str, value: str | None) -> HeldCode | None:
    """The code held in a cookie value, or None when there is none or its signature is wrong."""
    try:
        draft_id, code_hash, salt = _serializer(secret).loads(value or "")
    except (BadSignature, ValueError, TypeError):
        return None
    return HeldCode(str(draft_id), str(code_hash), str(salt))


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="omtanke-code-draft")


def normalise_phrase(phrase: str) -> str:
    """A phrase as compared: case and runs of spaces do not matter."""
    return " ".join(phrase.casefold().split())


def resume_key(secret: str, code_hash: str, salt: str, phrase: str) -> str:
    """The key a draft is found by on another device: scrypt of the phrase, salted with the code and draft salt."""
    keyed = hmac.new(secret.encode(), f"omtanke-resume:{code_hash}:{salt}".encode(), hashlib.sha256).digest()
    return hashlib.scrypt(normalise_phrase(phrase).encode(), salt=keyed, n=2**14, r=8, p=1, dklen=32).hex()


class PhraseNeededError(CodeError):
    """The code's answers are saved on another device: its phrase continues them here, or the person starts afresh."""

    shown_status = 200


class TooManyPhrasesError(CodeError):
    """The code has had too many wrong phrases lately: none is checked for it until the window passes."""

    shown_status = 429


def draft_for_code(
    code: str,
    secret: str,
    language: str,
    today: date,
    held: HeldCode | None,
    phrase: str | None = None,
    fresh: bool = False,
) -> HeldCode:
    """The code's draft for this device: the one it holds, the one ``phrase`` continues, or a new one (``fresh``:
    in place of the saved one, whose answers are then deleted unread)."""
    access = _usable_code(code, secret)
    round_unit = db.session.get(RoundUnit, access.round_unit_id)
    check_open(round_unit, today)
    if _holds(held, access):
        return held
    if access.draft_salt is not None and not fresh:
        if phrase is None:
            raise PhraseNeededError(_l("Answers have been saved with this code on another device."), "phrase")
        draft = _continued(secret, access, phrase)
        return HeldCode(draft.id, access.code_hash, access.draft_salt)
    salt = secrets.token_hex(16)
    same = AccessCode.draft_salt.is_(None) if access.draft_salt is None else AccessCode.draft_salt == access.draft_salt
    begun = db.session.execute(
        update(AccessCode).where(AccessCode.id == access.id, same).values(draft_salt=salt)
    ).rowcount
    if begun != 1:  # another device began a draft with the code a moment ago
        db.session.rollback()
        raise PhraseNeededError(_l("Answers have been saved with this code on another device."), "phrase")
    draft = start_draft(round_unit, language, today, by_code=True)  # commits the new salt with the new draft
    return HeldCode(draft.id, access.code_hash, salt)


def _usable_code(code: str, secret: str) -> AccessCode:
    access = None
    if codes.looks_like_code(code):
        access = db.session.scalar(select(AccessCode).where(AccessCode.code_hash == codes.code_hash(secret, code)))
    if access is None:
        raise CodeError(_l("That is not a valid code. Check it and try again."), "code")
    if access.used:
        raise CodeError(_l("This code has already been used to answer."), "code")
    return access


def _holds(held: HeldCode | None, access: AccessCode) -> bool:
    return (
        held is not None
        and access.draft_salt is not None
        and hmac.compare_digest(held.code_hash, access.code_hash)
        and hmac.compare_digest(held.salt, access.draft_salt)
        and db.session.get(ResponseDraft, held.draft_id) is not None
    )


def _continued(secret: str, access: AccessCode, phrase: str) -> ResponseDraft:
    """The code's draft when ``phrase`` is the one chosen for it; a wrong phrase is counted for the code."""
    if not _phrases_left(access.code_hash):
        raise TooManyPhrasesError(
            _l("Too many wrong phrases have been tried for this code. Try again later."), "phrase"
        )
    key = resume_key(secret, access.code_hash, access.draft_salt or "", phrase)
    draft = db.session.scalar(
        select(ResponseDraft).where(
            ResponseDraft.resume_key == key, ResponseDraft.round_unit_id == access.round_unit_id
        )
    )
    if draft is None or not hmac.compare_digest(draft.resume_key or "", key):
        _count_wrong_phrase(access.code_hash)
        raise CodeError(_l("That phrase does not match the one chosen when the answers were saved."), "phrase")
    return draft


def holds_current_draft(held: HeldCode) -> bool:
    """Whether a device's code draft is still its code's; one replaced by a fresh start elsewhere is deleted here."""
    salt = db.session.scalar(select(AccessCode.draft_salt).where(AccessCode.code_hash == held.code_hash))
    if salt is not None and hmac.compare_digest(salt, held.salt):
        return True
    db.session.execute(delete(ResponseDraft).where(ResponseDraft.id == held.draft_id, ResponseDraft.state == "open"))
    db.session.commit()
    return False


def choose_phrase(secret: str, held: HeldCode, phrase: str, today: date) -> bool:
    """Keep the key of the phrase chosen for a code draft (``CodeError`` if too short); False if sent meanwhile."""
    cleaned = normalise_phrase(phrase)
    if not PHRASE_MIN <= len(cleaned) <= PHRASE_MAX:
        raise CodeError(_l("Choose a phrase of at least %(n)d characters.", n=PHRASE_MIN), "phrase")
    changed = db.session.execute(
        update(ResponseDraft)
        .where(ResponseDraft.id == held.draft_id, ResponseDraft.state == "open", ResponseDraft.by_code.is_(True))
        .values(resume_key=resume_key(secret, held.code_hash, held.salt, cleaned), updated_on=today)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return changed == 1


def _phrase_limit_key(code_hash: str) -> str:
    return hashlib.sha256(f"omtanke-phrase-guesses:{code_hash}".encode()).hexdigest()[:32]


def _phrases_left(code_hash: str) -> bool:
    if not limiter.enabled:
        return True
    limits = parse_many(current_app.config["OMTANKE_PHRASE_LIMIT"])
    return all(limiter.limiter.test(item, "phrase", _phrase_limit_key(code_hash)) for item in limits)


def _count_wrong_phrase(code_hash: str) -> None:
    if limiter.enabled:
        for item in parse_many(current_app.config["OMTANKE_PHRASE_LIMIT"]):
            limiter.limiter.hit(item, "phrase", _phrase_limit_key(code_hash))
