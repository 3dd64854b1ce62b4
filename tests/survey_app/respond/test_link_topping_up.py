"""Issue 19, finding 2: whoever holds a workplace's poster cannot top it up past the threshold with answers they know.

Two colleagues have answered; the threshold is five. The attacker sends three answers they know through the link,
within minutes, with fresh cookies from one address (or from one browser whose address changes). Were all three
counted, the closed round would show the workplace, and subtracting the three known answers would give the two real
ones. Held answers are kept and counted for HR, never in results.
"""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.db import db
from survey_app.extensions import limiter
from survey_app.models import SurveyResponse
from survey_app.respond import links
from survey_app.results.services import closed_round_results
from survey_app.surveys.services import create_codes
from tests.clock import TODAY
from tests.survey_app.respond.helpers import KNOWN, REAL, answer, close, draft_id, send_by_link


@pytest.fixture
def workplace(make):
    unit = make.unit("Nattpatrullen", code="HT-NP", headcount=20)
    return unit, make.survey_round(unit, sections=("hme/motivation",), threshold=5)


def _shown(survey, unit) -> bool:
    return not closed_round_results(survey, TODAY).units[unit.id].suppressed


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def test_known_answers_from_one_address_with_fresh_cookies_do_not_reveal_the_real_ones(app, workplace):
    unit, survey = workplace
    token = survey.units[0].link_token
    for number, real in enumerate(REAL, start=1):
        send_by_link(app.test_client(), token, real, address=f"10.1.0.{number}")
    for _ in range(3):
        send_by_link(app.test_client(), token, KNOWN, address="10.9.9.9")  # a fresh cookie jar each time
    close(survey)
    assert _stored() == 5  # nothing is lost: the held answers are stored
    assert not _shown(survey, unit)


def test_known_answers_from_one_browser_with_changing_addresses_do_not_reveal_the_real_ones(app, workplace):
    unit, survey = workplace
    token = survey.units[0].link_token
    for number, real in enumerate(REAL, start=1):
        send_by_link(app.test_client(), token, real, address=f"10.1.0.{number}")
    browser = app.test_client()
    for number in range(3):
        send_by_link(browser, token, KNOWN, address=f"172.16.0.{number + 1}")
    close(survey)
    assert _stored() == 5
    assert not _shown(survey, unit)


def test_colleagues_answering_from_their_own_phones_all_count(app, workplace):
    unit, survey = workplace
    token = survey.units[0].link_token
    for number in range(5):
        send_by_link(app.test_client(), token, REAL[number % 2], address=f"10.1.0.{number + 1}")
    close(survey)
    assert _shown(survey, unit)
    assert closed_round_results(survey, TODAY).units[unit.id].responses == 5


def _held() -> int:
    return db.session.scalar(select(func.count()).where(SurveyResponse.held))


def test_a_small_workplace_answers_with_codes_only_and_its_link_says_so(app, make):
    unit = make.unit("Nattpatrullen", code="HT-NP", headcount=9)  # under 2 × the threshold of 5
    survey = make.survey_round(unit, sections=("hme/motivation",), threshold=5, languages=("sv", "fi", "en"))
    token = survey.units[0].link_token
    client = app.test_client()
    landing = client.get(f"/s/{token}?lang=sv")
    page = landing.get_data(as_text=True)
    assert landing.status_code == 403 and '<html lang="sv">' in page and "/s/code?lang=sv" in page
    english = client.get(f"/s/{token}?lang=en").get_data(as_text=True)
    assert "Your workplace answers this survey with a personal code." in english
    assert client.post(f"/s/{token}/start", data={"lang": "fi"}).status_code == 403
    assert _stored() == 0

    code = create_codes(None, survey.units[0], 1, app.config["SECRET_KEY"], TODAY)[0]
    first_page = client.post("/s/code?lang=sv", data={"code": code}, follow_redirects=True)
    assert first_page.status_code == 200
    sent = answer(client, token, 1, draft_id(first_page.get_data(as_text=True)), KNOWN, action="submit")
    assert "/done" in sent.location and _stored() == 1 and _held() == 0


def test_the_factor_is_a_setting(app, make):
    app.config["OMTANKE_LINK_MIN_HEADCOUNT_FACTOR"] = 1
    unit = make.unit("Nattpatrullen", code="HT-NP", headcount=5)
    survey = make.survey_round(unit, sections=("hme/motivation",), threshold=5)
    assert app.test_client().get(f"/s/{survey.units[0].link_token}").status_code == 200


