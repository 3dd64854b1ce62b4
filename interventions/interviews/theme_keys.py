"""The keys notes are filed under: the default guide's themes, built from the work-environment areas, and ``OTHER``.

The default guide has a theme for every area of ``interventions.areas.AREAS`` except those in ``FILED_UNDER``, in
the areas' order, followed by ``OPEN_THEMES``: what works well and the staff's own suggestions, which are about any
area and so have no area of their own. HR may add themes with keys of their own to a unit's guide.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

from interventions.areas import AREAS

OTHER = "other"  # theme key for notes and texts that fit no theme of the guide

#: Themes of the default guide that belong to no area.
OPEN_THEMES: tuple[str, ...] = ("works_well", "suggestions")

#: Areas without a theme of their own in the default guide, and the theme their texts go under instead.
FILED_UNDER: Mapping[str, str] = MappingProxyType({"competence": "goals"})

#: The default guide's theme keys, in its order.
THEME_KEYS: tuple[str, ...] = (*(area for area in AREAS if area not in FILED_UNDER), *OPEN_THEMES)


def theme_for_area(area: str | None, theme_keys: Collection[str]) -> str:
    """The theme of a guide with ``theme_keys`` that text about ``area`` goes under, else ``OTHER``.

    An area in ``FILED_UNDER`` goes under the theme named there; any other area under the theme with its own key.
    Without an area (None), or when the guide has no such theme, the text goes under ``OTHER``.
    """
    theme = FILED_UNDER.get(area, area) if area else None
    return theme if theme in theme_keys else OTHER
