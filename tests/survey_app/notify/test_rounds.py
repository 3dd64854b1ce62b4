"""Managers' reminders about their units' survey rounds: it opens (with the posters), halfway and two days before it
closes (the counts their answering page shows, their workplaces only), results ready once it has closed — each once,
to the round's managers only, never for a draft."""

from __future__ import annotations

from datetime import timedelta

import pytest
from babel.dates import format_date

from survey_app.db import db, utcnow
from survey_app.mail.delivery import deliver_due
from survey_app.mail.render import render
from survey_app.models import NotificationChoice
from survey_app.notify.rounds import queue_due
from survey_app.surveys.lifecycle import close_round_early
from tests.clock import TODAY
from tests.factories import results_answers
from tests.helpers import page_text
from tests.survey_app.notify.recorded import mails, run_rule


@pytest.fixture
def world(make):
    """Hemtjänst with two workplaces (20 and 12 staff), each with a manager, and the area's manager above them;
    Ängsskolan elsewhere with its manager; HR."""
    top = make.unit("Hemtjänst", code="HT", headcount=0)
    north = make.unit("Hemtjänst Norr", parent=top, code="HT-N", headcount=20)
    south = make.unit("Hemtjänst Söder", parent=top, code="HT-S", headcount=12)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=30)
    return {
        "top": top,
        "north": north,
        "south": south,
        "school": school,
        "area_manager": make.user("manager", units=(top,), email="omrade@example.org", locale="en"),
        "north_manager": make.user("manager", units=(north,), email="norr@example.org", locale="en"),
        "school_manager": make.user("manager", units=(school,), email="skolan@example.org", locale="en"),
        "hr": make.user("hr", email="hr@example.org", locale="en"),
    }


def _round(make, world, opened: int, closes: int, **kwargs):
    """A round for Hemtjänst that opened ``opened`` days before TODAY and closes ``closes`` days after it."""
    return make.survey_round(
        world["top"],
        opens_on=TODAY - timedelta(days=opened),
        closes_on=TODAY + timedelta(days=closes),
        languages=("sv", "en", "fi"),
        title="Medarbetarenkät",
        titles={"sv": "Medarbetarenkät", "en": "Staff survey", "fi": "Henkilöstökysely"},
        **kwargs,
    )


def _kinds_to(address: str) -> list[str]:
    return [mail.kind for mail in mails() if mail.to_address == address]


def _run(days: int = 0) -> int:
    return run_rule(queue_due, TODAY + timedelta(days=days))


def test_an_opening_round_tells_its_managers_to_put_up_the_posters_and_nobody_else(make, world):
    survey = _round(make, world, 0, 14)
    assert _run() == 2
    assert {mail.to_address for mail in mails()} == {"omrade@example.org", "norr@example.org"}
    assert {mail.kind for mail in mails()} == {"round_opens"}
    north = next(mail for mail in mails() if mail.to_address == "norr@example.org")
    assert north.link_path == f"/surveys/{survey.id}/posters?unit={world['north'].id}"
    message = render(north)
    assert "Staff survey" in north.subject and "put up the posters" in message.text
    closes = TODAY + timedelta(days=14)  # the dates as the manager's language writes them
    assert (
        format_date(TODAY, "long", locale="en") in message.text
        and format_date(closes, "long", locale="en") in message.text
    )
    assert "Hemtjänst Norr" in message.text and "Hemtjänst Söder" not in message.text
    assert f"/surveys/{survey.id}/posters?unit={world['north'].id}" in message.html


def test_the_area_manager_hears_of_every_workplace_of_their_area(make, world):
    _round(make, world, 0, 14)
    _run()
    [area] = [mail for mail in mails() if mail.to_address == "omrade@example.org"]
    text = render(area).text
    assert "Hemtjänst Norr" in text and "Hemtjänst Söder" in text and "Ängsskolan" not in text