def test_a_workplace_never_counts_more_link_answers_than_its_headcount(app, make):
    unit = make.unit("Förskolan Lärkan", code="BUF-L", headcount=10)
    survey = make.survey_round(unit, sections=("hme/motivation",), threshold=5)
    token = survey.units[0].link_token
    for number in range(12):
        send_by_link(app.test_client(), token, KNOWN, address=f"10.2.0.{number + 1}")
    assert _stored() == 12 and _held() == 2
    assert survey.units[0].link_answers == 10


def test_the_burst_counters_hold_no_address_browser_id_or_workplace_in_clear(app, workplace):
    _, survey = workplace
    token = survey.units[0].link_token
    browser = app.test_client()
    send_by_link(browser, token, KNOWN, address="10.9.9.9")
    browser_id = browser.get_cookie(links.BROWSER_COOKIE, path="/s/").value
    keys = [key for key in limiter.storage.storage if "link-burst" in key]
    assert len(keys) == 2  # one for the browser, one for the address
    # Nothing but a keyed hash: no address, browser id, link token or workplace id can be read from a key.
    assert all(re.fullmatch(r"omtanke:link-burst:[0-9a-f]{64}", key) for key in keys), keys
    assert not any(value in key for key in keys for value in ("10.9.9.9", browser_id, token))
    minutes = app.config["OMTANKE_LINK_BURST_MINUTES"]
    assert all(0 < limiter.storage.get_expiry(key) - time.time() <= minutes * 60 for key in keys)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OMTANKE_LINK_MIN_HEADCOUNT_FACTOR", "-1"),
        ("OMTANKE_LINK_MIN_HEADCOUNT_FACTOR", "2,5"),
        ("OMTANKE_LINK_BURST_MINUTES", "an hour"),
        ("OMTANKE_LINK_BURST_MINUTES", "nan"),
    ],
)
def test_a_link_setting_that_is_not_a_number_stops_the_start(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name} must be 0 or a positive number"):
        create_app({"TESTING": True})


@pytest.mark.redis
def test_with_redis_every_process_sees_the_burst_and_redis_holds_only_hashes_that_expire(app, workplace, redis_url):
    import redis
    from limits.storage import RedisStorage

    _, survey = workplace
    token = survey.units[0].link_token
    processes = [RedisStorage(redis_url), RedisStorage(redis_url)]  # two gunicorn workers' limiters
    for storage in processes:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(limiter, "_storage", storage)
            send_by_link(app.test_client(), token, KNOWN, address="10.9.9.9")
    assert _held() == 1
    server = redis.Redis.from_url(redis_url)
    keys = [key.decode() for key in server.keys("*link-burst*")]
    assert len(keys) == 3  # two browsers, one address
    assert all(re.fullmatch(r"(LIMITS:)?omtanke:link-burst:[0-9a-f]{64}", key) for key in keys), keys
    assert all(0 < server.ttl(key) <= app.config["OMTANKE_LINK_BURST_MINUTES"] * 60 for key in keys)


def test_a_burst_store_that_is_down_loses_no_answer(app, workplace, monkeypatch, caplog):
    from limits.storage import RedisStorage

    _, survey = workplace
    monkeypatch.setattr(limiter, "_storage", RedisStorage("redis://127.0.0.1:1/0"))
    send_by_link(app.test_client(), survey.units[0].link_token, KNOWN, address="10.9.9.9")
    assert _stored() == 1 and "link burst storage unavailable" in caplog.text


@pytest.mark.commits  # respondents on threads of their own: each sees what the others committed
def test_racing_link_answers_never_count_past_the_headcount(app, make):
    from concurrent.futures import ThreadPoolExecutor

    from survey_app.models import ResponseDraft
    from survey_app.respond import services

    unit = make.unit("Äldreboendet Linden", code="SB-1", headcount=30)
    survey = make.survey_round(unit, sections=("hme/motivation",), threshold=5)
    round_unit = survey.units[0]
    drafts = [services.start_draft(round_unit, "sv", survey.opens_on).id for _ in range(40)]
    for draft in drafts:
        db.session.get(ResponseDraft, draft).answers = {"hme.hme1": 4}
    token, cookie = round_unit.link_token, f"omtanke_answer_{round_unit.id}"
    db.session.commit()

    def send(numbered: tuple[int, str]) -> int:
        number, draft = numbered
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.3.{number // 200}.{number % 200 + 1}"
        client.set_cookie(cookie, draft, path="/s/")
        return client.post(f"/s/{token}/p/1", data={"draft": draft, "action": "submit"}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(send, enumerate(drafts)))
    assert set(statuses) == {302}
    assert _stored() == 40 and _held() == 10
    db.session.refresh(round_unit)
    assert round_unit.link_answers == 30
