"""Sealing stored survey responses on PostgreSQL, so that storage keeps no trace of the order they arrived in.

Why: PostgreSQL appends new rows to the end of the table and stamps each with the id of the transaction that wrote it
(``xmin``, a counter). A respondent's code is claimed in one transaction and the answers are stored in the next, so
the two rows never share an ``xmin`` — but both counters still rise with time: ``ORDER BY ctid`` or ``ORDER BY xmin``
lists responses in the order they arrived, and lined up with the order in which codes were claimed (or with anyone's
knowledge of who answered when) that pairs responses with people. No single insert can avoid this.

What: a round whose responses carry more than one ``xmin`` is rewritten in one transaction — its responses and their
answers copied aside, deleted and inserted again ordered by the random response id. Afterwards every row of the
round carries the same ``xmin`` and lies in the order of random ids. ``omtanke purge`` seals every night; a
response that arrives later is sealed the next night. SQLite needs nothing: its response tables are WITHOUT ROWID,
stored in the order of the random id from the first insert, and it keeps no transaction ids on rows.

Never changes what a response says: the same ids, rounds, units, dates and answers come back.
"""

from __future__ import annotations

from sqlalchemy import text

from survey_app.db import db

_UNSEALED = text("SELECT round_id FROM survey_responses GROUP BY round_id HAVING count(DISTINCT xmin::text) > 1")
# Rows are copied, deleted and put back by the ids copied, never "every row of the round": a response stored while
# the seal runs is not in the copy, so it must not be deleted either (it is sealed next time).
_COPY = (
    "CREATE TEMPORARY TABLE sealed_responses ON COMMIT DROP AS SELECT * FROM survey_responses WHERE round_id = :round",
    "CREATE TEMPORARY TABLE sealed_answers ON COMMIT DROP AS "
    "SELECT a.* FROM survey_answers a JOIN sealed_responses r ON r.id = a.response_id",
)
# the answers go with their responses (ON DELETE CASCADE)
_DELETE = "DELETE FROM survey_responses WHERE id IN (SELECT id FROM sealed_responses)"
_PUT_BACK = (
    "INSERT INTO survey_responses SELECT * FROM sealed_responses ORDER BY id",
    "INSERT INTO survey_answers SELECT * FROM sealed_answers ORDER BY response_id, item_key, position",
)


def unsealed_rounds() -> list[int]:
    """Rounds whose stored responses still show more than one writing transaction (PostgreSQL; [] elsewhere)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return []
    return sorted(db.session.scalars(_UNSEALED))


def seal_responses() -> int:
    """Seal every round that needs it, each in a transaction of its own; returns how many responses were rewritten.
    Safe while people answer: a response stored meanwhile is left as it is and sealed next time; a round whose
    responses were deleted meanwhile is left alone (rolled back) and sealed next time."""
    sealed = 0
    for round_id in unsealed_rounds():
        for statement in _COPY:
            db.session.execute(text(statement), {"round": round_id})
        copied = db.session.scalar(text("SELECT count(*) FROM sealed_responses"))
        if db.session.execute(text(_DELETE)).rowcount != copied:
            db.session.rollback()
            continue
        for statement in _PUT_BACK:
            db.session.execute(text(statement))
        db.session.commit()
        sealed += copied
    return sealed
