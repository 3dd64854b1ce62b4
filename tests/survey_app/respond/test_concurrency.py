"""Two hundred staff press Send at once, half of them twice: exactly one response per person, no lock errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode, ResponseDraft, SurveyResponse
from survey_app.respond import resume, services
from survey_app.surveys.services import create_codes

PEOPLE = 200


@pytest.mark.commits  # respondents on threads of their own: each sees what the others committed
def test_parallel_submissions_store_exactly_one_response_each(app, make):
    survey = make.survey_round(
        make.unit("Äldreboendet Linden", code="SB-1", headcount=250), sections=("hme/motivation",)
    )
    round_unit = survey.units[0]
    codes = create_codes(None, round_unit, PEOPLE // 2, app.config["SECRET_KEY"], survey.opens_on)
    drafts = [services.start_draft(round_unit, "sv", survey.opens_on).id for _ in range(PEOPLE // 2)]
    held = [resume.draft_for_code(code, app.config["SECRET_KEY"], "fi", survey.opens_on, None) for code in codes]
    drafts += [code_draft.draft_id for code_draft in held]
    signed = {code_draft.draft_id: resume.signed(app.config["SECRET_KEY"], code_draft) for code_draft in held}
    for draft in drafts:
        db.session.get(ResponseDraft, draft).answers = {"hme.hme1": 4, "hme.hme2": 5}
    token, cookie = round_unit.link_token, f"omtanke_answer_{round_unit.id}"
    db.session.commit()  # the test's own session holds no lock while the requests run

    def send(draft: str) -> int:
        client = app.test_client()
        client.set_cookie(cookie, draft, path="/s/")
        if draft in signed:  # a code draft: the device also holds its code
            client.set_cookie(resume.CODE_COOKIE, signed[draft], path="/s/")
        return client.post(f"/s/{token}/p/1", data={"draft": draft, "action": "submit"}).status_code

    double_taps = drafts + drafts[::2]  # every other person taps twice
    with ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(send, double_taps))

    assert set(statuses) == {302}
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == PEOPLE
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0
    assert db.session.scalar(select(func.count()).where(AccessCode.used)) == PEOPLE // 2
