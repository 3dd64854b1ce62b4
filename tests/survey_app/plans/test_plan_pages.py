"""The plan pages as managers read them on a phone: errors that take focus where the form is, history in sentences
and local time, how far the plan has come, goals beside today's figure, "Overdue" everywhere, and who is
responsible as an account or a role."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import IndicatorValue, PlanGoal, PlanStep
from tests.clock import LAST_MONTH, TODAY
from tests.helpers import page_text, post_form

HME = [f"hme.hme{i}" for i in range(1, 10)]
#: A follow-up date ahead of whatever day the suite runs on.
FOLLOW_UP = TODAY + timedelta(days=17)


def _follow_up(client, step: PlanStep, **fields):
    data = {
        "held_on": TODAY.isoformat(),
        "done": "Pratat med larmcentralen",
        "status": "in_progress",
        "effect": "none",
        "next_follow_up_on": (TODAY + timedelta(days=14)).isoformat(),
        **fields,
    }
    return post_form(client, f"/plans/steps/{step.id}", data)


def test_a_refused_step_comes_back_at_the_pages_address_with_a_focused_summary_linking_each_field(
    world, client, add_step
):
    case = world["case"]
    response = post_form(
        client, f"/plans/{case.id}", {"what": "", "due_on": "", "responsible": "role-hr", "status": "planned"}
    )
    assert response.status_code == 200  # rendered at the case's own address, not sent elsewhere
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert '<a href="#what">' in page
    assert f'action="/plans/{case.id}"' in page  # the step form posts to the page it is on
    assert db.session.scalar(select(PlanStep)) is None


def test_a_refused_follow_up_comes_back_at_the_steps_address_with_a_focused_summary(world, client, add_step):
    add_step(client, world["case"])
    step = db.session.scalar(select(PlanStep))
    response = _follow_up(client, step, done="")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'<div class="error-summary"[^>]*autofocus', page) and '<a href="#done">' in page
    assert f'action="/plans/steps/{step.id}"' in page


def test_history_is_written_in_sentences_at_the_organisations_local_time(world, client, add_step):
    add_step(client, world["case"], next_follow_up_on=FOLLOW_UP.isoformat())
    step = db.session.scalar(select(PlanStep))
    assert _follow_up(client, step, status="done", next_follow_up_on="").status_code == 302
    db.session.expire_all()
    step = db.session.get(PlanStep, step.id)
    step.changes[-1].at = datetime(2025, 12, 31, 23, 30)  # UTC: already 1 January in Stockholm
    db.session.commit()

    text = page_text(client.get(f"/plans/steps/{step.id}"))
    assert "Status changed from Planned to Done" in text
    assert f"Next follow-up removed (was {format_date(FOLLOW_UP, 'medium', locale='en')})" in text
    assert "Effect recorded: No effect yet" in text
    assert "Responsible set to The unit manager" not in text  # a new step's history says it was created, no more
    history = text[text.index("History") :]
    assert "Jan 1, 2026" in history and "12:30" in history and "Dec 31, 2025" not in history
    assert "next_follow_up_on" not in text and "status:" not in text and "→" not in history


def test_history_reads_in_swedish_for_a_swedish_reader(world, client, add_step):
    add_step(client, world["case"], next_follow_up_on=FOLLOW_UP.isoformat())
    step = db.session.scalar(select(PlanStep))
    assert _follow_up(client, step, status="done", next_follow_up_on="").status_code == 302
    db.session.expire_all()
    step = db.session.get(PlanStep, step.id)
    step.changes[-1].at = datetime(2025, 12, 31, 23, 30)
    world["hr"].locale = "sv"
    db.session.commit()

    history = page_text(client.get(f"/plans/steps/{step.id}")).split("Historik")[-1]
    assert "1 jan. 2026 00:30" in history  # Swedish dates, Stockholm time
    assert format_date(FOLLOW_UP, "medium", locale="sv") in history
    assert "Planerad" in history and "Klar" in history  # the statuses in Swedish, not "planned → done"
    assert "next_follow_up_on" not in history and "planned" not in history


def test_a_changed_responsible_is_named_in_the_history(world, client, add_step):
    add_step(client, world["case"])
    step = db.session.scalar(select(PlanStep))
    data = {"what": step.what, "why": step.why, "responsible": f"user-{world['manager'].id}",
            "due_on": step.due_on.isoformat(), "next_follow_up_on": step.next_follow_up_on.isoformat(),
            "status": "planned"}  # fmt: skip
    assert post_form(client, f"/plans/steps/{step.id}", data, action=f"/plans/steps/{step.id}/edit").status_code == 302
    text = page_text(client.get(f"/plans/steps/{step.id}"))
    assert f"Responsible changed from The unit manager to {world['manager'].name}" in text


def test_the_plan_shows_how_many_steps_are_done(world, client, make):
    case = world["case"]
    ahead = TODAY + timedelta(days=10)
    steps = [{"status": "done", "next_follow_up_on": None}] * 3 + [{"status": "in_progress", "next_follow_up_on": ahead,
             "due_on": ahead}] * 2 + [{"status": "planned", "due_on": TODAY - timedelta(days=2), "next_follow_up_on":
             ahead}, {"status": "dropped", "next_follow_up_on": None}]  # fmt: skip
    case.steps = [PlanStep(what=f"Steg {n}", responsible_role="unit_manager", created_on=TODAY, **{"due_on": TODAY,
                  **fields}) for n, fields in enumerate(steps)]  # fmt: skip
    db.session.commit()
    response = client.get(f"/plans/{case.id}")
    text, page = page_text(response), response.get_data(as_text=True)
    assert "3 of 6 steps done" in text and "1 step overdue" in text  # a dropped step will never be done
    assert '<progress max="6" value="3"' in page
    overview = page_text(client.get("/plans/"))
    assert "3 of 6" in overview


def test_goals_show_the_figure_of_today_beside_the_target(world, client):
    case = world["case"]
    case.goals = [PlanGoal(indicator="accidents", baseline=4, target=0, target_on=date(2027, 6, 30))]
    db.session.add(
        IndicatorValue(indicator="accidents", unit_id=world["unit"].id, period_start=LAST_MONTH,
                       period_end=(LAST_MONTH + timedelta(days=31)).replace(day=1) - timedelta(days=1), value=2)
    )  # fmt: skip
    db.session.commit()
    text = page_text(client.get(f"/plans/{case.id}"))
    month = LAST_MONTH.strftime("%b %Y")
    assert f"0 by 2027-06-30 — now 2 ({month})" in text
    assert "Baseline: 4" in text


def test_a_survey_goal_shows_the_index_only_where_the_group_is_large_enough(world, client, make):
    closes = TODAY - timedelta(days=3)
    sections = ("hme/motivation", "hme/leadership", "hme/steering")
    south = make.unit("Hemtjänst Söder", code="HT-S")
    survey = make.survey_round(None, sections=sections, opens_on=closes - timedelta(days=20), closes_on=closes)
    make.responses(survey, world["unit"], dict.fromkeys(HME, 4), count=8)  # every item 4 → 75
    make.responses(survey, south, dict.fromkeys(HME, 2), count=6)  # hidden: it would give the small group away
    make.responses(survey, world["other"], dict.fromkeys(HME, 5), count=2)  # too few answers to show
    goal = {"indicator": "hme_total", "target": 80, "target_on": date(2027, 6, 30)}
    world["case"].goals = [PlanGoal(**goal)]
    small = make.case(world["other"], goals=[PlanGoal(**goal)])
    db.session.commit()

    shown = page_text(client.get(f"/plans/{world['case'].id}"))
    assert f"80 by 2027-06-30 — now 75 ({closes.strftime('%b %Y')})" in shown
    withheld = page_text(client.get(f"/plans/{small.id}"))
    assert "80 by 2027-06-30" in withheld and "— now" not in withheld and "No current figure yet" in withheld


def test_an_overdue_step_reads_overdue_on_the_staff_page(world, client, make):
    survey = make.survey_round(world["unit"], languages=("en", "sv"))
    step = {"what": "Fasta larmtider", "status": "in_progress", "due_on": TODAY - timedelta(days=1),
            "next_follow_up_on": TODAY + timedelta(days=3), "responsible_role": "safety_representative"}  # fmt: skip
    case = world["case"]
    case.steps = [PlanStep(created_on=TODAY - timedelta(days=20), **step)]
    db.session.commit()
    link = next(unit.link_token for unit in survey.units if unit.unit_id == world["unit"].id)
    staff = page_text(client.get(f"/s/{link}/plan?lang=en", headers={"Accept-Language": "en"}))
    assert "Overdue" in staff and "In progress" not in staff
    assert "The safety representative" in staff and "0 of 1 step done" in staff
    steps = re.search(r'<ul class="steps">.*?</ul>', client.get(f"/plans/{case.id}").get_data(as_text=True), re.S)
    assert "Overdue" in steps.group(0) and "In progress" not in steps.group(0)


def test_a_step_is_given_to_an_account_that_works_on_the_unit_or_to_a_role(world, client, add_step):
    case = world["case"]
    page = client.get(f"/plans/{case.id}").get_data(as_text=True)
    assert f'value="user-{world["manager"].id}"' in page and f'value="user-{world["hr"].id}"' in page
    assert f'value="user-{world["other_manager"].id}"' not in page  # manages another unit
    assert 'value="role-occupational_health"' in page

    refused = add_step(client, case, responsible=f"user-{world['other_manager'].id}")
    assert refused.status_code == 200 and "Choose someone who works on this unit" in page_text(refused)
    assert add_step(client, case, responsible=f"user-{world['manager'].id}").status_code == 302
    assert add_step(client, case, what="Skyddsrond", responsible="role-safety_representative").status_code == 302
    by_account, by_role = db.session.scalars(select(PlanStep).order_by(PlanStep.id)).all()
    assert (by_account.responsible_user_id, by_account.responsible_role) == (world["manager"].id, None)
    assert (by_role.responsible_user_id, by_role.responsible_role) == (None, "safety_representative")
    assert world["manager"].name in page_text(client.get(f"/plans/steps/{by_account.id}"))
    assert "The safety representative" in page_text(client.get(f"/plans/steps/{by_role.id}"))


def test_an_older_steps_words_stay_until_someone_chooses_an_account_or_a_role(world, client):
    case = world["case"]
    ahead = (TODAY + timedelta(days=5)).isoformat()
    case.steps = [PlanStep(what="Fasta larmtider", responsible_note="Planeraren", due_on=TODAY, created_on=TODAY,
                           next_follow_up_on=TODAY + timedelta(days=5))]  # fmt: skip
    db.session.commit()
    step = case.steps[0]
    page = client.get(f"/plans/steps/{step.id}").get_data(as_text=True)
    assert "Planeraren" in page_text(client.get(f"/plans/steps/{step.id}"))
    assert '<option selected value="note">Planeraren</option>' in page
    data = {"what": "Fasta larmtider för natten", "responsible": "note", "due_on": TODAY.isoformat(),
            "next_follow_up_on": ahead, "status": "planned"}  # fmt: skip
    edit = f"/plans/steps/{step.id}/edit"
    assert post_form(client, f"/plans/steps/{step.id}", data, action=edit).status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanStep, step.id).responsible_note == "Planeraren"
    data["responsible"] = "role-work_group"
    assert post_form(client, f"/plans/steps/{step.id}", data, action=edit).status_code == 302
    db.session.expire_all()
    step = db.session.get(PlanStep, step.id)
    assert (step.responsible_role, step.responsible_note) == ("work_group", "")
    assert "Responsible changed from Planeraren to The work group" in page_text(client.get(f"/plans/steps/{step.id}"))
