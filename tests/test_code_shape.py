"""The shape the code keeps: areas that do not import each other in a circle, and modules that fit on one screen.

Import-linter (``make lint``) holds the named contracts; what it cannot say in one contract is checked here from the
import graph it is built on (grimp) and from the source files.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("survey_app", "interventions", "nlp", "exports")
#: A module longer than this is split along its seams into modules whose names say what they hold.
MAX_LINES = 400


def _area_imports() -> dict[str, set[str]]:
    """survey_app's areas (its subpackages) → the other areas their modules import directly."""
    graph = grimp.build_graph("survey_app", include_external_packages=False)
    areas = {name for name in graph.find_children("survey_app") if graph.find_children(name)}
    imports: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        area = ".".join(module.split(".")[:2])
        if area not in areas:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = ".".join(imported.split(".")[:2])
            if other in areas and other != area:
                imports[area].add(other)
    return imports


def _cycle(imports: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the graph, as the areas along it, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(area: str) -> list[str] | None:
        state[area] = "open"
        path.append(area)
        for other in sorted(imports.get(area, ())):
            if state.get(other) == "open":
                return path[path.index(other) :] + [other]
            if other not in state and (found := visit(other)):
                return found
        state[area] = "done"
        path.pop()
        return None

    for area in sorted(imports):
        if area not in state and (found := visit(area)):
            return found
    return None


def test_no_two_areas_import_each_other_in_a_circle():
    cycle = _cycle(_area_imports())
    assert cycle is None, "areas import each other in a circle: " + " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle_through_three_areas():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(imports) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def _modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations/versions" not in path.as_posix()
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_fits_on_one_screen_without_section_dividers(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"{len(lines)} lines: split it along its seams"
    dividers = [number for number, line in enumerate(lines, 1) if line.lstrip().startswith("# ---")]
    assert not dividers, f"section dividers on lines {dividers}: each section is a module of its own"
