"""Fixtures several areas of the app's tests share (an area's own fixtures are in its folder's conftest.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import InterviewRound, InterviewSession
from tests.clock import TODAY
from tests.factories import RESULTS_SECTIONS, results_answers
from tests.helpers import form_token, post_form


@pytest.fixture
def known_periods() -> dict[str, str]:
    """A case's reference and follow-up periods with hand-checked figures, as typed into the case's form: per
    employee and year 400/20 = 20.0 sick days before, 180/22 × 365/181 = 16.5 after; short-term 8.0 → 5.5, i.e.
    27.28 fewer short-term days (worth 68,192 at 2,500 a day)."""
    return {
        "reference_start": "2025-01-01",
        "reference_end": "2025-12-31",
        "follow_up_start": "2026-01-01",
        "follow_up_end": "2026-06-30",
        "reference_employees": "20",
        "reference_sick_days": "400",
        "reference_short_term_days": "160",
        "follow_up_employees": "22",
        "follow_up_sick_days": "180",
        "follow_up_short_term_days": "60",
    }


@pytest.fixture
def results_world(make):
    """The results pages' organisation: Hemtjänst with two big units and a small one named like a script,
    Ängsskolan and Lokalvård; spring's round (Norr only) and autumn's, both closed, with free text (a name in it,
    a formula, the small unit's secret); HR, Hemtjänst's manager and Ängsskolan's."""
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    other_big = make.unit("Hemtjänst Söder", parent=area, code="HT-3", headcount=12)
    small = make.unit("<script>alert('Nattpatrullen')</script>", parent=area, code="HT-2", headcount=4)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    cleaning = make.unit("Lokalvård", code="LV", headcount=12)
    before = make.closed_round(None, sections=RESULTS_SECTIONS, days=(200, 180), title="Våren")
    survey = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    make.responses(before, big, results_answers(3), count=10)
    for number in range(10):
        make.response(survey, big, results_answers(4, text=f"Vi behöver fler vikarier, säger Anna Lindqvist {number}"))
    make.responses(survey, other_big, results_answers(2), count=8)
    make.responses(survey, small, results_answers(5, text="Nattpatrullens hemlighet"), count=2)
    make.responses(survey, school, results_answers(5, text='=HYPERLINK("http://evil")'), count=12)
    make.responses(survey, cleaning, results_answers(2, text="Tunga vagnar"), count=8)
    return {
        "survey": survey,
        "before": before,
        "area": area,
        "big": big,
        "other_big": other_big,
        "small": small,
        "school": school,
        "cleaning": cleaning,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(area,)),
        "school_manager": make.user("manager", units=(school,)),
    }


@pytest.fixture
def interview_world(make):
    """For interview rounds: Hemtjänst Centrum (31 staff) in Vård och omsorg, Förskolan Solrosen apart; HR,
    occupational health invited to the area, each unit's manager, an administrator."""
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=31)
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    return {
        "unit": unit,
        "other": other,
        "hr": make.user("hr"),
        "ohs": make.user("ohs", units=(area,)),
        "manager": make.user("manager", units=(unit,)),
        "other_manager": make.user("manager", units=(other,)),
        "admin": make.user("admin"),
    }


@pytest.fixture
def interview(interview_world, client, login):
    """Centrum's round "Chefsstöd" (threshold 3), created by HR through the pages with HR logged in on ``client``:
    a focus group of six that occupational health interviews, then two individual interviews."""
    login(client, interview_world["hr"])
    data = {"unit_code": "HT-C", "title": "Chefsstöd", "language": "sv", "anonymity_threshold": "3"}
    assert post_form(client, "/interviews/new", data).status_code == 302
    interview = db.session.scalar(select(InterviewRound))
    assert interview.staff_count == 31 and interview.guide["themes"][0]["key"] == "workload"

    def plan(kind="individual", participants="1", interviewer=""):
        data = {
            "kind": kind,
            "planned_on": TODAY.isoformat(),
            "participants": participants,
            "interviewer_id": interviewer,
        }
        post_form(client, f"/interviews/{interview.id}", data, action=f"/interviews/{interview.id}/sessions")

    plan(kind="group", participants="6", interviewer=str(interview_world["ohs"].id))
    plan()
    plan()
    sessions = db.session.scalars(select(InterviewSession).order_by(InterviewSession.id)).all()
    assert [s.participants for s in sessions] == [6, 1, 1]
    return interview


@pytest.fixture
def write_note():
    """``write_note(client, session_id, theme, text, quote=…, suggestion=…)``: the session's note form filled in and
    sent; returns the response and the form's client key."""

    def send(client, session_id, theme, text, **flags):
        page = f"/interviews/sessions/{session_id}/notes"
        html = client.get(page).get_data(as_text=True)
        key = re.search(r'name="client_key" type="hidden" value="([^"]+)"', html).group(1)
        data = {"theme": theme, "text": text, "client_key": key, **{k: "y" for k, v in flags.items() if v}}
        return client.post(page, data={**data, "csrf_token": form_token(client, page)}), key

    return send


@pytest.fixture
def fill_interview(write_note):
    """``fill_interview(client, interview)``: six notes in its three sessions, a name, quotes and a suggestion
    among them."""

    def fill(client, interview):
        group, first, second = interview.sessions
        write_note(client, group.id, "workload", "Stressigt på morgonen", quote=False)
        write_note(client, group.id, "leadership", "Jag vet aldrig vem jag ska ringa, säger Anna Lindqvist", quote=True)
        write_note(client, first.id, "workload", "Restiden räknas inte")
        write_note(client, first.id, "victimisation", "Ett obehagligt möte med en anhörig", quote=True)
        write_note(client, second.id, "workload", "För många brukare per pass")
        write_note(client, second.id, "suggestions", "Fasta larmtider för nattpatrullen", suggestion=True)

    return fill
