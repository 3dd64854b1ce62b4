"""A question page reads the database once (issue 25): the link, its round and this browser's draft come in one
statement, also for a browser that holds drafts of other workplaces' surveys, and saving the page's answers adds
one write. Each read used to be a round trip of its own, and under load the round trips were most of a page's
cost."""

from __future__ import annotations

from tests.survey_app.respond.helpers import answer, draft_id, start


def test_a_question_page_is_one_read_and_its_answers_one_more_write(client, make, count_queries):
    ours = make.survey_round(make.unit("Förskolan Solrosen", headcount=18)).units[0].link_token
    theirs = make.survey_round(make.unit("Skolköket Väster", headcount=12)).units[0].link_token
    started_there = start(client, theirs)  # this phone also has answers begun at another workplace
    draft = start(client, ours)
    with count_queries() as reads:
        page = client.get(f"/s/{ours}/p/1")
    assert page.status_code == 200 and reads.count == 1
    assert draft_id(page.get_data(as_text=True)) == draft != started_there  # its own draft, not the other one
    with count_queries() as statements:
        saved = answer(client, ours, 1, draft, {"hme.hme1": "4", "hme.hme2": "4", "hme.hme3": "3"})
    assert saved.location.endswith("/p/2") and statements.count == 2
    assert draft_id(client.get(f"/s/{theirs}/p/1").get_data(as_text=True)) == started_there
