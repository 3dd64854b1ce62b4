"""A closed round keeps the unit tree it closed with, whichever way the tree changes (``survey_app.org.trees``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update

from survey_app.admin.importing import import_units
from survey_app.admin.services import UnitInput, delete_unit, update_unit
from survey_app.db import db
from survey_app.models import RoundTree, Unit, UnitTree
from survey_app.results.services import results_for
from tests.clock import TODAY


def _kept() -> dict[int, dict[int, int | None]]:
    """Each round that keeps a tree: that tree."""
    rows = db.session.execute(select(RoundTree.round_id, UnitTree.parents).join(UnitTree)).all()
    return {round_id: {int(unit): parent for unit, parent in parents.items()} for round_id, parents in rows}


def _figures(results) -> dict:
    """Every unit's figures, without the codes (a deleted unit has none any more)."""
    return {node: replace(result, code=None, parent_code=None) for node, result in results.units.items()}


def test_the_first_change_after_rounds_close_keeps_the_tree_they_closed_with_for_all_of_them(make):
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    spring = make.closed_round(None, days=(200, 180))
    autumn = make.closed_round(None)
    still_open = make.survey_round(None, opens_on=TODAY - timedelta(days=3), closes_on=TODAY)
    assert _kept() == {}

    make.unit("Hemtjänst Väst", parent=area, code="HT-2")
    tree = {area.id: None, north.id: area.id}
    assert _kept() == {spring.id: tree, autumn.id: tree}
    assert len(db.session.scalars(select(UnitTree)).all()) == 1

    make.unit("Städ", code="ST")  # later changes leave the kept trees alone, and the open round keeps none
    assert _kept() == {spring.id: tree, autumn.id: tree} and still_open.id not in _kept()


def test_a_rename_is_no_change_of_the_tree(make):
    unit = make.unit("Hemtjänst", code="HT", headcount=4)
    make.closed_round(None)
    update_unit(make.user("admin"), unit, UnitInput("Hemtjänsten", "HT", "", 5))
    assert _kept() == {}


def test_an_import_that_moves_units_keeps_the_tree_first(make):
    area, other = make.unit("Hemtjänst", code="HT"), make.unit("Städ", code="ST")
    small = make.unit("Nattpatrullen", parent=other, code="ST-2")
    survey = make.closed_round(None)
    import_units(make.user("admin"), b"unit_code;name;parent_code;headcount\nST-2;Nattpatrullen;HT;2\n", "units.csv")
    assert db.session.get(Unit, small.id).parent_id == area.id
    assert _kept()[survey.id][small.id] == other.id


def test_an_orm_bulk_update_of_units_keeps_the_tree_first(make):
    area, other = make.unit("Hemtjänst", code="HT"), make.unit("Städ", code="ST")
    small = make.unit("Nattpatrullen", parent=other, code="ST-2")
    survey = make.closed_round(None)
    db.session.execute(update(Unit).where(Unit.id == small.id).values(parent_id=area.id))
    db.session.commit()
    assert _kept()[survey.id][small.id] == other.id


def test_a_level_deleted_since_keeps_its_place_in_the_rounds_results(make):
    """An area emptied by a reorganisation and deleted still groups its units as it did when the round closed."""
    area, other = make.unit("Hemtjänst", code="HT"), make.unit("Städ", code="ST", headcount=20)
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2", headcount=2)
    survey = make.closed_round(None)
    make.responses(survey, north, {"hme.hme1": 4, "hme.hme2": 4, "hme.hme3": 4}, count=6)
    make.responses(survey, small, {"hme.hme1": 1, "hme.hme2": 1, "hme.hme3": 1}, count=2)
    make.responses(survey, other, {"hme.hme1": 3, "hme.hme2": 3, "hme.hme3": 3}, count=12)
    hr, admin = make.user("hr"), make.user("admin")
    before = results_for(hr, survey, TODAY).results

    for unit in (north, small):
        update_unit(admin, unit, UnitInput(unit.name, unit.code, "ST", unit.headcount))
    delete_unit(admin, db.session.get(Unit, area.id))
    after = results_for(hr, survey, TODAY).results
    assert _figures(after) == _figures(before) and after.parents == before.parents
    assert after.names[area.id] == "A unit deleted since" and after.units[north.id].parent_code == ""
    assert after.moved == {north.id: other.id, small.id: other.id}
