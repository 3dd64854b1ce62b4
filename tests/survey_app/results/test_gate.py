"""Every survey figure passes one gate (``results.services``): nothing outside ``survey_app.results`` imports how the
figures are computed, and the gate refuses a round that has not closed and units outside the reader's scope."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest

import survey_app
from survey_app.access import NotAllowedError
from survey_app.models import SurveyRound
from survey_app.results.figures import Thresholds
from survey_app.results.services import (
    RoundNotClosedError,
    check_readable,
    closed_round_results,
    readable_rounds,
    results_for,
)
from tests.clock import TODAY

#: How figures are computed: only ``survey_app.results`` may import these (the import-linter contract says the same).
PRIVATE = ("survey_app.results.computed", "survey_app.results.sums", "survey_app.results.anonymity")
SOURCES = Path(survey_app.__file__).parent


def _private_imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """The private modules an AST imports anywhere (functions included), relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names for private in PRIVATE if name == private or name.startswith(private + ".")}
    return found


def test_the_check_finds_every_way_of_importing_a_private_module():
    source = (
        "import survey_app.results.sums\n"
        "from survey_app.results import computed\n"
        "from ..results.anonymity import ORGANISATION\n"
        "def late():\n"
        "    from survey_app.results.computed import round_results\n"
        "from survey_app.results.services import results_for\n"
    )
    found = _private_imports(ast.parse(source), "survey_app.plans.evaluation", is_package=False)
    assert found == {
        "survey_app.results.sums",
        "survey_app.results.computed",
        "survey_app.results.anonymity",
        "survey_app.results.anonymity.ORGANISATION",
        "survey_app.results.computed.round_results",
    }


def test_no_module_outside_results_imports_how_figures_are_computed():
    bypasses = {}
    for path in sorted(SOURCES.rglob("*.py")):
        relative = path.relative_to(SOURCES.parent)
        if relative.parts[:2] == ("survey_app", "results"):
            continue
        is_package = path.name == "__init__.py"
        module = ".".join(relative.parent.parts if is_package else relative.with_suffix("").parts)
        found = _private_imports(ast.parse(path.read_text(encoding="utf-8")), module, is_package)
        if found:
            bypasses[str(relative)] = sorted(found)
    assert bypasses == {}, "ask survey_app.results.services (results_for, closed_round_results) instead"


def _closed_round(make, root):
    return make.survey_round(root, opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1))


@pytest.fixture
def tree(make):
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    south = make.unit("Hemtjänst Syd", parent=area, code="HT-2")
    return area, north, south


def test_a_round_that_has_not_closed_has_no_figures_for_anyone(make, tree):
    area, _, _ = tree
    hr = make.user("hr")
    rounds = [
        make.survey_round(area),  # open
        make.survey_round(area, opens_on=TODAY + timedelta(days=3), closes_on=TODAY + timedelta(days=10)),
        make.survey_round(area, opens_on=TODAY - timedelta(days=10), closes_on=TODAY),  # its last day: still open
    ]
    for survey in rounds:
        for gate in (results_for, check_readable):
            with pytest.raises(RoundNotClosedError) as refusal:
                gate(hr, survey, TODAY)
            assert isinstance(refusal.value, NotAllowedError) and refusal.value.survey is survey
        with pytest.raises(RoundNotClosedError):
            closed_round_results(survey, TODAY)
    assert results_for(hr, rounds[2], TODAY + timedelta(days=1)).scope is None  # closed the day after


def test_a_manager_gets_only_their_units_and_no_root_outside_them(make, tree):
    area, north, south = tree
    survey = _closed_round(make, area)
    manager = make.user("manager", units=(north,))
    readable = results_for(manager, survey, TODAY)
    assert readable.scope == {north.id} and readable.root is None
    assert results_for(manager, survey, TODAY, root=north.id).root == north.id
    for root in (south.id, area.id, 10**9):
        with pytest.raises(NotAllowedError):
            results_for(manager, survey, TODAY, root=root)
    assert results_for(make.user("hr"), survey, TODAY, root=area.id).scope is None


def test_a_round_outside_the_readers_units_is_refused_before_saying_whether_it_has_closed(make, tree):
    area, _, _ = tree
    outsider = make.user("manager", units=(make.unit("Skola", code="SK"),))
    closed, still_open = _closed_round(make, area), make.survey_round(area)
    for survey in (closed, still_open):
        with pytest.raises(NotAllowedError) as refusal:
            results_for(outsider, survey, TODAY)
        assert not isinstance(refusal.value, RoundNotClosedError)  # a 404, so that ids cannot be probed
    assert readable_rounds(outsider) == []


def test_free_text_is_never_shown_below_the_anonymity_threshold(make, tree):
    area, _, _ = tree
    survey = make.survey_round(area, threshold=5, comment_threshold=12, opens_on=TODAY - timedelta(days=30),
                               closes_on=TODAY - timedelta(days=1))  # fmt: skip
    assert results_for(make.user("hr"), survey, TODAY).thresholds == Thresholds(anonymity=5, free_text=12)
    assert Thresholds.of(SurveyRound(anonymity_threshold=8, comment_threshold=6)) == Thresholds(8, 8)
