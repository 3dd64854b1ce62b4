"""The survey results' anonymity rule lent to other unit figures about few people (the person track's indicators).

A unit figure built from the talks, meetings and plans of named employees says something about each of them when
there are only a few: "days to return, median 45" over one plan is that person's return. Such figures are withheld
exactly as survey results are (``anonymity.suppress_small_groups``: too few in the unit's subtree, and the units that
would let a hidden one be computed by subtraction), under the threshold a survey round has by default
(``DEFAULT_THRESHOLD``). One rule, one home: this module only turns counts per unit into the set of units shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from survey_app.models import SurveyRound
from survey_app.results.anonymity import ORGANISATION, Group, suppress_small_groups

#: The fewest cases a unit figure about people is shown for: a survey round's default anonymity threshold (5, the
#: common floor for survey results; ``SurveyRound.anonymity_threshold``).
DEFAULT_THRESHOLD: int = SurveyRound.__table__.c.anonymity_threshold.default.arg


def shown_units(
    counts: Mapping[int, int], parents: Mapping[int, int | None], threshold: int = DEFAULT_THRESHOLD
) -> frozenset[int | None]:
    """The units (None: the whole organisation) whose figure may be shown, given the cases counted in each unit
    itself (not below it) and the unit tree (unit id → parent id)."""
    groups = [Group(unit_id, parent, counts.get(unit_id, 0)) for unit_id, parent in parents.items()]
    visibility = suppress_small_groups(groups, threshold)
    return frozenset(None if node == ORGANISATION else node for node in visibility.visible)
