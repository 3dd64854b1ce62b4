"""What an API token may do: its scopes, the one home of their names and meaning.

A token acts as its owner, with exactly the owner's role and unit scope; its scopes narrow that further. ``read``
opens every GET of the API (what the owner could read on the pages); ``sick-reports:write`` lets an HR system or a
nurse line send sick reports (``POST /api/v1/sick-reports``), still only for the units the owner may report for. A
token is stored with its scopes space-separated (``ApiToken.scopes``); tokens from before scopes existed read only.
"""

from __future__ import annotations

from collections.abc import Iterable

READ = "read"
SICK_REPORTS_WRITE = "sick-reports:write"

#: Every scope, with what it allows (shown in the OpenAPI document and the CLI's help).
SCOPES: dict[str, str] = {
    READ: "Read what the token's owner may read: survey rounds and their results (every GET).",
    SICK_REPORTS_WRITE: "Send sick reports for the units the token's owner may report for (POST /sick-reports).",
}
DEFAULT_SCOPES = (READ,)


class UnknownScopeError(ValueError):
    """A scope name that is not one of ``SCOPES``."""

    def __init__(self, unknown: Iterable[str]):
        self.unknown = tuple(unknown)
        super().__init__(f"Unknown scope: {', '.join(self.unknown)}. Known scopes: {', '.join(SCOPES)}.")


def normalised(scopes: Iterable[str]) -> str:
    """The scopes as stored: known names only, each once, in ``SCOPES`` order, space-separated; UnknownScopeError
    names any other. No scopes at all means the default (read)."""
    wanted = {scope.strip() for scope in scopes if scope.strip()} or set(DEFAULT_SCOPES)
    unknown = sorted(wanted - SCOPES.keys())
    if unknown:
        raise UnknownScopeError(unknown)
    return " ".join(scope for scope in SCOPES if scope in wanted)


def granted(stored: str | None) -> frozenset[str]:
    """The scopes a stored token holds (an empty or missing value reads as the default)."""
    return frozenset((stored or "").split()) or frozenset(DEFAULT_SCOPES)


def allows(stored: str | None, scope: str) -> bool:
    """Whether a token with the stored scopes may use an operation that needs ``scope``."""
    return scope in granted(stored)
