"""The results tests' fixtures: known HME answers of six people, and the heatmap read as its reader sees it."""

from __future__ import annotations

import html
import re

import pytest


@pytest.fixture
def known_people() -> list[dict[str, int]]:
    """Six respondents' HME answers by item, with the missing answers the scoring rules must handle."""
    people = [
        {f"hme{i}": 4 for i in range(1, 10)},
        {"hme1": 5, "hme2": 5, "hme3": 1, "hme4": 2, "hme5": 3, "hme7": 1, "hme8": 5, "hme9": 4},
        {"hme1": 3, "hme4": 4, "hme5": 4, "hme6": 4},  # motivation from 1 item: none; total from 4 items: none
        {f"hme{i}": (i % 5) + 1 for i in range(1, 10)},
        {"hme1": 2, "hme2": 2, "hme3": 2, "hme7": 5, "hme8": 5, "hme9": 5},
        {f"hme{i}": 5 for i in range(1, 10)},
    ]
    return [{f"hme.{item}": value for item, value in person.items()} for person in people]


@pytest.fixture
def heatmap_rows():
    """``heatmap_rows(page)``: the heatmap's rows, unit name → cell texts (a single 'Too few answers' cell for a
    hidden unit)."""

    def rows(page: str) -> dict[str, list[str]]:
        body = page[page.index("<tbody>") :]
        found = {}
        for head, cells in re.findall(r'<tr>\s*<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', body, flags=re.S):
            name = html.unescape(re.sub(r"<[^>]+>", "", re.split(r'<a class="drill"', head)[0])).strip()
            found[name] = [
                html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, flags=re.S)
            ]
        return found

    return rows


@pytest.fixture
def world(results_world):
    """In the results tests, the world is the results pages' organisation (tests/survey_app/conftest.py)."""
    return results_world
