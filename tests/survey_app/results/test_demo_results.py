"""Issue 5's finish line on the demo data: a full unit report, the HR heatmap over every demo unit with the small
ones hidden, and the API giving the same figures as the page."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from survey_app.api.tokens import create_token
from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.demo.surveys import AUTUMN, UNDER_THRESHOLD
from survey_app.models import SurveyRound, Unit, User
from survey_app.results.comments import unit_comments
from survey_app.results.computed import round_results

PASSWORD = "demo lösenord 2026"


def test_demo_report_heatmap_and_api_agree(app, client, login, heatmap_rows):
    app.config["OMTANKE_DEMO_PASSWORD"] = PASSWORD
    assert app.test_cli_runner().invoke(demo_command).exit_code == 0
    survey = db.session.scalar(select(SurveyRound).where(SurveyRound.title == AUTUMN))
    hr = db.session.scalar(select(User).where(User.email == "hr@example.org"))
    token = create_token(None, hr, "BI")
    db.session.commit()
    login(client, hr, password=PASSWORD)

    rows = heatmap_rows(client.get(f"/results/{survey.id}").get_data(as_text=True))
    workplaces = {unit.unit.name for unit in survey.units}
    assert workplaces <= set(rows)
    for name in UNDER_THRESHOLD:
        assert rows[name] == ["Too few answers"], name
    shown = [name for name in workplaces if len(rows[name]) > 1]
    assert len(shown) >= 0.6 * len(workplaces)

    api = client.get(f"/api/v1/rounds/{survey.id}/results", headers={"Authorization": f"Bearer {token}"}).get_json()
    figures = api["round"]["dimensions"]
    assert "osa.workload" in figures and "work_ability.work_ability" in figures
    for unit in api["units"]:
        row = rows[unit["name"]]
        assert (len(row) == 1) == unit["suppressed"], unit["code"]
        if unit["suppressed"]:
            continue
        assert row[0] == f"{unit['responses']} / {unit['headcount']}"
        for position, value in enumerate([unit["index"], *(unit["dimensions"][key] for key in figures)], start=2):
            assert row[position] == "–" if value is None else abs(int(row[position]) - value) <= 0.55

    name = max(shown, key=lambda unit_name: int(rows[unit_name][0].split(" / ")[0]))
    unit = db.session.scalar(select(Unit).where(Unit.name == name))
    page = client.get(f"/results/{survey.id}/units/{unit.id}").get_data(as_text=True)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert "Change since Medarbetarenkät våren 2026" in text
    assert "Strengths and risks" in text and "Answers to each question" in text
    assert page.count("<svg") > 40 and "Work ability bands" in text
    results = round_results(survey)
    with_text = next(r for r in results.units.values() if r.unit_id in {u.unit_id for u in survey.units} and r.comments)
    page = client.get(f"/results/{survey.id}/units/{with_text.unit_id}").get_data(as_text=True)
    themes = page[page.index('<ol class="themes">') : page.index("</ol>", page.index('<ol class="themes">'))]
    counts = [int(n) for n in re.findall(r"— (\d+) answers?", themes)]
    assert counts and sum(counts) == len(unit_comments(results, with_text.unit_id))
