"""Getting staff to answer (issue 20): a poster whose QR code displays, in the round's languages, packs of posters
for an area, and the response rates a manager follows while the round is open — counts only, their units only."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from survey_app.db import db
from tests.clock import TODAY
from tests.factories import results_answers


@pytest.fixture
def area(make):
    """Hemtjänst with two workplaces that answer through their link and one that answers with codes only, and a
    school elsewhere; a round for the whole organisation in English and Finnish, published."""
    top = make.unit("Hemtjänst", code="HT", headcount=0)
    north = make.unit("Hemtjänst Norr", parent=top, code="HT-N", headcount=20)
    south = make.unit("Hemtjänst Söder", parent=top, code="HT-S", headcount=12)
    night = make.unit("Nattpatrullen", parent=top, code="HT-X", headcount=4)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=30)
    survey = make.survey_round(None, languages=("en", "fi"), title="Staff survey")
    survey.titles = {"en": "Staff survey", "fi": "Henkilöstökysely"}
    survey.published_on = survey.published_on or TODAY
    db.session.commit()
    return {"top": top, "north": north, "south": south, "night": night, "school": school, "survey": survey}


@pytest.fixture
def manager(app, login, make, area):
    return login(app.test_client(), make.user("manager", units=(area["top"],), locale="en"))


@pytest.fixture
def hr(app, login, make):
    return login(app.test_client(), make.user("hr", locale="en"))


def _poster(client, area, unit):
    return client.get(f"/surveys/{area['survey'].id}/units/{area[unit].id}/poster")


def _qr(page: str) -> str:
    return re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page).group(1)


def test_the_posters_qr_code_is_an_svg_with_its_namespace_so_browsers_give_it_a_size(hr, area):
    page = _poster(hr, area, "north").get_data(as_text=True)
    svg = unquote(_qr(page).split(",", 1)[1])
    assert svg.startswith("<svg xmlns='http://www.w3.org/2000/svg'") or 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert re.search(r"width=.\d+.", svg) and "<path" in svg


def test_the_qr_code_holds_the_workplaces_answer_link(hr, area):
    from survey_app.surveys.outreach import qr_data_uri

    round_unit = next(ru for ru in area["survey"].units if ru.unit_id == area["north"].id)
    page = _poster(hr, area, "north").get_data(as_text=True)
    assert _qr(page).replace("&#39;", "'") == qr_data_uri(f"http://localhost/s/{round_unit.link_token}")


def test_the_poster_speaks_each_of_the_rounds_languages_in_a_block_of_its_own(hr, area):
    page = _poster(hr, area, "north").get_data(as_text=True)
    blocks = dict(re.findall(r'<section class="poster-language" lang="(\w+)">(.*?)</section>', page, re.S))
    assert list(blocks) == list(area["survey"].languages) == ["fi", "en"]
    assert "Staff survey" in blocks["en"] and "Tell us how you feel about your work" in blocks["en"]
    assert "Henkilöstökysely" in blocks["fi"] and "Tell us how you feel" not in blocks["fi"]


def test_the_poster_shows_the_short_address_and_the_workplaces_short_code_in_groups(hr, area):
    round_unit = next(ru for ru in area["survey"].units if ru.unit_id == area["north"].id)
    page = _poster(hr, area, "north").get_data(as_text=True)
    code = round_unit.short_code
    assert "localhost/k" in page
    assert f"{code[:4]}-{code[4:8]}-{code[8:11]}-{code[11:]}" in page


def test_a_manager_prints_the_poster_of_their_own_workplace_but_not_of_another(manager, area):
    assert _poster(manager, area, "north").status_code == 200
    assert _poster(manager, area, "school").status_code == 404


def test_the_pack_for_an_area_has_a_poster_per_linked_workplace_and_lists_the_codes_only_one(manager, area):
    page = manager.get(f"/surveys/{area['survey'].id}/posters?unit={area['top'].id}").get_data(as_text=True)
    assert page.count('class="poster-sheet"') == 2
    assert page.count('<img src="data:image/svg+xml') == 2
    assert "Hemtjänst Norr" in page and "Hemtjänst Söder" in page
    codes_only = page.split("answer with personal codes only")[1]
    assert "Nattpatrullen" in codes_only and "Ängsskolan" not in page
    assert 'lang="fi"' in page


def test_the_pack_picker_lists_the_units_in_the_callers_scope_by_name_and_refuses_others(manager, hr, area):
    survey = area["survey"]
    picker = manager.get(f"/surveys/{survey.id}/posters").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)"', picker)
    assert set(options) == {str(area[name].id) for name in ("top", "north", "south", "night")}
    assert "poster-sheet" not in picker
    assert manager.get(f"/surveys/{survey.id}/posters?unit={area['school'].id}").status_code == 404
    everything = hr.get(f"/surveys/{survey.id}/posters").get_data(as_text=True)
    assert "Ängsskolan" in everything and "Hemtjänst Norr" in everything


def test_a_manager_sees_their_workplaces_answers_so_far_as_counts_never_answers(make, manager, area):
    make.responses(area["survey"], area["north"], results_answers(4, text="Vi behöver fler vikarier"), count=5)
    make.responses(area["survey"], area["school"], results_answers(2), count=7)
    page = manager.get("/surveys/answering").get_data(as_text=True)
    north = page.split("Hemtjänst Norr", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="rate">([^<]+)<', north) == ["5 of 20 (25%)"]
    assert "Ängsskolan" not in page and "vikarier" not in page
    assert f"/surveys/{area['survey'].id}/units/{area['north'].id}/poster" in page
    assert f"/surveys/{area['survey'].id}/posters?unit={area['top'].id}" in page


def test_a_draft_round_is_neither_listed_nor_postered_for_a_manager(manager, area):
    survey = area["survey"]
    survey.published_on = None
    db.session.commit()
    assert "Staff survey" not in manager.get("/surveys/answering").get_data(as_text=True)
    assert _poster(manager, area, "north").status_code == 404


def test_the_response_rates_page_needs_no_more_queries_for_more_rounds(make, manager, count_queries, area):
    def counted() -> int:
        with count_queries() as counter:
            assert manager.get("/surveys/answering").status_code == 200
        return counter.count

    one_round = counted()
    for number in range(3):
        pulse = make.survey_round(area["top"], title=f"Pulse {number}")
        pulse.published_on = pulse.published_on or TODAY
        make.responses(pulse, area["north"], results_answers(3), count=2)
    assert counted() == one_round


def test_the_results_page_of_an_open_round_leads_to_the_response_rates(manager, area):
    page = manager.get(f"/results/{area['survey'].id}").get_data(as_text=True)
    assert "/surveys/answering" in page


def test_hrs_round_page_gives_each_linked_workplace_its_short_code_to_read_out(hr, area):
    from survey_app.surveys.short_codes import grouped

    page = hr.get(f"/surveys/{area['survey'].id}").get_data(as_text=True)
    for ru in area["survey"].units:
        if ru.unit_id in (area["north"].id, area["south"].id):
            assert grouped(ru.short_code) in page
