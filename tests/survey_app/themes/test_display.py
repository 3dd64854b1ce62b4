"""A free-text theme as readers see it: on the report, in the free-text workbook, its words counted per person."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from nlp.clustering import OTHER
from nlp.io import TextInput
from nlp.themes import Theme
from survey_app.results.comments import Comment, unit_comments
from survey_app.results.computed import round_results
from survey_app.results.workbooks import comments_workbook
from survey_app.themes import services
from survey_app.themes.display import present_theme, present_themes
from tests.clock import TODAY
from tests.factories import RESULTS_SECTIONS, results_answers

ENGLISH = {"Accept-Language": "en"}


def _theme(theme_id: int, size: int, **fields) -> Theme:
    values = {"label": "", "terms": (), "category": "workload", "examples": (), "polarity": "problem"}
    return Theme(id=theme_id, size=size, **(values | fields))


def test_a_theme_shows_its_title_category_polarity_in_words_size_and_at_most_three_quotes(app):
    quotes = ("För få vikarier.", "Ingen hinner.", "Stressigt.", "Vi springer.")
    theme = _theme(2, 7, key_term="vikarier", examples=quotes)
    with app.test_request_context(headers=ENGLISH):
        shown = present_theme(theme, "sv")
    assert shown.title == "Arbetsbelastning · vikarier"  # the title in the reader's language, as nlp.themes gives it
    assert (shown.category, shown.polarity_label, shown.size) == ("Arbetsbelastning", "Problem", 7)
    assert shown.quotes == quotes[:3] and not shown.other


def test_praise_is_told_from_problems_and_the_answers_that_fit_no_theme_come_last(app):
    themes = [
        _theme(OTHER, 20, category=None, label="other", polarity="neither"),
        _theme(1, 4, category="collaboration", label="vi hjälper varandra", polarity="praise"),
        _theme(2, 9, category="leadership", label="chefen är sällan på plats", polarity="mixed"),
    ]
    with app.test_request_context(headers=ENGLISH):
        shown = present_themes(themes, "en")
    assert [view.title for view in shown] == ["chefen är sällan på plats", "vi hjälper varandra", "Other answers"]
    assert [view.polarity_label for view in shown] == ["Mixed", "Praise", ""]
    assert [view.category for view in shown] == ["Leadership", "Collaboration and climate", ""] and shown[-1].other


@pytest.fixture
def two_answers_each(make):
    """Ten people of Hemtjänst Norr, each answering both open questions; HR."""
    unit = make.unit("Hemtjänst Norr", code="HT-1", headcount=12)
    survey = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    for number in range(10):
        answers = results_answers(3, text=f"Vi behöver fler vikarier på helgerna {number}")
        answers["open_questions.works_well"] = f"Bra sammanhållning i gruppen {number}"
        make.response(survey, unit, answers)
    return {"survey": survey, "unit": unit, "hr": make.user("hr")}


def test_answers_of_one_person_share_a_key_that_is_not_their_response(two_answers_each):
    survey, unit = two_answers_each["survey"], two_answers_each["unit"]
    comments = unit_comments(round_results(survey), unit.id)
    assert len(comments) == 20
    keys = {comment.respondent for comment in comments}
    assert keys == set(range(1, 11))  # numbered afresh, never a response's id
    by_number = {}
    for comment in comments:
        by_number.setdefault(comment.text.rsplit(" ", 1)[1], set()).add(comment.respondent)
    assert all(len(found) == 1 for found in by_number.values())  # both answers of one person: one key
    assert Comment("q", "text", 1) == Comment("q", "text", 2)  # what a reader sees is equal


def test_the_themes_service_passes_the_respondents_on_and_caches_per_respondents(monkeypatch):
    seen: list[list[TextInput]] = []
    real = services.find_themes
    monkeypatch.setattr(services, "find_themes", lambda inputs, **kwargs: seen.append(inputs) or real(inputs, **kwargs))
    services.themes_of_texts.cache_clear()
    texts = ("Tunga lyft utan hjälpmedel", "Tunga lyft varje dag", "Ont i ryggen efter lyften", "Lyften är tunga")
    comments = [Comment("q", text, person) for text, person in zip(texts, (1, 1, 2, 2), strict=True)]
    services.comment_themes(comments)
    services.comment_themes(comments)  # the same set again: clustered once
    services.comment_themes([Comment(c.item_key, c.text, n) for n, c in enumerate(comments)])  # other people
    assert len(seen) == 2
    assert [item.respondent for item in seen[0]] == ["1", "1", "2", "2"]
    assert [item.respondent for item in seen[1]] == ["0", "1", "2", "3"]


def test_the_report_and_the_workbook_show_each_themes_category_and_polarity(client, login, two_answers_each):
    survey, unit, hr = two_answers_each["survey"], two_answers_each["unit"], two_answers_each["hr"]
    login(client, hr)
    page = client.get(f"/results/{survey.id}/units/{unit.id}", headers=ENGLISH).get_data(as_text=True)
    themes = page[page.index('<ol class="themes">') : page.index("</ol>", page.index('<ol class="themes">'))]
    assert 'class="theme-facts"' in themes and "Category: " in themes
    assert any(f">{word}</span>" in themes for word in ("Praise", "Problem", "Mixed", "Neither"))
    with client.application.test_request_context(headers=ENGLISH):
        target = io.BytesIO()
        comments_workbook(hr, survey, target, TODAY)
    rows = [row for row in load_workbook(target).active.iter_rows(values_only=True) if any(row)]
    header = next(row for row in rows if row[:2] == ("Unit", "Theme"))
    assert header[:6] == ("Unit", "Theme", "Category", "Polarity", "Answers", "Quotes")
    themed = rows[rows.index(header) + 1]
    assert themed[2] and themed[3] in ("Praise", "Problem", "Mixed", "Neither") and themed[4] >= 1
