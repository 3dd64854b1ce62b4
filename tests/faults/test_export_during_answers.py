"""A big export runs while staff press Send: every Send is stored, none waits for the export to end, and the export
is complete. The export is held open halfway through its sheets until every Send has been answered, so the overlap is
certain, not a matter of timing."""

from __future__ import annotations

import io
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from survey_app.db import db, reset_write_intent, set_write_intent
from survey_app.models import Answer, ResponseDraft, SurveyResponse, SurveyRound, User
from survey_app.respond import services
from survey_app.results.workbooks import results_workbook
from tests.clock import TODAY

# Staff answer on threads of their own while the export runs: real commits, seen by every connection.
pytestmark = pytest.mark.commits

EARLIER = 8000
SENDING = 60


@pytest.mark.fault
def test_staff_answers_are_all_stored_while_a_big_export_runs(app, make):
    today = TODAY
    area = make.unit("Område Norr", code="N")
    units = [make.unit(f"Enhet {n}", parent=area, code=f"N-{n}", headcount=200) for n in range(20)]
    hr = make.user("hr")
    sections = ("hme/motivation", "hme/leadership", "hme/steering")
    survey = make.survey_round(area, sections=sections, opens_on=today - timedelta(days=30),
                               closes_on=today - timedelta(days=1))  # fmt: skip
    answering = make.survey_round(area, sections=sections)
    responses = [{"id": uuid.uuid4().hex, "round_id": survey.id, "unit_id": units[i % 20].id, "submitted_on": today}
                 for i in range(EARLIER)]  # fmt: skip
    db.session.execute(insert(SurveyResponse), responses)
    db.session.execute(insert(Answer), [{"response_id": r["id"], "item_key": f"hme.hme{k}", "position": 0,
                                         "value": 1 + (k + i) % 5} for i, r in enumerate(responses)
                                        for k in range(1, 10)])  # fmt: skip
    round_unit = answering.units[0]
    drafts = [services.start_draft(round_unit, "sv", today).id for _ in range(SENDING)]
    pages = services.questionnaire(round_unit)
    last = {question.key: "5" for question in pages[-1].questions}  # Send is pressed on the last page
    path, cookie = f"/s/{round_unit.link_token}/p/{len(pages)}", f"omtanke_answer_{round_unit.id}"
    survey_id, hr_id = survey.id, hr.id
    db.session.commit()
    started, sent, finished, target = threading.Event(), threading.Event(), threading.Event(), io.BytesIO()
    paused = []

    def hold_the_export_open(done: int, total: int) -> None:
        """Halfway through its sheets, with its read transaction open, the export waits for every Send."""
        if done == 2 and not paused:
            paused.append(sent.wait(120))

    def export() -> None:
        # As the job runner does: an export only reads, so on SQLite it must not take the single write lock.
        token = set_write_intent(False)
        with app.app_context(), app.test_request_context():
            actor, exported = db.session.get(User, hr_id), db.session.get(SurveyRound, survey_id)
            started.set()
            results_workbook(actor, exported, target, today, on_sheet=hold_the_export_open)
        reset_write_intent(token)
        finished.set()

    def send(draft: str) -> int:
        client = app.test_client()
        client.set_cookie(cookie, draft, path="/s/")
        response = client.post(path, data={"draft": draft, "action": "submit", **last})
        return response.status_code, response.headers.get("Location", "")

    exporter = threading.Thread(target=export)
    exporter.start()
    assert started.wait(30)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, drafts))
    sent.set()
    exporter.join(timeout=300)
    assert finished.is_set()
    assert paused == [True], "the Sends did not all finish while the export was open"
    assert all(status == 302 and "/done" in where for status, where in statuses), statuses[:3]
    stored = select(func.count()).select_from(SurveyResponse).where(SurveyResponse.round_id == answering.id)
    assert db.session.scalar(stored) == SENDING
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0
    summary = load_workbook(io.BytesIO(target.getvalue()), read_only=True)
    assert len(summary.sheetnames) >= 20  # a sheet per visible unit, and the overview sheets
    summary.close()
