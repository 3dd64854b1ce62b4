"""A closed round's results never change when the unit tree changes (issue 19, finding 1).

The attack: read a closed round, move a hidden two-person unit under a visible parent, read again; the parent's
change in count, index and free text is the hidden unit's. The round keeps the tree it closed with, so both
readings are the same; a change while the round is still open is part of its results.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from survey_app.admin.services import UnitInput, update_unit
from survey_app.db import db
from survey_app.models import Unit
from survey_app.results.comments import unit_comments
from survey_app.results.services import results_for
from survey_app.results.workbooks import results_workbook
from tests.clock import TODAY
from tests.factories import RESULTS_SECTIONS, results_answers
from tests.helpers import post_form


@pytest.fixture
def reorganised(make):
    """Hemtjänst with Norr (10 answers, free text); Städ with Söder (8) and Nattpatrullen (2 answers, free text:
    hidden); a round that closed two days ago; HR, an administrator, Hemtjänst's manager."""
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    other = make.unit("Städ", code="ST")
    south = make.unit("Städ Söder", parent=other, code="ST-1", headcount=10)
    small = make.unit("Nattpatrullen", parent=other, code="ST-2", headcount=2)
    survey = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    for number in range(10):
        make.response(survey, north, results_answers(3, text=f"Norr har för lite tid {number}"))
    make.responses(survey, south, results_answers(2), count=8)
    make.responses(survey, small, results_answers(5, text="Nattpatrullens hemlighet"), count=2)
    return {
        "survey": survey,
        "area": area,
        "other": other,
        "small": small,
        "hr": make.user("hr"),
        "admin": make.user("admin"),
        "manager": make.user("manager", units=(area,)),
    }


def _reading(world) -> dict:
    """Every figure and every visible comment of the round, as HR reads them."""
    results = results_for(world["hr"], world["survey"], TODAY).results
    figures = {node: (r.responses, r.hme, r.dimensions, r.items, r.suppressed, r.comments) for node, r in
               results.units.items()}  # fmt: skip
    comments = {node: unit_comments(results, node if isinstance(node, int) else None) for node in results.units}
    return {"figures": figures, "comments": comments, "parents": dict(results.parents)}


def _move(world, unit: Unit, parent: Unit | None) -> None:
    data = UnitInput(unit.name, unit.code, parent.code if parent is not None else "", unit.headcount)
    update_unit(world["admin"], unit, data)


def test_moving_a_hidden_unit_under_a_visible_parent_changes_no_figure(reorganised):
    world = reorganised
    before = _reading(world)
    area_figures = before["figures"][world["area"].id]
    assert area_figures[0] == 10 and before["figures"][world["small"].id][4]  # Hemtjänst shown, Nattpatrullen hidden

    _move(world, world["small"], world["area"])
    assert _reading(world) == before  # the parent's count, index and free text are those of the round's tree

    _move(world, world["small"], world["other"])
    assert _reading(world) == before


def _report_figures(page: str) -> str:
    """The report's facts and figure tables, without what differs between any two requests (tokens, nonces)."""
    main = page[page.index("<h1>") : page.index("</main>")]
    return re.sub(r'(nonce|value)="[^"]*"', "", main)


def test_a_manager_reading_before_and_after_an_administrator_moves_a_unit_sees_the_same_report(app, reorganised, login):
    world = reorganised
    manager, admin = login(app.test_client(), world["manager"]), login(app.test_client(), world["admin"])
    report = f"/results/{world['survey'].id}/units/{world['area'].id}"
    before = manager.get(report).get_data(as_text=True)
    assert "Norr har för lite tid 0" in before and "Nattpatrullens hemlighet" not in before

    small = world["small"]
    moved = post_form(admin, f"/admin/units/{small.id}", {"name": small.name, "code": "ST-2", "parent_code": "HT",
                                                           "headcount": "2"})  # fmt: skip
    assert moved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, small.id).parent_id == world["area"].id

    after = manager.get(report).get_data(as_text=True)
    assert "Nattpatrullens hemlighet" not in after
    assert _report_figures(after) == _report_figures(before)


