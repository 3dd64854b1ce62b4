"""The person track's figures on the indicators page and in its workbook: talks held in time, plans followed
through, days to return; never for a unit whose figure rests on fewer cases than the anonymity threshold, never for
a period still running."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from pathlib import Path

from survey_app.indicators.computed import computed_values
from survey_app.indicators.person_figures import person_figures
from survey_app.models import PersonFollowUp
from tests.clock import LAST_MONTH, THIS_MONTH, TODAY
from tests.spreadsheet import sheets_as_csv

DAY = LAST_MONTH + timedelta(days=5)
LAST_MONTH_SPAN = (LAST_MONTH, THIS_MONTH - timedelta(days=1))
_employees = count(1)


def _talk(make, unit, days_after_signal: int, held_on=DAY):
    return make.person_case(
        f"P{next(_employees):04d}",
        unit,
        signal_on=held_on - timedelta(days=days_after_signal),
        planned_on=held_on,
        held_on=held_on,
    )


def _followed_step(late: bool = False) -> dict:
    """A step done at its second follow-up, held a day late when ``late``."""
    first = DAY - timedelta(days=30)
    second = first + timedelta(days=14 + late)
    follow_ups = [
        PersonFollowUp(
            held_on=first, status="in_progress", effect="some", next_follow_up_on=first + timedelta(days=14)
        ),
        PersonFollowUp(held_on=second, status="done", effect="clear", next_follow_up_on=None),
    ]
    return {"status": "done", "next_follow_up_on": None, "created_on": first, "follow_ups": follow_ups}


def _closed_plan(make, unit, steps, outcome="steps_done", **fields):
    values = {"starts_on": DAY - timedelta(days=60), "closed_on": DAY, "outcome": outcome, **fields}
    return make.person_case(f"P{next(_employees):04d}", unit, kind="return_to_work", steps=steps, **values)


def test_talks_held_within_n_days_of_the_signal_are_counted_at_exactly_n_and_not_at_n_plus_one(world, make):
    for days in (3, 14, 14, 15, 40):
        _talk(make, world["unit"], days)
    ids = [world["unit"].id, world["area"].id, None]
    values = computed_values("talks_in_time_pct", ids, LAST_MONTH, TODAY, TODAY)
    assert values == {(unit_id, LAST_MONTH): 60.0 for unit_id in ids}


def test_the_days_allowed_come_from_the_configuration(world, make, app):
    for days in (3, 14, 14, 15, 40):
        _talk(make, world["unit"], days)
    app.config["OMTANKE_TALK_WITHIN_DAYS"] = 15
    assert computed_values("talks_in_time_pct", [None], LAST_MONTH, TODAY, TODAY) == {(None, LAST_MONTH): 80.0}


def test_plans_followed_through_and_days_to_return_are_known_answers(world, make):
    unit = world["unit"]
    for _ in range(3):
        _closed_plan(make, unit, [_followed_step(), _followed_step()])
    _closed_plan(make, unit, [_followed_step(), _followed_step(late=True)])  # one follow-up a day late
    _closed_plan(make, unit, [{"status": "done", "next_follow_up_on": None}])  # done, never followed up
    _closed_plan(make, unit, [])  # nothing agreed: not counted
    figures = person_figures([unit.id], [LAST_MONTH_SPAN], TODAY)
    assert figures["steps_followed_up_pct"] == {(unit.id, LAST_MONTH): 60.0}

    for days in (20, 30, 45, 60, 200):  # sick period start to return
        returned = DAY - timedelta(days=1)
        start = {"signal_on": returned - timedelta(days=days)}
        _closed_plan(make, unit, [], outcome="back_at_work", returned_on=returned, **start)
    _closed_plan(make, unit, [], outcome="referred", returned_on=DAY, signal_on=DAY - timedelta(days=5))
    figures = person_figures([unit.id], [LAST_MONTH_SPAN], TODAY)
    assert figures["days_to_return"] == {(unit.id, LAST_MONTH): 45.0}


def test_a_unit_with_fewer_cases_than_the_threshold_is_hidden(world, make):
    lone = make.unit("Fritidsgården Oasen", code="FG-1")
    for days in (1, 2, 3, 4, 30):
        _talk(make, world["unit"], days)  # five: shown
    for unit in (world["other"], lone):
        for days in (1, 30, 30):
            _talk(make, unit, days)  # three each: hidden (together six, so nothing gives one of them away)
    ids = [world["unit"].id, world["other"].id, lone.id, world["area"].id, None]
    values = computed_values("talks_in_time_pct", ids, LAST_MONTH, TODAY, TODAY)
    assert values == {
        (world["unit"].id, LAST_MONTH): 80.0,
        (world["area"].id, LAST_MONTH): 80.0,
        (None, LAST_MONTH): 100 * 6 / 11,
    }


def test_a_unit_that_would_give_a_hidden_one_away_is_hidden_too(world, make):
    for days in (1, 2, 3, 4, 30):
        _talk(make, world["unit"], days)
    for days in (1, 30):
        _talk(make, world["other"], days)
    ids = [world["unit"].id, world["other"].id, world["area"].id, None]
    values = computed_values("talks_in_time_pct", ids, LAST_MONTH, TODAY, TODAY)
    # The organisation's seven talks minus Centrum's five would be Solrosen's two: only the organisation is shown.
    assert values == {(None, LAST_MONTH): 100 * 5 / 7}


def test_a_period_still_running_shows_no_figure(world, make):
    for days in (1, 2, 3, 4, 30):
        _talk(make, world["unit"], days, held_on=TODAY)
    assert computed_values("talks_in_time_pct", [world["unit"].id], THIS_MONTH, TODAY, TODAY) == {}


def test_the_page_shows_the_figures_with_their_explanation_and_hides_a_small_unit(
    world, make, client, login, indicator_cells
):
    for days in (3, 14, 14, 15, 40):
        _talk(make, world["unit"], days)
    for unit in (world["other"], make.unit("Fritidsgården Oasen")):
        for days in (1, 2, 3):
            _talk(make, unit, days)
    login(client, world["hr"])
    page = client.get(f"/indicators/?unit={world['unit'].id}").get_data(as_text=True)
    cells = indicator_cells(page, "talks_in_time_pct")
    assert cells[0].startswith("Early-support talks held in time (share)")
    assert "at most 14 days after the signal" in cells[0] and "Shown from 5 talks." in cells[0]
    assert cells[11].replace("\xa0", " ") in ("60.0%", "60.0 %") and cells[12] == "–" and cells[-1] == "computed"
    for key in ("steps_followed_up_pct", "days_to_return"):
        assert "Shown from 5 cases." in indicator_cells(page, key)[0]
    small = client.get(f"/indicators/?unit={world['other'].id}").get_data(as_text=True)
    assert indicator_cells(small, "talks_in_time_pct")[1:13] == ["–"] * 12


def test_the_workbook_gives_the_shown_figures_only(world, make, client, login, tmp_path: Path):
    for days in (3, 14, 14, 15, 40):
        _talk(make, world["unit"], days)
    for unit in (world["other"], make.unit("Fritidsgården Oasen")):
        for days in (1, 2, 3):
            _talk(make, unit, days)
    login(client, world["hr"])
    response = client.get("/indicators/export.xlsx")
    assert response.status_code == 200
    path = tmp_path / "indicators.xlsx"
    path.write_bytes(response.data)
    sheets = sheets_as_csv(path)
    rows = next(rows for name, rows in sheets.items() if name == "Values")
    talks = [row for row in rows if "Early-support talks held in time (share)" in row]
    assert sorted(row[0] for row in talks) == ["Hemtjänst Centrum", "Vård och omsorg", "Whole organisation"]
    assert [row[6] for row in talks if row[0] == "Hemtjänst Centrum"] == ["60"]
    notes = " ".join(" ".join(row) for row in sheets["Indicators"][:8])
    assert "at most 14 days after the signal" in notes
