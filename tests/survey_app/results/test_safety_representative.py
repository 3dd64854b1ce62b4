"""A safety representative reads their units' survey results like the units' manager: the same figures, the same
small groups hidden, the same redacted free text, and nothing outside their units or of the whole organisation."""

from __future__ import annotations

import re


def test_the_representative_sees_what_the_manager_sees_with_small_groups_hidden(app, login, make, world, heatmap_rows):
    survey = world["survey"]
    safety = login(app.test_client(), make.user("safety", units=(world["area"],)))
    manager = login(app.test_client(), world["manager"])
    rows = heatmap_rows(safety.get(f"/results/{survey.id}").get_data(as_text=True))
    assert rows == heatmap_rows(manager.get(f"/results/{survey.id}").get_data(as_text=True))
    assert rows["<script>alert('Nattpatrullen')</script>"] == ["Too few answers"]
    assert rows["Hemtjänst Söder"] == ["Hidden to protect a smaller group"]
    assert "Ängsskolan" not in rows and "Lokalvård" not in rows
    small = safety.get(f"/results/{survey.id}/units/{world['small'].id}").get_data(as_text=True)
    assert "Too few answers" in small and "Nattpatrullens hemlighet" not in small and "<svg" not in small
    report = safety.get(f"/results/{survey.id}/units/{world['big'].id}").get_data(as_text=True)
    assert "Vi behöver fler vikarier" in report and "Lindqvist" not in report


def test_the_representative_gets_404_outside_their_units_and_for_the_organisation(app, login, make, world):
    survey = world["survey"]
    safety = login(app.test_client(), make.user("safety", units=(world["area"],)))
    assert safety.get(f"/results/{survey.id}/units/{world['school'].id}").status_code == 404
    assert safety.get(f"/results/{survey.id}/organisation").status_code == 404
    assert safety.get(f"/results/{survey.id}?unit={world['school'].id}").status_code == 404
    page = safety.get("/results/").get_data(as_text=True)
    assert "Hösten" in page and not re.search(r"posters", page, flags=re.I)
