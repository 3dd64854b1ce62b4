"""Interview rounds as HR, interviewers, managers and the work group meet them."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from survey_app.db import db
from survey_app.interviews.commands import interviews_cli
from survey_app.models import ActionProposal, AuditEvent, InterviewNote, InterviewRound
from tests.clock import TODAY
from tests.helpers import form_token, post_form


def test_hr_plans_sessions_and_coverage_counts_participants_of_held_sessions(world, client, interview):
    sessions = interview.sessions
    edit = f"/interviews/sessions/{sessions[0].id}/edit"
    data = {"kind": "group", "planned_on": TODAY.isoformat(), "participants": "6", "interviewer_id": "", "held": "y"}
    assert post_form(client, edit, data).status_code == 302
    page = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "6 of 31 staff interviewed" in page and "1 session held" in page


def test_a_note_sent_twice_is_stored_once(world, client, interview, write_note):
    session = interview.sessions[1]
    response, key = write_note(client, session.id, "workload", "För lite tid mellan besöken")
    assert response.status_code == 302
    page = f"/interviews/sessions/{session.id}/notes"
    again = client.post(
        page,
        data={
            "theme": "workload",
            "text": "För lite tid mellan besöken",
            "client_key": key,
            "csrf_token": form_token(client, page),
        },
        headers={"Accept": "application/json"},
    )
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert db.session.scalar(select(func.count()).select_from(InterviewNote)) == 1


def test_bad_notes_are_explained_and_nothing_is_stored(world, client, interview, write_note):
    session = interview.sessions[1]
    response, _ = write_note(client, session.id, "no-such-theme", "Text")
    assert response.status_code == 200 and "Choose a theme from the guide." in response.get_data(as_text=True)
    response, _ = write_note(client, session.id, "workload", "x" * 2001)
    assert response.status_code == 200 and "2000" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(InterviewNote)) == 0


def test_an_expired_form_shows_the_note_again_instead_of_losing_it(app, world, client, interview):
    session = interview.sessions[1]
    page = f"/interviews/sessions/{session.id}/notes"
    response = client.post(page, data={"theme": "leadership", "text": "Chefen syns sällan", "csrf_token": "expired"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Chefen syns sällan" in body and "Send it again" in body
    assert db.session.scalar(select(func.count()).select_from(InterviewNote)) == 0


def test_compilation_counts_sessions_and_participants_per_theme(world, client, interview, fill_interview):
    fill_interview(client, interview)
    page = client.get(f"/interviews/{interview.id}/compilation").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Arbetsbelastning Raised in 3 of 3 sessions · 8 participants" in text
    assert "Ledarskap och styrning Raised in 1 of 3 sessions · 6 participants" in text
    assert "Kränkande särbehandling Raised in 1 of 3 sessions · 1 participant" in text
    reads = db.session.scalar(select(func.count()).where(AuditEvent.action == "interviews.compilation_read"))
    assert reads == 1


def test_work_group_sees_only_themes_raised_widely_enough_and_quotes_without_names(
    world, client, login, interview, fill_interview
):
    fill_interview(client, interview)
    page = client.get(f"/interviews/{interview.id}/work-group").get_data(as_text=True)
    assert "Arbetsbelastning" in page  # 3 sessions
    assert "Ledarskap och styrning" in page  # 1 session, but 6 participants ≥ threshold 3
    assert "Kränkande särbehandling" not in page and "obehagligt" not in page  # 1 session, 1 person
    assert "Lindqvist" not in page and "[NAME]" in page
    # victimisation and the single suggestion (one person each) are counted, never shown
    assert "2 more themes were raised by too few people to be shown here." in page and "Fasta larmtider" not in page


def test_managers_never_read_raw_notes_and_see_the_presentation_only_once_released(
    world, app, login, interview, client, fill_interview
):
    fill_interview(client, interview)
    manager = login(app.test_client(), world["manager"])
    assert manager.get(f"/interviews/{interview.id}/presentation").status_code == 404
    for path in (f"/interviews/{interview.id}/compilation", f"/interviews/sessions/{interview.sessions[0].id}/notes"):
        assert manager.get(path).status_code == 403
    assert (
        post_form(
            client, f"/interviews/{interview.id}/compilation", {}, action=f"/interviews/{interview.id}/release"
        ).status_code
        == 302
    )
    page = manager.get(f"/interviews/{interview.id}/presentation").get_data(as_text=True)
    assert "Arbetsbelastning" in page and "Stressigt på morgonen" not in page  # counts and findings, no raw note
    other = login(app.test_client(), world["other_manager"])
    assert other.get(f"/interviews/{interview.id}/presentation").status_code == 404
    admin = login(app.test_client(), world["admin"])
    assert admin.get(f"/interviews/{interview.id}/compilation").status_code == 403


def test_the_interviewer_reads_their_own_sessions_notes_only_and_every_read_is_logged(
    world, app, login, interview, client, fill_interview
):
    fill_interview(client, interview)
    ohs = login(app.test_client(), world["ohs"])
    group, first, _ = interview.sessions
    assert "Stressigt på morgonen" in ohs.get(f"/interviews/sessions/{group.id}/notes").get_data(as_text=True)
    assert ohs.get(f"/interviews/sessions/{first.id}/notes").status_code == 404
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "interviews.notes_read")).all()
    assert any(event.actor_id == world["ohs"].id and event.object_id == str(group.id) for event in reads)


def test_findings_link_notes_and_reflections_become_proposed_steps_once(world, client, interview, fill_interview):
    fill_interview(client, interview)
    workload = db.session.scalars(select(InterviewNote.id).where(InterviewNote.theme == "workload")).all()
    page = f"/interviews/{interview.id}/compilation"
    data = {
        "kind": "risk",
        "theme": "workload",
        "text": "Planerad tid räcker inte",
        "notes": [str(n) for n in workload],
    }
    post_form(client, page, data, action=f"/interviews/{interview.id}/findings")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(page).get_data(as_text=True)))
    assert "Risk: Planerad tid räcker inte (supported by 3 notes)" in text
    post_form(
        client,
        page,
        {"kind": "suggestion", "text": "Fasta larmtider"},
        action=f"/interviews/{interview.id}/reflections",
    )
    reflection = db.session.get(InterviewRound, interview.id).reflections[0]
    for _ in range(2):  # a double click proposes one step
        post_form(client, page, {}, action=f"/interviews/reflections/{reflection.id}/propose")
    proposals = db.session.scalars(select(ActionProposal)).all()
    assert [(p.text, p.unit_id) for p in proposals] == [("Fasta larmtider", world["unit"].id)]


def test_hr_adapts_the_guide_and_a_broken_line_is_named(world, client, interview):
    page = f"/interviews/{interview.id}/guide"
    response = post_form(client, page, {"guide": "## workload: Arbetsbelastning\n- Hur är det?\nfel rad\n"})
    assert response.status_code == 200 and "Line 3:" in response.get_data(as_text=True)
    response = post_form(
        client,
        page,
        {"guide": "## workload: Belastning\n- Hur är det?\n\n## nattarbete: Nattarbete\n- Hur är nätterna?\n"},
    )
    assert response.status_code == 302
    html = client.get(f"/interviews/sessions/{interview.sessions[0].id}/notes").get_data(as_text=True)
    assert "Nattarbete" in html and "Arbetstid" not in html


def test_interviews_list_json(app, world, client, interview, fill_interview):
    fill_interview(client, interview)
    result = app.test_cli_runner().invoke(interviews_cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry["unit"]["code"] == "HT-C" and entry["staff"] == 31 and len(entry["sessions"]) == 3
    themes = {theme["key"]: theme for theme in entry["themes"]}
    assert themes["workload"]["sessions"] == 3 and themes["workload"]["participants"] == 8
    assert "Stressigt" not in result.output  # counts only: no note text leaves through the command line
