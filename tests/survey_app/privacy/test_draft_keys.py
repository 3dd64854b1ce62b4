"""A database reader with HR's list of who got which code (and the secret key) cannot find a person's saved answers:
no column of a code draft holds a value derived from the code alone (issue 19, findings 4 and 5)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy import inspect, select, text

from survey_app.db import db
from survey_app.models import AccessCode
from survey_app.surveys import codes as code_rules
from survey_app.surveys.services import create_codes
from tests.survey_app.respond.helpers import answer, draft_id


@pytest.fixture
def survey(make):
    return make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=30))


def _save_with_phrase(app, token: str, code: str, phrase: str) -> None:
    phone = app.test_client()
    draft = draft_id(phone.get(phone.post("/s/code", data={"code": code}).location).get_data(as_text=True))
    answer(phone, token, 1, draft, {"hme.hme1": "2"}, action="save")
    assert phone.post(f"/s/{token}/saved", data={"phrase": phrase}).status_code == 200


def _drafts() -> list[dict]:
    return [dict(row._mapping) for row in db.session.execute(text("SELECT * FROM survey_drafts"))]


def _derived_from_code_alone(secret: str, code: str, salt: str) -> list[str]:
    """What anyone holding the code, the secret key and the code's row can compute without the phrase."""
    digest = code_rules.code_hash(secret, code)
    seed = hmac.new(secret.encode(), f"omtanke-resume:{digest}:{salt}".encode(), hashlib.sha256)
    plain = [code, code_rules.normalise(code), digest, seed.hexdigest(), hashlib.sha256(digest.encode()).hexdigest()]
    return [value.lower() for value in plain] + [digest[:16], seed.hexdigest()[:16]]


def test_no_column_of_a_saved_code_draft_holds_a_value_derived_from_the_code_alone(app, survey):
    token, secret = survey.units[0].link_token, app.config["SECRET_KEY"]
    given = create_codes(None, survey.units[0], 2, secret, survey.opens_on)
    for code, phrase in zip(given, ("blue kettle at noon", "green door at dusk"), strict=True):
        _save_with_phrase(app, token, code, phrase)
    assert "code_hash" not in {
        column["name"] for column in inspect(db.session.connection()).get_columns("survey_drafts")
    }
    rows = _drafts()
    assert len(rows) == 2 and all(row["answers"] for row in rows)
    for code in given:
        salt = db.session.scalar(
            select(AccessCode.draft_salt).where(AccessCode.code_hash == code_rules.code_hash(secret, code))
        )
        needles = _derived_from_code_alone(secret, code, salt)
        for row in rows:
            for column, value in row.items():
                assert not any(needle in str(value).lower() for needle in needles), (column, value)


def test_the_key_a_draft_is_found_by_changes_with_the_phrase(app, survey):
    token, secret = survey.units[0].link_token, app.config["SECRET_KEY"]
    code = create_codes(None, survey.units[0], 1, secret, survey.opens_on)[0]
    phone = app.test_client()
    draft = draft_id(phone.get(phone.post("/s/code", data={"code": code}).location).get_data(as_text=True))
    answer(phone, token, 1, draft, {"hme.hme1": "2"}, action="save")
    keys = []
    for phrase in ("blue kettle at noon", "green door at dusk"):
        phone.post(f"/s/{token}/saved", data={"phrase": phrase})
        keys.append(db.session.scalar(text("SELECT resume_key FROM survey_drafts")))
    assert keys[0] and keys[1] and keys[0] != keys[1]
