"""Issue 19, finding 4: a reader of the database's own files pairs a code with the response it let in.

On PostgreSQL a code is claimed in one transaction and its response stored in the next, so their transaction ids are
consecutive; old row versions (the unused code, the deleted draft) stay in the table's pages with the ids of the
transactions that wrote and deleted them. On SQLite the write-ahead log holds the day's pages in the order they were
written. After the nightly seal neither may be left: every row of every table a respondent writes carries the seal's
one transaction id, no old version is left in any page, rows lie in the order of their random keys, and SQLite's
write-ahead log is empty. These tests read the pages themselves (PostgreSQL's pageinspect, SQLite's ``-wal`` file).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import event, text

from survey_app.db import db
from survey_app.privacy.commands import purge_command
from survey_app.privacy.sealing import SEALED
from survey_app.surveys.codes import code_hash
from survey_app.surveys.services import create_codes
from tests.survey_app.respond.helpers import answer, draft_id, start

#: Who comes in which order: a code (True) or the unit's link (False).
WITH_CODE = (True, False, True, True, False, True)


@dataclass
class Answered:
    arrived: list[str]  # response ids in the order they arrived
    by_code: dict[str, str]  # the code's hash → the id of the response it let in


def _answer(app, token: str, code: str | None) -> None:
    client = app.test_client()
    if code is None:
        draft = start(client, token)
    else:
        entered = client.post("/s/code?lang=sv", data={"code": code})
        draft = draft_id(client.get(entered.location).get_data(as_text=True))
    answer(client, token, 1, draft, {"hme.hme1": "4"})
    sent = answer(client, token, 2, draft, {"work_ability.work_ability": "7"}, action="submit")
    assert "/done" in sent.location


def _response_ids() -> set[str]:
    return set(db.session.scalars(text("SELECT id FROM survey_responses")))


def _respondents_answer(app, make) -> Answered:
    survey = make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=40))
    round_unit = survey.units[0]
    given = iter(create_codes(None, round_unit, 10, app.config["SECRET_KEY"], survey.opens_on))
    arrived, by_code = [], {}
    for with_code in WITH_CODE:
        code = next(given) if with_code else None
        _answer(app, round_unit.link_token, code)
        arrived += list(_response_ids() - set(arrived))
        if code:
            by_code[code_hash(app.config["SECRET_KEY"], code)] = arrived[-1]
    assert len(arrived) == len(WITH_CODE)
    return Answered(arrived, by_code)


def _seal(app) -> None:
    """The nightly job as cron runs it."""
    result = app.test_cli_runner().invoke(purge_command, ["--json"])
    assert result.exit_code == 0, result.output


def test_every_table_a_respondent_writes_is_sealed(app, make):
    """A table written while someone answers keeps traces of when; the seal must rewrite each one."""
    written: set[str] = set()

    def note(_connection, _cursor, statement: str, *_args) -> None:
        found = re.match(r"\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)", statement, re.IGNORECASE)
        if found:
            written.add(found.group(1))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        survey = make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=40))
        code = create_codes(None, survey.units[0], 1, app.config["SECRET_KEY"], survey.opens_on)[0]
        written.clear()  # what the respondents write, not what set the round up
        _answer(app, survey.units[0].link_token, code)
        _answer(app, survey.units[0].link_token, None)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert {"survey_access_codes", "survey_drafts", "survey_responses", "survey_answers"} <= written
    assert written <= set(SEALED)


_PAGE_ITEMS = text(
    "SELECT i.lp_flags, i.t_xmin::text, i.t_xmax::text "
    "FROM generate_series(0, pg_relation_size(CAST(:rel AS regclass)) / current_setting('block_size')::int - 1) "
    "AS p(page), heap_page_items(get_raw_page(CAST(:rel AS text), p.page::int)) AS i"
)
LP_NORMAL = 1


def _relations() -> list[str]:
    """The sealed tables and their TOAST tables (long texts and drafts' answers live there)."""
    toast = text("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = CAST(:t AS regclass)")
    return [*SEALED, *(db.session.scalar(toast, {"t": table}) for table in SEALED)]


def _page_items() -> dict[str, list[tuple]]:
    """Every line pointer of every page, live or dead, as PostgreSQL's files hold it."""
    return {rel: [tuple(row) for row in db.session.execute(_PAGE_ITEMS, {"rel": rel})] for rel in _relations()}


def _xmins(table: str, key: str) -> dict[str, int]:
    rows = db.session.execute(text(f"SELECT {key}, xmin::text FROM {table}"))  # noqa: S608 - our names
    return {value: int(xmin) for value, xmin in rows}


def _paired_by_transaction_ids() -> dict[str, str]:
    """The attack: each claimed code with the first response stored after its claim (other databases on the server
    take transaction ids too, so the response's is the next of this table, not always the claim's plus one)."""
    claims = _xmins("survey_access_codes", "code_hash")
    responses = sorted((xmin, response_id) for response_id, xmin in _xmins("survey_responses", "id").items())
    used = db.session.scalars(text("SELECT code_hash FROM survey_access_codes WHERE used"))
    return {code: next(rid for xmin, rid in responses if xmin > claims[code]) for code in used}


def _in_storage_order(table: str, column: str) -> list[str]:
    return list(db.session.scalars(text(f"SELECT {column} FROM {table} ORDER BY ctid")))  # noqa: S608


@pytest.mark.backend("postgresql")  # transaction ids on rows and pageinspect are PostgreSQL's
@pytest.mark.commits  # what is read is the table's pages: only real commits (and real deletions) reach them
def test_after_the_seal_no_page_pairs_a_code_with_its_response_or_keeps_an_order(app, make):
    db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    db.session.commit()
    answered = _respondents_answer(app, make)

    # Before the seal, as docs/security.md says: the claim's transaction id is followed by the response's.
    assert _paired_by_transaction_ids() == answered.by_code  # 4 of 4
    before = {xid for items in _page_items().values() for _flags, *xids in items for xid in xids if xid}

    _seal(app)
    pages = _page_items()
    items = [item for rel_items in pages.values() for item in rel_items]
    assert len(pages["survey_responses"]) == len(WITH_CODE)
    assert {flags for flags, _xmin, _xmax in items} == {LP_NORMAL}, "a dead or unused line pointer is left"
    sealed = {xmin for _flags, xmin, _xmax in items}
    assert len(sealed) == 1 and not sealed & before  # one transaction wrote every row, none of the day's
    # xmax: none, or the seal's own key-share lock on a workplace its codes and drafts refer to
    assert {xmax for _flags, _xmin, xmax in items} <= {"0", *sealed}
    assert _in_storage_order("survey_responses", "id") == sorted(answered.arrived)
    assert list(dict.fromkeys(_in_storage_order("survey_answers", "response_id"))) == sorted(answered.arrived)
    assert _in_storage_order("survey_access_codes", "code_hash") == sorted(_in_storage_order("survey_access_codes",
                                                                                             "code_hash"))  # fmt: skip


@pytest.mark.backend("postgresql")
@pytest.mark.commits
def test_a_night_without_answers_takes_no_lock_and_the_next_answer_is_sealed_again(app, make):
    from survey_app.privacy.sealing import needs_sealing, seal_responses

    answered = _respondents_answer(app, make)
    assert needs_sealing()
    _seal(app)
    sealed = set(_xmins("survey_responses", "id").values())
    assert not needs_sealing() and seal_responses() == 0
    assert set(_xmins("survey_responses", "id").values()) == sealed  # not rewritten: the rows are as the seal left them

    _answer(app, db.session.scalar(text("SELECT link_token FROM survey_round_units")), None)
    assert needs_sealing()
    assert seal_responses() == len(answered.arrived) + 1


def _wal(app) -> Path:
    return Path(f"{db.engine.url.database}-wal")


def _pages_in_log_index() -> set[int]:
    """The page numbers the log's index (``-shm``) lists: its first block's page array, after the 136-byte header."""
    index = Path(f"{db.engine.url.database}-shm").read_bytes()
    return set(struct.unpack_from("=4062I", index, 136)) - {0}


def _checkpoint() -> None:
    """Start from an empty write-ahead log, so that what it holds afterwards is this test's alone."""
    db.session.commit()
    db.session.close()
    raw = db.engine.raw_connection()
    try:
        assert raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    finally:
        raw.close()


@pytest.mark.backend("sqlite")  # PostgreSQL's WAL is the server's: docs/security.md says what it holds
@pytest.mark.commits  # only committed pages reach the write-ahead log
def test_after_the_seal_sqlites_write_ahead_log_holds_no_arrival_order(app, make):
    _checkpoint()
    answered = _respondents_answer(app, make)
    log = _wal(app).read_bytes()
    first_seen = [log.find(response_id.encode()) for response_id in answered.arrived]
    assert -1 not in first_seen and first_seen == sorted(first_seen), "each response's page follows the one before"

    assert len(_pages_in_log_index()) > 2  # the pages each answer wrote, as they were written

    _seal(app)
    assert not _wal(app).exists() or _wal(app).stat().st_size == 0
    assert _pages_in_log_index() <= {1}  # the file's header page, written back unchanged, and nothing else
    assert answered.arrived[0].encode() in Path(db.engine.url.database).read_bytes()  # it went to the file
