"""Someone who reads the database cannot pair a response with the code or draft it came from, nor with the order or
time it arrived in: no shared value, no shared transaction id, no storage order, no time of day.

Thirty people answer in a known order, alternately through a personal code and the unit's link. Response ids are
normally random; here they are fixed so that the order of ids is a known shuffle of the order of arrival. Storage
must then follow exactly that shuffle: the check cannot pass by luck (a storage order that follows arrival, or its
reverse, fails it every time) and cannot flake (nothing in it is random).
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import inspect, text

from survey_app.db import db
from survey_app.privacy.commands import purge_command
from survey_app.surveys import codes as code_hashing
from survey_app.surveys.services import create_codes
from tests.survey_app.respond.helpers import answer, draft_id, start

PEOPLE = 30
#: The rank of each arrival's response id: a fixed shuffle, neither the order of arrival nor its reverse.
ID_RANKS = random.Random(20260311).sample(range(PEOPLE), PEOPLE)


@dataclass
class Arrival:
    response_id: str
    draft_id: str
    code: str | None = None
    code_xmin: str | None = None


@pytest.fixture
def survey(make):
    return make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=40))


@pytest.fixture
def arrivals(app, survey, monkeypatch) -> list[Arrival]:
    """Thirty responses, one after the other, odd arrivals with a code and even ones through the link."""
    ids = [f"{rank:032d}" for rank in ID_RANKS]
    given = iter(ids)
    fixed = SimpleNamespace(token_hex=lambda _n: next(given), token_urlsafe=secrets.token_urlsafe)
    monkeypatch.setattr("survey_app.respond.services.secrets", fixed)
    round_unit = survey.units[0]
    personal = create_codes(None, round_unit, PEOPLE // 2, app.config["SECRET_KEY"], survey.opens_on)
    found = []
    for number, response_id in enumerate(ids):
        code = personal[number // 2] if number % 2 else None
        draft = _answer(app, round_unit.link_token, code, value=number % 5 + 1)
        found.append(Arrival(response_id, draft, code, _code_xmin(app, code) if code else None))
    assert _stored_ids() == set(ids)
    return found


def _answer(app, token: str, code: str | None, value: int) -> str:
    client = app.test_client()
    if code is None:
        draft = start(client, token)
    else:
        entered = client.post("/s/code?lang=sv", data={"code": code})
        draft = draft_id(client.get(entered.location).get_data(as_text=True))
    answer(client, token, 1, draft, {"hme.hme1": str(value)})
    sent = answer(client, token, 2, draft, {"work_ability.work_ability": str(value)}, action="submit")
    assert "/done" in sent.location
    return draft


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _code_xmin(app, code: str) -> str | None:
    if not _postgres():
        return None
    digest = code_hashing.code_hash(app.config["SECRET_KEY"], code)
    return db.session.scalar(text("SELECT xmin::text FROM survey_access_codes WHERE code_hash = :h"), {"h": digest})


def _stored_ids() -> set[str]:
    return set(db.session.scalars(text("SELECT id FROM survey_responses")))


def _rows(table: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608 - our names


def _seal(app) -> None:
    """The nightly job as cron runs it."""
    result = app.test_cli_runner().invoke(purge_command, ["--json"])
    assert result.exit_code == 0, result.output


def test_no_response_or_answer_holds_a_code_a_code_hash_or_a_draft_id(app, arrivals):
    hashes = [code_hashing.code_hash(app.config["SECRET_KEY"], a.code) for a in arrivals if a.code]
    plain = [a.code for a in arrivals if a.code] + [a.code.replace("-", "") for a in arrivals if a.code]
    needles = [needle.lower() for needle in [*plain, *hashes, *(a.draft_id for a in arrivals)]]
    assert len(needles) == PEOPLE // 2 * 3 + PEOPLE
    rows = _rows("survey_responses") + _rows("survey_answers")
    assert len(rows) == PEOPLE * 3  # a response and its two answers each
    for row in rows:
        for value in row:
            assert not any(needle in str(value).lower() for needle in needles), row


def test_a_response_keeps_the_day_and_nothing_finer(app, arrivals):
    schema = inspect(db.session.connection())
    columns = {c["name"]: str(c["type"]).upper() for c in schema.get_columns("survey_responses")}
    assert columns == {
        "id": "VARCHAR(32)",
        "round_id": "INTEGER",
        "unit_id": "INTEGER",
        "submitted_on": "DATE",
        "held": "BOOLEAN",  # held out of results (issue 19, finding 2): says nothing of who or when
    }
    for table in ("survey_responses", "survey_answers"):
        kinds = {str(c["type"]).upper() for c in schema.get_columns(table)}
        assert not any("TIME" in kind for kind in kinds), (table, kinds)
    if _postgres():
        stored = db.session.scalars(text("SELECT DISTINCT pg_typeof(submitted_on)::text FROM survey_responses"))
        assert set(stored) == {"date"}
    else:
        stored = db.session.scalars(text("SELECT DISTINCT submitted_on FROM survey_responses")).all()
        assert len(stored) == 1 and len(stored[0]) == len("2026-03-11")  # the raw text: a date, no time


@pytest.mark.backend("postgresql")  # xmin is PostgreSQL's: SQLite keeps no transaction id on a row
def test_a_code_and_the_response_it_let_in_never_share_a_transaction(app, arrivals):
    by_code = [a for a in arrivals if a.code]
    xmin = dict(db.session.execute(text("SELECT id, xmin::text FROM survey_responses")).all())
    for arrival in by_code:
        assert arrival.code_xmin is not None and xmin[arrival.response_id] != arrival.code_xmin
    assert not set(xmin.values()) & {a.code_xmin for a in by_code}
    _seal(app)
    sealed = set(db.session.scalars(text("SELECT DISTINCT xmin::text FROM survey_responses")))
    sealed_answers = set(db.session.scalars(text("SELECT DISTINCT xmin::text FROM survey_answers")))
    assert len(sealed) == 1 and sealed == sealed_answers  # one transaction for all: xmin orders nothing any more
    codes_now = set(db.session.scalars(text("SELECT xmin::text FROM survey_access_codes WHERE used")))
    assert codes_now == sealed  # the codes, too: no claim's transaction id is left to follow


def _storage_order(table: str, column: str) -> list[str]:
    """The rows in the order the database keeps them: PostgreSQL's physical position (ctid); SQLite's table b-tree,
    read without any index (a WITHOUT ROWID table is its primary-key b-tree)."""
    if _postgres():
        return list(db.session.scalars(text(f"SELECT {column} FROM {table} ORDER BY ctid")))  # noqa: S608
    return list(db.session.scalars(text(f"SELECT {column} FROM {table} NOT INDEXED")))  # noqa: S608


@pytest.mark.commits  # the seal ends by emptying SQLite's write-ahead log, which needs no transaction open
def test_stored_responses_follow_their_random_ids_not_the_order_they_arrived_in(app, arrivals):
    _seal(app)
    arrived = [a.response_id for a in arrivals]
    by_id = sorted(arrived)
    assert by_id != arrived and by_id != arrived[::-1]  # the shuffle is neither: a storage order that follows
    assert _storage_order("survey_responses", "id") == by_id  # arrival (or its reverse) cannot pass
    answers = _storage_order("survey_answers", "response_id")
    assert list(dict.fromkeys(answers)) == by_id


@pytest.mark.backend("sqlite")
def test_on_sqlite_the_response_tables_have_no_rowid(app, arrivals):
    for table in ("survey_responses", "survey_answers", "survey_drafts"):
        sql = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table})
        assert "WITHOUT ROWID" in sql.upper(), table
        with pytest.raises(Exception, match="rowid"):
            db.session.execute(text(f"SELECT rowid FROM {table}"))  # noqa: S608 - the names above
        db.session.rollback()


@pytest.mark.backend("sqlite")  # PostgreSQL's files are the server's
@pytest.mark.commits  # what is read is the database file: only committed pages reach it
def test_on_sqlite_a_submitted_draft_leaves_no_trace_in_the_database_file(app, arrivals):
    """A deleted row stays in the file's free space unless SQLite overwrites it (secure_delete): a deleted draft
    would pair a code's hash with answers that match a response, in the file and in every backup copied from it."""
    db.session.commit()
    db.session.close()
    raw = db.engine.raw_connection()
    try:  # outside any transaction: copy the write-ahead log into the file and empty it
        busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    assert busy == 0
    content = Path(db.engine.url.database).read_bytes()
    assert round_trip_marker(content)
    for arrival in arrivals:
        assert arrival.draft_id.encode() not in content, "a deleted draft is still readable in the file"