def test_a_moved_unit_is_shown_where_it_was_with_a_note_where_it_is_now(app, reorganised, login, heatmap_rows):
    world = reorganised
    _move(world, world["small"], world["area"])
    hr = login(app.test_client(), world["hr"])
    page = hr.get(f"/results/{world['survey'].id}").get_data(as_text=True)
    rows = {" ".join(name.split()): cells for name, cells in heatmap_rows(page).items()}
    assert "Nattpatrullen Moved since the round closed: now under Hemtjänst." in rows
    names = list(rows)
    assert names.index("Städ") < names.index("Nattpatrullen Moved since the round closed: now under Hemtjänst.")
    report = hr.get(f"/results/{world['survey'].id}/units/{world['small'].id}").get_data(as_text=True)
    assert "Moved since the round closed: now under Hemtjänst." in report


def test_a_unit_created_after_the_round_closed_has_no_results_in_it(app, reorganised, make, login):
    world = reorganised
    newcomer = make.unit("Hemtjänst Väst", parent=world["area"], code="HT-9")
    results = results_for(world["hr"], world["survey"], TODAY).results
    assert newcomer.id not in results.units and results.units[world["area"].id].responses == 10
    hr = login(app.test_client(), world["hr"])
    assert hr.get(f"/results/{world['survey'].id}/units/{newcomer.id}").status_code == 404


def test_a_move_while_the_round_is_open_is_part_of_its_results(app, make):
    area, other = make.unit("Hemtjänst", code="HT"), make.unit("Städ", code="ST")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    south = make.unit("Städ Söder", parent=other, code="ST-1")
    small = make.unit("Nattpatrullen", parent=other, code="ST-2")
    survey = make.survey_round(None, sections=RESULTS_SECTIONS, opens_on=TODAY - timedelta(days=14), closes_on=TODAY)
    make.responses(survey, north, results_answers(3), count=9)
    make.responses(survey, south, results_answers(2), count=8)
    make.responses(survey, small, results_answers(5), count=2)
    world = {"survey": survey, "hr": make.user("hr"), "admin": make.user("admin")}
    _move(world, small, area)  # on the closing day: the round is still open

    tomorrow = TODAY + timedelta(days=1)
    app.config["OMTANKE_TODAY"] = tomorrow
    results = results_for(world["hr"], survey, tomorrow).results
    assert results.parents[small.id] == area.id and results.units[area.id].responses == 11

    _move(world, small, other)  # the first change after the close keeps the tree the round closed with
    again = results_for(world["hr"], survey, tomorrow).results
    assert again.parents[small.id] == area.id and again.units[area.id].responses == 11
    assert again.units == results.units


def test_the_workbooks_heatmap_notes_where_a_moved_unit_is_now(reorganised):
    world = reorganised
    _move(world, world["small"], world["area"])
    target = io.BytesIO()
    results_workbook(world["hr"], world["survey"], target, TODAY)
    rows = load_workbook(target)["Heatmap"].iter_rows(values_only=True)
    notes = {row[0].strip(): row[-1] for row in rows if isinstance(row[0], str)}
    assert notes["Nattpatrullen"].endswith("Moved since the round closed: now under Hemtjänst.")
    assert notes["Hemtjänst"] in ("", None)


def test_the_api_gives_the_figures_on_the_rounds_tree_and_says_where_a_moved_unit_is_now(app, reorganised, api_token):
    world = reorganised
    token = api_token(world["hr"].email)

    def units() -> dict:
        body = app.test_client().get(
            f"/api/v1/rounds/{world['survey'].id}/results", headers={"Authorization": f"Bearer {token}"}
        )
        return {unit["code"]: unit for unit in body.get_json()["units"]}

    before = units()
    _move(world, world["small"], world["area"])
    after = units()
    moved = after.pop("ST-2")
    assert moved["parent_code"] == "ST" and moved["moved_since_close"] and moved["parent_code_now"] == "HT"
    assert moved["responses"] is None and moved["suppressed"]  # still hidden, as when the round closed
    assert {code: unit for code, unit in before.items() if code != "ST-2"} == after  # no other figure moved
    assert not any(unit["moved_since_close"] for unit in after.values())