def test_the_title_comes_in_the_managers_language(make, world):
    world["north_manager"].locale = "fi"
    db.session.commit()
    _round(make, world, 0, 14)
    _run()
    [north] = [mail for mail in mails() if mail.to_address == "norr@example.org"]
    assert "Henkilöstökysely" in north.subject and "Henkilöstökysely" in render(north).text


@pytest.mark.parametrize(("opened", "told"), [(1, True), (3, True), (4, False)])
def test_an_opening_missed_by_cron_is_still_announced_but_not_an_old_one(make, world, opened, told):
    _round(make, world, opened, 14)
    _run()
    assert bool(mails("round_opens")) is told


def test_halfway_the_managers_get_the_counts_their_answering_page_shows(app, make, world, login):
    survey = _round(make, world, 7, 7)
    make.responses(survey, world["north"], results_answers(3), count=5)
    make.responses(survey, world["south"], results_answers(3), count=3)
    make.responses(survey, world["school"], results_answers(3), count=9)  # outside the round's tree: never counted
    _run()
    [area] = [mail for mail in mails("round_midway") if mail.to_address == "omrade@example.org"]
    text, html = render(area).text, render(area).html
    page = login(app.test_client(), world["area_manager"]).get("/surveys/answering").get_data(as_text=True)
    for shown in ("5 of 20 (25%)", "3 of 12 (25%)", "8 of 32 (25%)"):
        assert shown in page and shown in text and shown in html
    assert area.link_path == f"/surveys/answering#round-{survey.id}"
    [north] = [mail for mail in mails("round_midway") if mail.to_address == "norr@example.org"]
    assert "5 of 20 (25%)" in render(north).text and "Hemtjänst Söder" not in render(north).text
    assert "9 of" not in text


def test_held_answers_do_not_count_in_a_reminder(make, world):
    survey = _round(make, world, 7, 7)
    make.responses(survey, world["north"], results_answers(3), count=4)
    for response in make.responses(survey, world["north"], results_answers(3), count=2):
        response.held = True
    db.session.commit()
    _run()
    [north] = [mail for mail in mails("round_midway") if mail.to_address == "norr@example.org"]
    assert "4 of 20 (20%)" in render(north).text


def test_nothing_is_said_between_the_opening_and_the_middle_day(make, world):
    _round(make, world, 6, 8)  # the middle day is tomorrow
    assert _run() == 0
    assert _run(1) == 2 and {mail.kind for mail in mails()} == {"round_midway"}


def test_two_days_before_it_closes_the_managers_get_the_counts_again(make, world):
    survey = _round(make, world, 12, 2)
    make.responses(survey, world["north"], results_answers(3), count=15)
    _run()
    assert {mail.kind for mail in mails()} == {"round_closing"}
    [north] = [mail for mail in mails() if mail.to_address == "norr@example.org"]
    message = render(north)
    assert "two days left" in message.text and "15 of 20 (75%)" in message.text
    assert north.link_path == f"/surveys/answering#round-{survey.id}"


def test_a_round_too_short_for_a_midway_message_gets_the_opening_and_the_closing_only(make, world):
    _round(make, world, 0, 3)  # the middle day falls inside the closing reminder's two days
    for day in range(4):
        _run(day)
    assert sorted(_kinds_to("norr@example.org")) == ["round_closing", "round_opens"]


def test_a_whole_round_runs_opening_midway_closing_and_results_once_each(make, world):
    _round(make, world, 0, 14)
    for day in range(30):
        _run(day)
        _run(day)
    assert _kinds_to("norr@example.org") == ["round_opens", "round_midway", "round_closing", "round_results"]
    assert _kinds_to("skolan@example.org") == [] and _kinds_to("hr@example.org") == []


def test_results_are_announced_the_day_the_round_has_closed_and_not_before(make, world):
    _round(make, world, 14, 0)  # its last day is today: still open
    _run()
    assert mails("round_results") == []
    _run(1)
    assert {mail.to_address for mail in mails("round_results")} == {"omrade@example.org", "norr@example.org"}


