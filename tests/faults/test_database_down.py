"""The database fails under a respondent's Send: a page that needs no database keeps every answer and sends it
again on "Try again"; nothing is half-written, and the retry stores exactly one response.

Two real faults, no mocks: on PostgreSQL the database stops accepting connections and every open one is cut
(`ALTER DATABASE … ALLOW_CONNECTIONS false` + `pg_terminate_backend`); on SQLite the disk is full (the file may not
grow: `PRAGMA max_page_count` on every connection, after a filler has taken the last free pages).
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict

from survey_app.db import db
from survey_app.models import ResponseDraft, SurveyResponse
from survey_app.respond import services

# Real faults on real connections: nothing may be hidden in a transaction the test holds open.
pytestmark = pytest.mark.commits

ANSWERS = {"hme.hme1": "4", "hme.hme2": "5", "hme.hme3": "2"}


def _respondent(app, make):
    """A respondent on the last page (the organisation's own free-text question), about to press Send."""
    unit = make.unit("Äldreboendet Linden", code="SB-1", headcount=20)
    survey = make.survey_round(unit, sections=("hme/motivation",), own_questions="Vad vill du berätta?")
    round_unit = survey.units[0]
    draft = services.start_draft(round_unit, "sv", survey.opens_on)
    pages = services.questionnaire(round_unit)
    draft.answers = {key: int(value) for key, value in ANSWERS.items()}
    # A long answer (it needs new pages in the database file) with what a person may type: it must come back as is.
    sent = {"draft": draft.id, "action": "submit", pages[-1].questions[0].key: 'Tack & "hej" <b>' + "😀" * 1950}
    path = f"/s/{round_unit.link_token}/p/{len(pages)}"
    db.session.commit()
    client = app.test_client()
    client.set_cookie(f"omtanke_answer_{round_unit.id}", sent["draft"], path="/s/")
    return client, path, sent


def _kept_fields(page: str) -> tuple[str, list[tuple[str, str]]]:
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return action, [(html.unescape(name), html.unescape(value)) for name, value in fields]


def _responses() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def _assert_retry_page_keeps(response, sent: dict) -> tuple[str, list[tuple[str, str]]]:
    assert response.status_code == 503 and response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert "Try again" in page or "Försök igen" in page
    action, fields = _kept_fields(page)
    assert dict(fields) == sent
    return action, fields


@pytest.mark.backend("postgresql")
def test_postgres_going_away_during_send_keeps_the_answers_for_one_retry(app, make):
    client, path, sent = _respondent(app, make)
    name = db.engine.url.database
    admin = create_engine(db.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    db.session.close()
    try:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
        action, fields = _assert_retry_page_keeps(client.post(path, data=sent), sent)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    db.engine.dispose()  # the test's own pooled connections were cut too
    assert _responses() == 0
    assert client.post(action, data=MultiDict(fields)).status_code == 302
    # A second press finds the answers already sent.
    assert client.post(action, data=MultiDict(fields)).status_code == 302
    assert _responses() == 1
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0


@pytest.mark.backend("sqlite")
def test_a_full_disk_during_send_keeps_the_answers_and_the_database_intact(app, make):
    client, path, sent = _respondent(app, make)
    cap: dict[str, int | None] = {"pages": None}

    @event.listens_for(db.engine, "connect")
    def no_room(dbapi_connection, _record) -> None:
        if cap["pages"]:
            dbapi_connection.execute(f"PRAGMA max_page_count = {cap['pages']}")

    try:
        db.session.execute(text("CREATE TABLE IF NOT EXISTS fault_filler (x BLOB)"))
        db.session.commit()
        db.engine.dispose()
        cap["pages"] = db.session.execute(text("PRAGMA page_count")).scalar() + 1
        db.session.close()
        db.engine.dispose()
        for size in (2000, 200, 20, 1):  # take every free page, then every free byte of the last pages
            with pytest.raises(OperationalError, match="full"):
                for _ in range(10_000):
                    db.session.execute(text("INSERT INTO fault_filler VALUES (randomblob(:n))"), {"n": size})
                    db.session.commit()
            db.session.rollback()
        action, fields = _assert_retry_page_keeps(client.post(path, data=sent), sent)
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert _responses() == 0
    finally:
        cap["pages"] = None
        db.session.rollback()
        db.session.close()
        db.engine.dispose()
        event.remove(db.engine, "connect", no_room)
        db.session.execute(text("DROP TABLE IF EXISTS fault_filler"))
        db.session.commit()
    assert client.post(action, data=MultiDict(fields)).status_code == 302
    assert _responses() == 1
