"""A case's effect against comparison units on its page (issue 24): the units chosen once and kept, HR's changes,
the estimate for a planted effect, "the data cannot say" with too few months, and who sees it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, CaseComparison, InterventionCase
from survey_app.plans.effect import case_effect
from tests.clock import TODAY
from tests.helpers import form_token
from tests.survey_app.plans.effect_history import EMPLOYEES, absence


def _comparisons(case) -> dict[int, CaseComparison]:
    db.session.expire_all()
    return {
        row.unit_id: row for row in db.session.scalars(select(CaseComparison).where(CaseComparison.case_id == case.id))
    }


def _change(client, case, unit_id: int, action: str):
    token = form_token(client, f"/plans/{case.id}")
    data = {"csrf_token": token, "unit_id": str(unit_id), "action": action}
    return client.post(f"/plans/{case.id}/comparisons", data=data)


def test_a_planted_effect_is_shown_with_its_interval_days_and_money(app, login, effect_world):
    client = login(app.test_client(), effect_world["hr"])
    page = client.get(f"/plans/{effect_world['case'].id}").get_data(as_text=True)
    assert "Effect against comparison units" in page
    assert "sick days per employee and year against the comparison units (95 % interval" in page
    assert "Over the 6 months since the start that is" in page and "at 2,500 per day" in page
    assert "Check before the start" in page and "How this is computed" in page and "Comparison units (mean)" in page
    assert all(f"Hemtjänst {n}" in page for n in range(1, 6))
    effect = case_effect(effect_world["hr"], db.session.get(InterventionCase, effect_world["case"].id), TODAY)
    found = effect.estimates["short_term"]
    planted = -12 * 4 / EMPLOYEES  # one spell of 3–5 days fewer a month, per employee and year
    assert found.verdict == "estimate" and found.comparisons == 5
    assert found.low < planted < found.high and found.high < 0
    assert found.cost == pytest.approx(found.days * 2500)


def test_the_comparison_units_are_chosen_once_and_kept(app, login, effect_world):
    client = login(app.test_client(), effect_world["hr"])
    case, units = effect_world["case"], effect_world["units"]
    client.get(f"/plans/{case.id}")
    chosen = _comparisons(case)
    assert set(chosen) == {unit.id for unit in units[1:]} and {row.chosen_by for row in chosen.values()} == {"auto"}
    units[1].kind = "school"  # a later change to the register does not move a choice already made
    db.session.commit()
    client.get(f"/plans/{case.id}")
    assert set(_comparisons(case)) == set(chosen)
    events = select(func.count()).where(AuditEvent.action == "case.comparisons_chosen")
    assert db.session.scalar(events) == 1


def test_hr_adds_a_unit_and_leaves_one_out_and_the_page_says_why(app, login, make, effect_world):
    case, units = effect_world["case"], effect_world["units"]
    school = make.unit("Västerskolan", code="SK-1", headcount=EMPLOYEES)
    school.kind = "school"
    absence(make, school, effect_world["months"], None, seed=9)
    client = login(app.test_client(), effect_world["hr"])
    page = client.get(f"/plans/{case.id}").get_data(as_text=True)
    assert "1 unit: another kind of workplace" in page and "Add a unit to compare with" in page
    assert _change(client, case, school.id, "add").status_code == 302
    assert _change(client, case, units[2].id, "leave_out").status_code == 302
    rows = _comparisons(case)
    assert rows[school.id].chosen_by == "hr" and not rows[school.id].excluded
    assert rows[units[2].id].excluded and rows[units[2].id].chosen_by == "auto"
    page = client.get(f"/plans/{case.id}").get_data(as_text=True)
    assert "by HR (although: another kind of workplace)" in page
    assert "Hemtjänst 2 (Home care): left out by HR" in page
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("case.comparison_%"))))
    assert {"case.comparison_add", "case.comparison_leave_out"} <= actions
    assert _change(client, case, units[2].id, "add").status_code == 302  # taken back
    assert not _comparisons(case)[units[2].id].excluded


def test_a_unit_with_its_own_case_is_never_compared_with(app, login, make, effect_world):
    case, units = effect_world["case"], effect_world["units"]
    make.case(units[3], opened_on=effect_world["start"])
    client = login(app.test_client(), effect_world["hr"])
    page = client.get(f"/plans/{case.id}").get_data(as_text=True)
    assert units[3].id not in _comparisons(case)
    assert "1 unit: an intervention of its own in the period" in page
    assert "fewer than 5 comparison units with figures both before and after the start (4)" in page
    assert "Comparison units (mean)" not in page and "Check before the start" not in page  # 4 units' own figures
    refused = _change(client, case, units[3].id, "add")
    assert refused.status_code == 302 and units[3].id not in _comparisons(case)
    assert "has an intervention of its own" in client.get(refused.location).get_data(as_text=True)


def test_too_few_months_after_the_start_says_the_data_cannot_say_yet(app, login, effect_world):
    case = effect_world["case"]
    case.follow_up_start = effect_world["months"][-3]
    db.session.commit()
    client = login(app.test_client(), effect_world["manager"])  # the unit's manager sees it as the evaluation
    page = client.get(f"/plans/{case.id}").get_data(as_text=True)
    assert "The data cannot say yet: fewer than 6 months after the start (3 so far)." in page
    assert "against the comparison units (95 % interval" not in page
    assert "Leave out" not in page and "Add a unit to compare with" not in page  # HR's choice, not the manager's


def test_a_manager_of_another_unit_gets_404_and_changes_nothing(app, login, effect_world):
    case, units = effect_world["case"], effect_world["units"]
    client = login(app.test_client(), effect_world["other_manager"])
    assert client.get(f"/plans/{case.id}").status_code == 404
    token = form_token(client, "/")
    response = client.post(
        f"/plans/{case.id}/comparisons", data={"csrf_token": token, "unit_id": units[1].id, "action": "leave_out"}
    )
    assert response.status_code in (403, 404)
    manager = login(app.test_client(), effect_world["manager"])
    token = form_token(manager, f"/plans/{case.id}")
    response = manager.post(
        f"/plans/{case.id}/comparisons", data={"csrf_token": token, "unit_id": units[1].id, "action": "leave_out"}
    )
    assert response.status_code in (403, 404)
    assert not any(row.excluded for row in _comparisons(case).values())


def test_the_units_own_manager_sees_the_effect_but_not_the_other_units_by_name(app, login, effect_world):
    client = login(app.test_client(), effect_world["manager"])
    page = client.get(f"/plans/{effect_world['case'].id}").get_data(as_text=True)
    assert "sick days per employee and year against the comparison units (95 % interval" in page
    assert "Compared with 5 workplaces of the same kind" in page
    assert not any(f"Hemtjänst {n}" in page for n in range(1, 6))
    assert "Add a unit to compare with" not in page