def test_the_results_message_links_to_the_results_and_holds_no_figure(make, world):
    survey = _round(make, world, 15, -1)
    make.responses(survey, world["north"], results_answers(4), count=7)
    _run()
    [north] = [mail for mail in mails("round_results") if mail.to_address == "norr@example.org"]
    assert north.link_path == f"/results/{survey.id}"
    message = render(north)
    assert "results for your units are ready" in message.text
    assert set(north.params) == {"title", "opens_on", "closes_on"}
    assert "7 of" not in message.text and "7 of" not in message.html


def test_a_round_closed_early_announces_its_results_the_same_day(make, world):
    survey = _round(make, world, 5, 9)
    _run()
    close_round_early(None, survey, TODAY)
    _run()
    assert {mail.to_address for mail in mails("round_results")} == {"omrade@example.org", "norr@example.org"}


@pytest.mark.parametrize(("closed_days_ago", "told"), [(14, True), (15, False)])
def test_results_of_a_round_closed_long_ago_are_not_announced(make, world, closed_days_ago, told):
    _round(make, world, 40, -closed_days_ago - 1)  # closed (first day closed) that many days ago
    _run()
    assert bool(mails("round_results")) is told


def test_a_draft_round_is_never_announced(make, world):
    _round(make, world, 0, 14, draft=True)
    for day in range(20):
        _run(day)
    assert mails() == []


def test_a_second_run_the_same_day_or_the_next_records_nothing(make, world):
    _round(make, world, 0, 14)
    assert _run() == 2
    assert _run() == 0
    assert _run(1) == 0
    assert len(mails()) == 2


def test_a_manager_who_turned_the_kind_off_gets_nothing(make, world):
    db.session.add(NotificationChoice(user_id=world["north_manager"].id, kind="round_opens", enabled=False))
    db.session.commit()
    _round(make, world, 0, 14)
    _run()
    assert {mail.to_address for mail in mails()} == {"omrade@example.org"}


def test_an_inactive_manager_gets_nothing(make, world):
    world["north_manager"].active = False
    db.session.commit()
    _round(make, world, 0, 14)
    _run()
    assert {mail.to_address for mail in mails()} == {"omrade@example.org"}


@pytest.mark.commits
def test_the_opening_arrives_through_the_mail_server_with_the_poster_link(make, world, smtp_server):
    survey = _round(make, world, 0, 14)
    _run()
    deliver_due(utcnow())
    received = smtp_server.wait_for(2)
    assert sorted(address for message in received for address in message.recipients) == [
        "norr@example.org",
        "omrade@example.org",
    ]
    [north] = smtp_server.to("norr@example.org")
    poster_link = f"https://omtanke.example.org/surveys/{survey.id}/posters?unit={world['north'].id}"
    assert "Staff survey" in north.subject and poster_link in north.text and poster_link in north.html
    assert smtp_server.to("skolan@example.org") == [] and smtp_server.to("hr@example.org") == []


# The safety representative: a round's results are ready for their units (a link, no figure), never the managers'
# posters and response rates, never anything about a person; their settings page offers what they can get.
def test_the_safety_representative_hears_of_the_results_only(make, world):
    make.user("safety", units=(world["north"],), email="skyddsombud@example.org", locale="en")
    survey = _round(make, world, 0, 14)
    for day in range(30):
        _run(day)
    assert _kinds_to("skyddsombud@example.org") == ["round_results"]
    [mail] = [mail for mail in mails("round_results") if mail.to_address == "skyddsombud@example.org"]
    assert mail.link_path == f"/results/{survey.id}"
    text = render(mail).text
    assert "results for your units are ready" in text and "with the manager and your colleagues" in text
    assert "with your staff" not in text


def test_the_settings_page_lists_the_results_and_the_plan_reminders_but_no_staff_tasks(app, make, login):
    client = login(app.test_client(), make.user("safety", units=(make.unit(),)))
    text = page_text(client.get("/account/notifications"))
    assert "A round's results are ready" in text and "A follow-up of a plan step was missed" in text
    assert "Tasks about my staff" not in text and "response rate" not in text and "Weekly digest" not in text