def test_every_sqlite_connection_overwrites_what_it_deletes_whatever_the_build_default():
    """SQLite's own default is off (Debian's build turns it on): the app must not depend on the build."""
    from survey_app.db import _configure_sqlite

    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA secure_delete=OFF")
        _configure_sqlite(connection, None)
        assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    finally:
        connection.close()


def round_trip_marker(content: bytes) -> bool:
    """The file does hold the stored responses (so that the check above reads the right file)."""
    return f"{ID_RANKS[0]:032d}".encode() in content


_INSERT = text("INSERT INTO survey_responses (id, round_id, unit_id, submitted_on) VALUES (:id, :r, :u, :d)")


def _stored_before_the_seal(survey) -> dict:
    row = {"r": survey.id, "u": survey.units[0].unit_id, "d": survey.opens_on}
    for number in range(3):  # three transactions: three xmins
        db.session.execute(_INSERT, {**row, "id": f"{number:032d}"})
        db.session.commit()
    return row


def _until_someone_waits_for_a_lock(engine) -> None:
    waiting = text("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation'")
    for _ in range(500):
        with engine.connect() as watcher:
            if watcher.execute(waiting).scalar():
                return
        time.sleep(0.01)
    raise AssertionError("nobody waited for a lock")


@pytest.mark.backend("postgresql")  # the seal rewrites tables on PostgreSQL only
@pytest.mark.commits  # a respondent's transaction of its own runs on another thread while the seal's is open
def test_a_response_sent_while_the_seal_runs_waits_for_it_and_is_neither_lost_nor_doubled(app, survey):
    from sqlalchemy import event

    from survey_app.privacy.sealing import seal_responses

    engine, row = db.engine, _stored_before_the_seal(survey)

    def answer_alone() -> None:
        with engine.begin() as other:
            other.execute(_INSERT, {**row, "id": "9" * 32})

    late = threading.Thread(target=answer_alone)

    def someone_answers(_connection, _cursor, statement, *_):
        if statement.startswith("LOCK TABLE"):  # the seal holds the tables: the respondent must wait
            late.start()
            _until_someone_waits_for_a_lock(engine)

    event.listen(engine, "after_cursor_execute", someone_answers)
    try:
        assert seal_responses() == 3
    finally:
        event.remove(engine, "after_cursor_execute", someone_answers)
    late.join(timeout=30)
    stored = dict(db.session.execute(text("SELECT id, xmin::text FROM survey_responses")).all())
    assert sorted(stored) == [f"{number:032d}" for number in range(3)] + ["9" * 32]
    assert len({stored[f"{number:032d}"] for number in range(3)}) == 1 != len(set(stored.values()))  # sent after


@pytest.mark.backend("postgresql")
@pytest.mark.commits  # the respondent's transaction is open on another thread when the seal begins
def test_the_seal_waits_for_a_response_being_stored_and_seals_it_too(app, survey):
    from survey_app.privacy.sealing import seal_responses

    engine, row = db.engine, _stored_before_the_seal(survey)
    begun, release = threading.Event(), threading.Event()

    def answer_slowly() -> None:
        with engine.begin() as other:
            other.execute(_INSERT, {**row, "id": "9" * 32})
            begun.set()
            release.wait(timeout=30)

    respondent = threading.Thread(target=answer_slowly)
    respondent.start()
    begun.wait(timeout=30)
    threading.Thread(target=lambda: (_until_someone_waits_for_a_lock(engine), release.set())).start()
    assert seal_responses() == 4  # it waited for the transaction under way and sealed its response too
    respondent.join(timeout=30)
    assert len(set(db.session.scalars(text("SELECT xmin::text FROM survey_responses")))) == 1
