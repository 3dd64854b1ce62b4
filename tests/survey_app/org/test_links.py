"""A unit's page links to the unit's results, action plan, absence figures and interviews, each only for a reader
whose role and scope open it: every link on the page answers 200 to that reader."""

from __future__ import annotations

import re

import pytest

from survey_app.models import UnitAssignment
from tests.clock import TODAY
from tests.factories import RESULTS_SECTIONS, results_answers


@pytest.fixture
def unit_world(make):
    """Hemtjänst with Norr and Söder; a closed round they answered and an open one; a case for Norr; two interview
    rounds for Norr, one released; HR, an administrator, the area's manager, Norr's own manager, occupational
    health invited to the area, and occupational health interviewing in the unreleased round."""
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    south = make.unit("Hemtjänst Söder", parent=area, code="HT-2", headcount=12)
    closed = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    make.responses(closed, north, results_answers(4), count=10)
    make.responses(closed, south, results_answers(2), count=8)
    still_open = make.survey_round(None, sections=RESULTS_SECTIONS, title="Pulsen")
    case = make.case(north)
    released = make.interview(north, title="Släppt omgång", released_on=TODAY)
    interviewer = make.user("ohs")
    unreleased = make.interview(north, sessions=[{"interviewer_id": interviewer.id}], title="Pågående omgång")
    ohs = make.user("ohs")
    ohs.assignments = [UnitAssignment(unit=area)]
    make.session.commit()
    return {
        "area": area,
        "north": north,
        "closed": closed,
        "open": still_open,
        "case": case,
        "released": released,
        "unreleased": unreleased,
        "hr": make.user("hr"),
        "admin": make.user("admin"),
        "manager": make.user("manager", units=(area,)),
        "own_manager": make.user("manager", units=(north,)),
        "ohs": ohs,
        "interviewer": interviewer,
    }


def follow_up_links(page: str) -> list[str]:
    """The hrefs in the unit page's follow-up section, in order."""
    section = re.search(r'<section class="unit-links".*?</section>', page, flags=re.S)
    assert section, "the unit page has its follow-up section"
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', section.group(0))]


EXPECTED = {
    # role: (results, case, new case, absence, interview pages by round)
    "hr": ("report", True, False, True, {"released": "round", "unreleased": "round"}),
    "admin": ("report", True, False, True, {}),
    "manager": ("report", True, False, True, {"released": "presentation"}),
    "own_manager": ("report", True, False, True, {"released": "presentation"}),
    "ohs": ("report", True, False, False, {"released": "presentation"}),
    "interviewer": ("report", True, False, False, {"released": "presentation", "unreleased": "round"}),
}


@pytest.mark.parametrize("reader", list(EXPECTED))
def test_the_unit_page_links_to_what_the_reader_may_open_and_every_link_opens(
    app, client, login, make, unit_world, reader
):
    world = unit_world
    user, north = world[reader], world["north"]
    if reader == "interviewer":  # occupational health sees the unit once invited; it interviews in one round only
        user.assignments = [UnitAssignment(unit=north)]
        make.session.commit()
    login(client, user)
    response = client.get(f"/units/{north.id}")
    assert response.status_code == 200
    links = follow_up_links(response.get_data(as_text=True))
    results, case, new_case, absence, interviews = EXPECTED[reader]

    report = f"/results/{world['closed'].id}/units/{north.id}"
    assert (report in links) == (results == "report")
    assert not any(f"/results/{world['open'].id}/" in link for link in links)  # an open round has no figures yet
    assert (f"/plans/{world['case'].id}" in links) == case
    assert any(link.startswith("/plans/new") for link in links) == new_case
    assert ("/absence/" in links) == absence
    for name in ("released", "unreleased"):
        round_id = world[name].id
        shown = {
            "round": f"/interviews/{round_id}" in links,
            "presentation": f"/interviews/{round_id}/presentation" in links,
        }
        expected = interviews.get(name)
        assert shown == {"round": expected == "round", "presentation": expected == "presentation"}, name

    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize(("reader", "linked"), [("own_manager", False), ("manager", True), ("hr", True)])
def test_the_unit_above_is_a_link_only_for_a_reader_who_may_open_it(app, client, login, unit_world, reader, linked):
    world = unit_world
    login(client, world[reader])
    page = client.get(f"/units/{world['north'].id}").get_data(as_text=True)
    assert "Hemtjänst" in re.search(r"Part of</dt><dd>(.*?)</dd>", page).group(1)
    assert (f'href="/units/{world["area"].id}"' in page) == linked
    assert client.get(f"/units/{world['area'].id}").status_code == (200 if linked else 404)


def test_hr_is_offered_a_new_case_for_a_unit_without_an_active_one(app, client, login, make, unit_world):
    world = unit_world
    login(client, world["hr"])
    links = follow_up_links(client.get(f"/units/{world['area'].id}").get_data(as_text=True))
    assert "/plans/new?unit=HT" in links
    assert client.get("/plans/new?unit=HT").status_code == 200
    # the area has figures of its own in the closed round: its workplaces took part
    assert f"/results/{world['closed'].id}/units/{world['area'].id}" in links


def test_a_unit_created_after_the_round_closed_has_no_results_link(app, client, login, make, unit_world):
    world = unit_world
    late = make.unit("Hemtjänst Väst", parent=world["area"], code="HT-9")
    login(client, world["hr"])
    links = follow_up_links(client.get(f"/units/{late.id}").get_data(as_text=True))
    assert not any(link.startswith("/results/") and "/units/" in link for link in links)
    assert all(client.get(link).status_code == 200 for link in links)
