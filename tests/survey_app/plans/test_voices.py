"""The safety representative's part in a unit's plan: they read it, comment on it and co-sign it with a date; the
page says when a step changed after the signature; comments are shown redacted; other units' plans stay closed."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_date
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import AuditEvent, PlanComment, PlanSignature, PlanStep
from tests.clock import TODAY
from tests.helpers import page_text, post_form
from tests.survey_app.plans.workbook_reading import _download, _table


def _safety(make, world):
    return make.user("safety", units=(world["unit"],))


def _sign(client, case):
    return post_form(client, f"/plans/{case.id}", {}, action=f"/plans/{case.id}/sign")


def _comment(client, case, text):
    return post_form(client, f"/plans/{case.id}", {"text": text}, action=f"/plans/{case.id}/comments")


def test_the_safety_representative_reads_the_plan_but_gets_no_planning_forms(world, make, app, login, add_step):
    add_step(login(app.test_client(), world["hr"]), world["case"])
    client = login(app.test_client(), _safety(make, world))
    page = client.get(f"/plans/{world['case'].id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "Fasta larmtider för nattpatrullen" in text
    assert "Add the step" not in text and "Record the stage" not in text and "Add the goal" not in text
    assert "Co-sign the plan" in text and "Add the comment" in text
    step = db.session.scalar(select(PlanStep))
    assert client.get(f"/plans/steps/{step.id}").status_code == 200
    refused = post_form(client, f"/plans/steps/{step.id}", {"done": "x"}, action=f"/plans/steps/{step.id}/follow-ups")
    assert refused.status_code == 404


def test_co_signing_shows_the_name_and_the_date_and_is_audited(world, make, app, login):
    safety = _safety(make, world)
    client = login(app.test_client(), safety)
    response = _sign(client, world["case"])
    assert response.status_code == 302 and response.location.endswith("#voices")
    text = page_text(client.get(f"/plans/{world['case'].id}"))
    day = format_date(TODAY, "medium", locale="en")
    assert f"Co-signed by the safety representative {safety.name} on {day}" in text
    assert "Co-sign the plan" not in text and "Sign the plan again" not in text
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plans.plan_signed"))
    assert audit.actor_id == safety.id and safety.name not in str(audit.details)


def test_a_step_changed_after_the_signature_is_flagged_and_signing_again_clears_it(world, make, app, login, add_step):
    hr_client = login(app.test_client(), world["hr"])
    add_step(hr_client, world["case"])
    safety = _safety(make, world)
    client = login(app.test_client(), safety)
    _sign(client, world["case"])
    signature = db.session.scalar(select(PlanSignature))
    signature.signed_at -= timedelta(minutes=5)  # signed a while before the step is changed below
    db.session.commit()
    step = db.session.scalar(select(PlanStep))
    post_form(
        hr_client,
        f"/plans/steps/{step.id}",
        {
            "what": "Fasta larmtider, också helger",
            "why": "",
            "responsible": "role-unit_manager",
            "due_on": step.due_on.isoformat(),
            "next_follow_up_on": step.next_follow_up_on.isoformat(),
            "status": "planned",
        },
        action=f"/plans/steps/{step.id}/edit",
    )
    text = page_text(client.get(f"/plans/{world['case'].id}"))
    assert "changed since it was signed" in text and "Sign the plan again" in text
    _sign(client, world["case"])
    text = page_text(client.get(f"/plans/{world['case'].id}"))
    assert "changed since it was signed" not in text
    assert db.session.scalar(select(db.func.count()).select_from(PlanSignature)) == 1  # one signature per person


def test_comments_by_the_manager_and_the_safety_representative_are_shown_redacted(world, make, app, login):
    safety = _safety(make, world)
    client = login(app.test_client(), safety)
    assert _comment(client, world["case"], "Ring mig på 070-123 45 67 om nattpatrullen").status_code == 302
    manager = login(app.test_client(), world["manager"])
    assert _comment(manager, world["case"], "Vi börjar i januari").status_code == 302
    text = page_text(client.get(f"/plans/{world['case'].id}"))
    assert "070-123 45 67" not in text and "om nattpatrullen" in text
    assert "Vi börjar i januari" in text
    assert f"{safety.name} (Safety representative)" in text and f"{world['manager'].name} (Unit manager)" in text
    assert [c.role for c in db.session.scalars(select(PlanComment))] == ["safety", "manager"]


def test_an_empty_or_too_long_comment_is_refused_on_its_form(world, make, app, login):
    client = login(app.test_client(), _safety(make, world))
    assert "Write your comment." in page_text(_comment(client, world["case"], "   "))
    too_long = _comment(client, world["case"], "a" * 2001)
    assert too_long.status_code == 200 and "Keep the comment to at most 2000 characters." in page_text(too_long)
    assert db.session.scalar(select(db.func.count()).select_from(PlanComment)) == 0


def test_occupational_health_reads_but_neither_comments_nor_signs(world, app, login):
    client = login(app.test_client(), world["ohs"])
    text = page_text(client.get(f"/plans/{world['case'].id}"))
    assert "Add the comment" not in text and "Co-sign the plan" not in text
    assert _comment(client, world["case"], "Hej").status_code == 403
    assert _sign(client, world["case"]).status_code == 403


def test_a_manager_comments_but_does_not_sign(world, app, login):
    client = login(app.test_client(), world["manager"])
    assert "Co-sign the plan" not in page_text(client.get(f"/plans/{world['case'].id}"))
    assert _sign(client, world["case"]).status_code == 403


def test_another_units_safety_representative_gets_404_everywhere(world, make, app, login):
    client = login(app.test_client(), make.user("safety", units=(world["other"],)))
    case = world["case"]
    assert client.get(f"/plans/{case.id}").status_code == 404
    assert _comment(client, case, "Hej").status_code == 404
    assert _sign(client, case).status_code == 404
    assert db.session.scalar(select(db.func.count()).select_from(PlanSignature)) == 0


def test_the_start_page_lists_the_representatives_plans_to_sign(world, make, app, login):
    client = login(app.test_client(), _safety(make, world))
    text = page_text(client.get("/"))
    assert "You are a safety representative" in text
    assert "Hemtjänst Centrum" in text and "not co-signed yet" in text
    _sign(client, world["case"])
    assert "not co-signed yet" not in page_text(client.get("/"))


def test_the_workbook_has_the_signature_and_the_comments_redacted_and_as_typed(world, make, app, login, tmp_path):
    safety = _safety(make, world)
    client = login(app.test_client(), safety)
    _sign(client, world["case"])
    _comment(client, world["case"], "=1+1 ring 070-123 45 67")
    rows = _download(client, "/plans/export.xlsx", tmp_path)["Co-signatures and comments"]
    (signature,) = _table(rows, "Co-signatures")
    assert signature["Co-signed by"] == safety.name and signature["Signed on"] == TODAY.isoformat()
    assert signature["Changed since it was signed"] == "No"
    (comment,) = _table(rows, "Comments")
    assert comment["Comment"].startswith("=1+1 ring") and "070-123" not in comment["Comment"]
    assert comment["Role"] == "Safety representative"
