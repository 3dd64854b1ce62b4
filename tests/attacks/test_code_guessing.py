"""Guessing answer codes is slowed per address, forged X-Forwarded-For headers do not get around it, and a whole
workplace behind one address still gets in with its own codes."""

from __future__ import annotations

import pytest

from survey_app.surveys.services import create_codes


@pytest.fixture
def survey(make):
    return make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=300))


def _enter(client, code: str, address: str = "192.0.2.10", forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/s/code", data={"code": code}, environ_base={"REMOTE_ADDR": address}, headers=headers)


@pytest.mark.attack
def test_guessing_from_one_address_is_stopped_even_with_forged_forwarded_for(app, client, survey):
    app.config["OMTANKE_CODE_LIMIT"] = "10 per minute"
    statuses = [_enter(client, f"AAAA-BBBB-CC{n:02d}", forwarded=f"203.0.113.{n}").status_code for n in range(12)]
    assert statuses[:10] == [422] * 10 and statuses[10:] == [429, 429]
    valid = create_codes(None, survey.units[0], 1, app.config["SECRET_KEY"], survey.opens_on)[0]
    assert _enter(client, valid, address="192.0.2.11").status_code == 302  # another address is not affected


@pytest.mark.attack
def test_a_workplace_behind_one_address_all_get_in_with_their_own_codes(app, survey):
    app.config["OMTANKE_CODE_LIMIT"] = "10 per minute"
    codes = create_codes(None, survey.units[0], 40, app.config["SECRET_KEY"], survey.opens_on)
    for number, code in enumerate(codes):
        if number % 10 == 0:  # a typo now and then: the last character mistyped
            typo = code[:-1] + ("9" if code[-1] != "9" else "8")
            assert _enter(app.test_client(), typo).status_code == 422
        assert _enter(app.test_client(), code).status_code == 302, number
