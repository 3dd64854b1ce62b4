"""The embedded SQLite default is configured for correctness under concurrent writes."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from survey_app.db import db
from survey_app.models import Unit
from tests.helpers import form_token


def test_connections_are_configured_for_durable_writes(app):
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
            assert connection.exec_driver_sql("SHOW default_transaction_isolation").scalar() == "read committed"
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(app):
    db.session.rollback()
    with pytest.raises(Exception, match="(?i)foreign key"):
        db.session.execute(
            text(
                "INSERT INTO units (name, code, parent_id, headcount, active, created_at) "
                "VALUES ('x', 'x', 999999, 0, true, CURRENT_TIMESTAMP)"
            )
        )
        db.session.commit()
    db.session.rollback()


@pytest.mark.commits  # eight browsers on threads of their own, each on its own connection
def test_concurrent_admin_writes_all_land_without_lock_errors(app, login, make):
    """Eight browsers create units at the same moment: every one is stored, none sees 'database is locked'."""
    admins = [make.user("admin") for _ in range(8)]
    clients = [login(app.test_client(), admin) for admin in admins]
    tokens = [form_token(client, "/admin/units/new") for client in clients]
    statuses: list[int] = []
    start = threading.Barrier(len(clients))

    def create_units(index: int) -> None:
        start.wait()
        for n in range(10):
            response = clients[index].post(
                "/admin/units/new",
                data={
                    "name": f"Enhet {index}-{n}",
                    "code": f"C{index}-{n}",
                    "parent_code": "",
                    "headcount": "5",
                    "csrf_token": tokens[index],
                },
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=create_units, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 80
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 80
