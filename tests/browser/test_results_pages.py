"""A manager reads the unit report on a phone: nothing wider than the screen, charts drawn, the heatmap's cards
sortable with the keyboard alone."""

from __future__ import annotations

import pytest

from survey_app.db import db
from tests.factories import RESULTS_SECTIONS, results_answers

pytestmark = pytest.mark.browser


def test_report_and_heatmap_on_a_phone(make, live_server, phone, artifacts):
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    south = make.unit("Hemtjänst Söder", parent=area, code="HT-2", headcount=12)
    survey = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    for number in range(10):
        make.response(survey, north, results_answers(4, text=f"Vi behöver fler vikarier på kvällarna {number}"))
    make.responses(survey, south, results_answers(2), count=9)
    manager = make.user("manager", units=(area,), email="chef@example.org")
    db.session.commit()

    phone.goto(f"{live_server}/login")
    phone.fill("#email", manager.email)
    phone.fill("#password", "correct horse battery")
    phone.locator("main button[type=submit]").click()
    phone.goto(f"{live_server}/results/{survey.id}/units/{north.id}")
    assert phone.locator("h1").inner_text().startswith("Hemtjänst Norr")
    assert phone.locator("svg[role=img]").count() >= 4
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(artifacts / "results-report-phone.png"), full_page=True)

    phone.goto(f"{live_server}/results/{survey.id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # the wide table scrolls in its own box
    # a phone shows one card per unit, sorted with a form (the table's column headings are for wider screens)
    phone.locator("#sort").select_option("hme.total")
    phone.locator(".sort-form button[type=submit]").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**sort=hme.total**")
    names = phone.locator(".heat-card h3 a").all_inner_texts()
    assert names.index("Hemtjänst Norr") < names.index("Hemtjänst Söder")  # 75 before 25, highest first
    phone.screenshot(path=str(artifacts / "results-heatmap-phone.png"), full_page=True)
