"""The work-environment areas: one list, from which the default interview guide's themes are built."""

from __future__ import annotations

import re

from interventions.areas import AREAS
from interventions.interviews import FILED_UNDER, OPEN_THEMES, OTHER, THEME_KEYS, default_guide, theme_for_area


def test_areas_are_distinct_keys_that_no_guide_reserves():
    assert len(set(AREAS)) == len(AREAS)
    assert all(re.fullmatch(r"[a-z0-9_]{1,40}", area) for area in AREAS)
    assert OTHER not in AREAS
    assert not set(OPEN_THEMES) & set(AREAS)


def test_the_default_guide_asks_about_every_area_under_its_own_theme_or_the_one_it_is_filed_under():
    for language in ("sv", "fi", "en"):
        keys = default_guide(language).keys()
        assert keys == THEME_KEYS
        assert [key for key in keys if key in AREAS] == [area for area in AREAS if area not in FILED_UNDER]
        assert all(theme_for_area(area, keys) in AREAS for area in AREAS)
    assert set(FILED_UNDER) <= set(AREAS)
    assert set(FILED_UNDER.values()) <= set(THEME_KEYS) - set(FILED_UNDER)


def test_text_about_an_area_goes_under_the_guides_theme_for_it_or_other():
    assert theme_for_area("workload", THEME_KEYS) == "workload"
    assert theme_for_area("competence", THEME_KEYS) == "goals"
    assert theme_for_area(None, THEME_KEYS) == OTHER
    assert theme_for_area("workload", ("leadership", "goals")) == OTHER  # a unit's guide without the theme
    assert theme_for_area("competence", ("leadership",)) == OTHER
