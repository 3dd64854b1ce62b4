"""What a round's results are: frozen values that already carry the suppression decision, and the thresholds they
were decided under.

Only ``computed`` makes them, behind the gate in ``services``; pages, the API, the exports and the figures derived
from surveys read them. Nothing here queries or decides: a hidden group's figures are already None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from survey_app.models import SurveyRound
from survey_app.results.anonymity import ORGANISATION, Visibility
from survey_app.results.scale import HME_FIGURES, RoundScale

__all__ = ["ORGANISATION", "ItemResult", "RoundResults", "Thresholds", "UnitResult"]


@dataclass(frozen=True)
class Thresholds:
    """A round's effective thresholds: the fewest answers a group needs for its figures, and for its free text."""

    anonymity: int
    free_text: int

    @classmethod
    def of(cls, survey: SurveyRound) -> Thresholds:
        """The one place they are worked out: free text never shows below the anonymity threshold, whatever the
        round's own free-text threshold says."""
        return cls(survey.anonymity_threshold, max(survey.comment_threshold, survey.anonymity_threshold))


@dataclass(frozen=True)
class ItemResult:
    """How a group answered one question: its distribution and, for a scored item, its mean 0-100 score."""

    key: str
    answered: int  # respondents who answered the item
    counts: Mapping[int, int]  # answer value -> how many chose it (multi: respondents who chose it)
    score: float | None  # mean 0-100 score of the answers; None for choice items


@dataclass(frozen=True)
class UnitResult:
    """One unit's (or the organisation's) figures; every figure is None when ``suppressed``."""

    unit_id: int | None  # None for the whole organisation
    code: str | None
    parent_code: str | None
    responses: int | None
    hme: dict[str, float | None] | None
    suppressed: bool
    #: Invited staff in the unit's subtree (the round's headcount), always shown: it is not survey data.
    headcount: int = 0
    dimensions: dict[str, float | None] | None = None
    items: dict[str, ItemResult] | None = None
    #: Whether the unit's free text may be shown (its own, higher threshold).
    comments: bool = False
    hidden_reason: str | None = None

    @property
    def response_rate(self) -> float | None:
        """Responses as a share of the invited staff, in per cent (at most 100); None when hidden or nobody."""
        if self.responses is None or not self.headcount:
            return None
        return min(100.0, 100.0 * self.responses / self.headcount)

    def score(self, figure: str) -> float | None:
        """A figure by its column key: "hme.total", "hme.motivation", "osa.workload", …"""
        if self.suppressed:
            return None
        instrument, _, name = figure.partition(".")
        if instrument == "hme":
            return (self.hme or {}).get(name)
        return (self.dimensions or {}).get(figure)


@dataclass(frozen=True)
class RoundResults:
    """Every unit's result for a round, ORGANISATION keyed as itself, with the tree they roll up: the one the round
    closed with (``org.trees``), so its figures never change when units move later."""

    survey: SurveyRound
    scale: RoundScale
    units: Mapping[int | str, UnitResult]
    visibility: Visibility
    comment_visibility: Visibility
    #: Every unit's name, those of units since created or deleted too.
    names: Mapping[int, str] = field(default_factory=dict)
    #: The round's tree: each unit that took part in it and its parent then (None at the top).
    parents: Mapping[int, int | None] = field(default_factory=dict)
    #: Units under another parent today than when the round closed: the parent now (None at the top).
    moved: Mapping[int, int | None] = field(default_factory=dict)

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds these figures were suppressed under."""
        return Thresholds.of(self.survey)

    def figures(self) -> list[str]:
        """Column keys of the round's scored figures, HME first."""
        head = [f"hme.{name}" for name in HME_FIGURES] if self.scale.hme else []
        return head + [spec.key for spec in self.scale.dimensions]
