"""The start page tells HR and a manager how many steps of their staff's talks and plans need attention: counts by
why, a link to the list, never a person or a step's text; other units' steps are not counted."""

from __future__ import annotations

from datetime import timedelta

from tests.clock import TODAY
from tests.helpers import html_text

SECRET_STEP = "Anpassad arbetstid efter ryggont"


def _steps(make, unit, employee="EMP-5150"):
    """A plan with a missed follow-up, an overdue step (followed up in three days) and a follow-up in two days."""
    steps = [
        {"what": SECRET_STEP, "next_follow_up_on": TODAY - timedelta(days=2)},
        {"due_on": TODAY - timedelta(days=1), "next_follow_up_on": TODAY + timedelta(days=3)},
        {"next_follow_up_on": TODAY + timedelta(days=2)},
        {"next_follow_up_on": TODAY + timedelta(days=30)},  # nothing to do yet
    ]
    return make.person_case(employee, unit, kind="return_to_work", steps=steps, starts_on=TODAY)


def _section(page: str) -> str:
    start = page.find('id="person-steps-title"')
    return html_text(page[start : page.index("</section>", start)]) if start >= 0 else ""


def test_the_manager_sees_how_many_steps_need_attention_and_why(client, login, make):
    unit = make.unit("Hemtjänst Norr")
    _steps(make, unit)
    login(client, make.user("manager", units=(unit,)))
    page = client.get("/").get_data(as_text=True)
    section = _section(page)
    assert "1 follow-up was missed." in section
    assert "1 step is overdue." in section
    assert "2 follow-ups are due within a week." in section
    assert 'href="/people/cases"' in page
    assert SECRET_STEP not in page and "EMP-5150" not in page


def test_hr_sees_every_units_steps_and_another_manager_none(app, login, make):
    unit, other = make.unit("Hemtjänst Norr"), make.unit("Förskolan Solrosen")
    _steps(make, unit)
    _steps(make, other, employee="EMP-7777")
    hr = login(app.test_client(), make.user("hr"))
    assert "2 follow-ups were missed." in _section(hr.get("/").get_data(as_text=True))
    quiet = login(app.test_client(), make.user("manager", units=(make.unit("Biblioteket"),)))
    assert _section(quiet.get("/").get_data(as_text=True)) == ""


def test_closed_cases_and_finished_steps_are_not_counted(client, login, make):
    unit = make.unit("Hemtjänst Norr")
    case = _steps(make, unit)
    case.closed_on, case.outcome = TODAY, "back_at_work"
    done = {"status": "done", "next_follow_up_on": None, "due_on": TODAY - timedelta(days=9)}
    make.person_case("EMP-2", unit, kind="work_trial", steps=[done], starts_on=TODAY)
    login(client, make.user("manager", units=(unit,)))
    assert _section(client.get("/").get_data(as_text=True)) == ""
