"""A unit's strengths and risks: the items it scores best and worst on, with the organisation's score beside them."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.results.figures import UnitResult

#: Item scores at or above this are strengths, at or below RISK_AT risks (0-100, higher is always better).
STRENGTH_AT, RISK_AT = 75.0, 50.0
#: How many strengths and risks a report lists.
HIGHLIGHTS = 3


@dataclass(frozen=True)
class Highlight:
    """One strength or risk: the item, the unit's score and the organisation's."""

    key: str
    score: float
    organisation: float | None


def highlights(result: UnitResult, organisation: UnitResult | None) -> tuple[list[Highlight], list[Highlight]]:
    """The unit's strengths (items scoring at least STRENGTH_AT, best first) and risks (at most RISK_AT, worst
    first), at most HIGHLIGHTS of each, with the organisation's score beside them."""
    if result.suppressed or not result.items:
        return [], []
    org_items = (organisation.items or {}) if organisation and not organisation.suppressed else {}
    scored = [
        Highlight(key, item.score, org_items[key].score if key in org_items else None)
        for key, item in result.items.items()
        if item.score is not None
    ]
    strengths = sorted((h for h in scored if h.score >= STRENGTH_AT), key=lambda h: (-h.score, h.key))
    risks = sorted((h for h in scored if h.score <= RISK_AT), key=lambda h: (h.score, h.key))
    return strengths[:HIGHLIGHTS], risks[:HIGHLIGHTS]
