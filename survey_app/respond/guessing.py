"""The per-address limit on wrong guesses at a respondent's secrets: counted once the answer is known.

Colleagues share one office address, so the limit must never refuse a right code: the guess is checked first, and
only a wrong one (the view answers 422) is counted for the address; once the address is over ``OMTANKE_CODE_LIMIT``,
wrong guesses get the ``refusal`` page (429) instead of "not a valid code". A right code always gets in, so the
limit slows no one who holds a code; what keeps guessing hopeless is the code space (``surveys/codes.py``: 31¹² ≈
7.9·10¹⁷ codes), as docs/security.md works out. Every route decorated here shares one count per address
(``SCOPE``): a wrong code and, say, a wrong phrase for a saved draft use up the same allowance.

Flask-Limiter's own decorator decides before the view runs, so it can only refuse everyone from a busy address; the
count here goes through the same limiter and storage (Redis when set), so ``limiter.reset()`` and its switch apply.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, make_response, request
from flask_limiter.util import get_remote_address
from limits import parse_many

from survey_app.extensions import limiter

#: The one count of wrong guesses per address, whichever respondent route they were made on.
SCOPE = "respondent-guesses"
#: What a view answers to a wrong guess.
WRONG = 422


def wrong_guesses_limited(refusal: Callable[[], object], methods: frozenset[str] = frozenset({"POST"})) -> Callable:
    """Decorator for a POST (or the ``methods`` given) that checks a respondent's secret: over the address's limit,
    a wrong guess is answered with ``refusal()`` (a 429 page in the respondent's language); a right one is never
    refused."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = make_response(view(*args, **kwargs))
            if request.method not in methods or response.status_code != WRONG or within_limit():
                return response
            return refusal()

        return wrapped

    return decorate


def within_limit() -> bool:
    """Count one wrong guess from this address; False once the address has used up its allowance."""
    if not limiter.enabled:
        return True
    address, limits = get_remote_address(), parse_many(current_app.config["OMTANKE_CODE_LIMIT"])
    return all([limiter.limiter.hit(item, SCOPE, address) for item in limits])  # a list: every window counts it
