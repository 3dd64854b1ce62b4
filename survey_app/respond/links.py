"""Answers through a workplace's link: which may start, and which are stored held (issue 19, finding 2).

A new cookie is a new respondent, so whoever holds the poster could add answers they know to a small workplace and
subtract them from its figures. The rules are ``surveys.held``'s; this module adds what only a respondent's request
shows: a *burst*, a second link answer to one workplace from the same browser (a long-lived random cookie) or the
same client address within ``OMTANKE_LINK_BURST_MINUTES``.

The burst counters must not become a new way to pair people with responses: they are never written to the database
(nothing in a response row), their keys are keyed hashes (HMAC with the secret key) of the workplace and the
browser or address, and they expire with the window. They live in the rate limiter's storage: Redis when
``REDIS_URL`` is set, shared by every process; otherwise each process counts for itself (docs/operations.md).
If the storage fails, the answer is stored as if no burst was seen: an answer is never lost for it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from survey_app.errors import DomainError
from survey_app.extensions import limiter
from survey_app.models import RoundUnit
from survey_app.surveys.held import claim_link_answers, link_open

log = logging.getLogger(__name__)

#: The browser's own random id: only ever compared, as a keyed hash, with the answers of the last hour.
BROWSER_COOKIE = "omtanke_browser"


class CodesOnlyError(DomainError):
    """A small workplace answers with personal codes only; its link page says so and leads to the code page."""

    status = 403

    def __init__(self, round_unit: RoundUnit):
        super().__init__(_l("Your workplace answers this survey with a personal code."))
        self.round_unit = round_unit


@dataclass(frozen=True)
class Arrival:
    """What a link answer's request shows of where it came from: used for the burst rule, never stored."""

    browser: str | None
    address: str | None


def new_browser_id() -> str:
    """A random id for a browser that has none yet."""
    return secrets.token_urlsafe(24)


def check_link_open(round_unit: RoundUnit) -> None:
    """Refuse with ``CodesOnlyError`` when the workplace answers with codes only."""
    if not link_open(round_unit):
        raise CodesOnlyError(round_unit)


def held_on_arrival(round_unit: RoundUnit, arrival: Arrival) -> bool:
    """Whether a link answer arriving now is held; if it counts, it is counted against the headcount in the caller's
    transaction (which stores the response)."""
    burst = _seen_recently(round_unit.id, arrival)
    if burst or not link_open(round_unit):
        return True
    return not claim_link_answers(round_unit.id)


def _seen_recently(round_unit_id: int, arrival: Arrival) -> bool:
    """Count this answer for its browser and its address; True when either had answered this workplace within the
    window already."""
    minutes = current_app.config["OMTANKE_LINK_BURST_MINUTES"]
    if minutes <= 0:
        return False
    secret = current_app.config["SECRET_KEY"].encode()
    seen = False
    for kind, value in (("browser", arrival.browser), ("address", arrival.address)):
        if not value:
            continue
        digest = hmac.new(secret, f"{kind}\0{round_unit_id}\0{value}".encode(), hashlib.sha256).hexdigest()
        try:
            seen = limiter.storage.incr(f"omtanke:link-burst:{digest}", minutes * 60) > 1 or seen
        except Exception as error:  # noqa: BLE001 - any storage failure: never lose an answer over it
            log.warning("link burst storage unavailable, answer not checked: %s", error)
    return seen
