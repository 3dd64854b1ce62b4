"""Short codes: a workplace's answer link as 14 characters to type at the short address (``/k``), for staff who
cannot scan the poster's QR code.

A short code is made with the workplace (``models.surveys.new_short_code``) from the answer codes' alphabet without
look-alikes (31 characters, no 0/O, 1/I/L), shown in groups as ``K7RM-4QXP-H2X-Y9A`` and read back whatever the
case, spaces or dashes. It leads to the link's landing page only while its round is published and not closed: a
code of a closed round or a draft is as wrong as a made-up one.

Why 14: a right code is never refused (``respond/guessing.py``), so what bounds a guesser is the server's speed, not
the per-address limit. At 1,000 guesses a second for a year (3.2·10¹⁰) against 1,000 live workplaces, 31¹⁴ ≈
7.6·10²⁰ codes give a chance of about 4·10⁻⁸ of reaching any workplace; 13 characters would give 1.3·10⁻⁶
(docs/security.md, "Short answer codes"). A hit only shows a landing page the workplace's poster shows anyway.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import RoundUnit, SurveyRound
from survey_app.models.surveys import CODE_ALPHABET, SHORT_CODE_LENGTH

#: Characters per group when a short code is shown.
GROUPS = (4, 4, 3, 3)


def normalise(typed: str) -> str:
    """What a person typed, as stored: upper case, without spaces, dashes or anything but letters and digits."""
    return "".join(ch for ch in (typed or "")[:64].upper() if ch.isalnum())


def looks_like_short_code(typed: str) -> bool:
    """Whether what was typed can be a short code: 14 characters of the alphabet once spaces and dashes are gone."""
    cleaned = normalise(typed)
    return len(cleaned) == SHORT_CODE_LENGTH and all(ch in CODE_ALPHABET for ch in cleaned)


def grouped(code: str | None) -> str:
    """A short code as shown on posters and pages: ``K7RM-4QXP-H2X-Y9A``; "" without one."""
    if not code:
        return ""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(part for part in parts if part)


def live_round_unit(typed: str, today: date) -> RoundUnit | None:
    """The workplace whose short code was typed, while its round is published and not closed; else None."""
    if not looks_like_short_code(typed):
        return None
    return db.session.scalar(
        select(RoundUnit)
        .join(SurveyRound, SurveyRound.id == RoundUnit.round_id)
        .where(
            RoundUnit.short_code == normalise(typed),
            SurveyRound.published(),
            ~SurveyRound.closed_by(today),
        )
    )
