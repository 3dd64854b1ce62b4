"""``report_sickness``, the service behind the API and the form: who may report for which unit, the values it
accepts (the window for the first day at its edges), one report and one spell however often it is sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, Employee, SickReport
from survey_app.person.register import can_see_person
from survey_app.person.reports import DAYS_AHEAD, DAYS_BACK, MAX_EXPECTED_DAYS, ReportInput, report_sickness
from tests.clock import TODAY


@pytest.fixture
def org(make):
    care = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Norr", parent=care, code="HT-N")
    school = make.unit("Ängsskolan", code="BUF-1")
    return {
        "home": home,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(care,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(care,)),
        "admin": make.user("admin"),
    }


def _input(days_ago: int = 0, **change) -> ReportInput:
    values = {"employee_id": "P-1", "unit_code": "HT-N", "first_day": TODAY - timedelta(days=days_ago),
              "expected_days": None, "extent": 100, **change}  # fmt: skip
    return ReportInput(**values)


def _counts() -> tuple[int, int]:
    return db.session.scalar(select(func.count(SickReport.id))), db.session.scalar(select(func.count(AbsenceSpell.id)))


def test_hr_and_the_units_manager_report_and_start_an_open_spell(app, org):
    report, created = report_sickness(org["hr"], _input(), "form", TODAY)
    assert created and report.source == "form" and report.unit == org["home"]
    report, created = report_sickness(org["manager"], _input(employee_id="P-2"), "form", TODAY)  # below their unit
    assert created and report.reported_by == org["manager"]
    spells = db.session.scalars(select(AbsenceSpell).order_by(AbsenceSpell.employee_id)).all()
    assert [(s.employee_id, s.unit_id, s.first_day, s.last_day) for s in spells] == [
        ("P-1", org["home"].id, TODAY, None),
        ("P-2", org["home"].id, TODAY, None),
    ]


@pytest.mark.parametrize("who", ["other_manager", "ohs", "admin"])
def test_nobody_else_may_report(app, org, who):
    with pytest.raises(NotAllowedError):
        report_sickness(org[who], _input(), "form", TODAY)
    assert _counts() == (0, 0)


def test_a_repeat_updates_the_same_report_and_spell(app, org):
    first, created = report_sickness(org["hr"], _input(expected_days=10), "api", TODAY)
    again, created_again = report_sickness(org["hr"], _input(expected_days=90, extent=50, unit_code="BUF-1"), "api",
                                           TODAY)  # fmt: skip
    assert created and not created_again and again.id == first.id
    assert (again.expected_days, again.extent, again.unit) == (90, 50, org["school"])
    spell = db.session.scalar(select(AbsenceSpell))
    assert _counts() == (1, 1) and (spell.unit, spell.extent) == (org["school"], 50)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days_ago": -DAYS_AHEAD - 1}, "first_day"),
        ({"days_ago": DAYS_BACK + 1}, "first_day"),
        ({"expected_days": 0}, "expected_days"),
        ({"expected_days": MAX_EXPECTED_DAYS + 1}, "expected_days"),
        ({"extent": 60}, "extent"),
        ({"unit_code": ""}, "unit_code"),
        ({"employee_id": "P 1"}, "employee_id"),
        ({"employee_id": "131052-308T"}, "employee_id"),  # a Finnish henkilötunnus
    ],
)
def test_values_out_of_range_name_their_field(app, org, change, field):
    change = dict(change)  # the parameters are shared by the runs on each database
    days_ago = change.pop("days_ago", 0)
    with pytest.raises(DomainError) as refused:
        report_sickness(org["hr"], _input(days_ago, **change), "api", TODAY)
    assert refused.value.field == field
    assert _counts() == (0, 0)


@pytest.mark.parametrize(
    "change",
    [{"days_ago": -DAYS_AHEAD}, {"days_ago": DAYS_BACK}, {"expected_days": 1}, {"expected_days": MAX_EXPECTED_DAYS}],
)
def test_the_edges_of_each_range_are_accepted(app, org, change):
    change = dict(change)  # the parameters are shared by the runs on each database
    days_ago = change.pop("days_ago", 0)
    _, created = report_sickness(org["hr"], _input(days_ago, **change), "api", TODAY)
    assert created and _counts() == (1, 1)


def test_an_inactive_unit_takes_no_report(app, org):
    org["school"].active = False
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        report_sickness(org["hr"], _input(unit_code="buf-1"), "api", TODAY)
    assert refused.value.field == "unit_code"


def test_a_manager_cannot_make_another_units_person_theirs_by_reporting_them(app, org, make):
    """A report would open the person's track to the reporter: a manager reports their own staff only."""
    make.spell("S-9", org["school"], TODAY - timedelta(days=40), TODAY - timedelta(days=38))
    db.session.add(Employee(employee_id="R-7", name="Aino Korhonen", unit_id=org["school"].id))
    db.session.commit()
    for someone_else in ("S-9", "R-7"):  # placed at the school by the HR system's spell, or by the register
        with pytest.raises(DomainError) as refused:
            report_sickness(org["manager"], _input(employee_id=someone_else), "form", TODAY)
        assert refused.value.field == "employee_id"
        assert not can_see_person(org["manager"], someone_else)
    assert _counts() == (0, 1)
    report, created = report_sickness(org["hr"], _input(employee_id="R-7"), "form", TODAY)  # HR may: the person moved
    assert created
    report, created = report_sickness(org["manager"], _input(employee_id="NEW-1"), "form", TODAY)  # unknown: theirs
    assert created
