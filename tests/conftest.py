"""Fixtures for the whole suite.

Every database test runs on SQLite and, when ``TEST_DATABASE_URL`` is set, again on PostgreSQL (a fresh database is
created for the run and dropped afterwards). With ``REQUIRE_POSTGRES=1`` (CI) a missing server fails the run
instead of skipping. The schema is built by the Alembic migrations, as in production; every test starts from empty
tables: it runs inside one transaction that is rolled back afterwards (tests/isolation.py), or, marked ``commits``
(or using the live server), commits for real and has every table emptied afterwards.
"""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Iterator

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from survey_app import create_app
from survey_app.db import Base, db
from survey_app.extensions import limiter
from tests.clock import TODAY
from tests.environment import variables_read
from tests.factories import Factory
from tests.isolation import REMEDY, rolled_back
from tests.smtp import smtp_server  # noqa: F401 - a fixture for every test

PASSWORD = "correct horse battery"


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    url = _postgres_url()
    if url or os.environ.get("REQUIRE_POSTGRES") == "1":
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


def _cheap_password_hashing() -> None:
    """Argon2 at production cost takes ~0.15 s per login; hundreds of logins would dominate the suite. Tests use the
    same algorithm (argon2id) with the smallest cost: what is tested is the flow, not the work factor."""
    from argon2 import PasswordHasher

    from survey_app.auth import services

    services._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services._DUMMY_HASH = services._hasher.hash("omtanke-dummy-password")


_cheap_password_hashing()

# The caller's settings never reach a test: every variable the app reads is cleared (a test that needs one sets it),
# then the suite's day (tests/clock.py) is set for the apps built here and every process a test starts.
for _name in variables_read():
    os.environ.pop(_name, None)
os.environ["OMTANKE_TODAY"] = TODAY.isoformat()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("instance")
    os.environ["OMTANKE_INSTANCE_PATH"] = str(path)
    return str(path)


def fresh_postgres_database() -> Iterator[str]:
    """Create an empty database on the TEST_DATABASE_URL server for one use; yields its URL, then drops it."""
    url = _postgres_url()
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (CI sets it)")
    server = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"omtanke_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection problem means "no server"
        admin.dispose()
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but unreachable: {error}")
        pytest.skip(f"PostgreSQL not reachable at TEST_DATABASE_URL: {error}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_postgres():
    """``for url in fresh_postgres(): …``: an empty database on the TEST_DATABASE_URL server for one use, dropped
    afterwards (skips without a server, fails with REQUIRE_POSTGRES=1)."""
    return fresh_postgres_database


@pytest.fixture(scope="session", params=_backends())
def database_url(request, instance_dir, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for the whole run, one per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'omtanke-test.db'}"
        _migrate(url)
        yield url
        return
    for url in fresh_postgres_database():
        _migrate(url)
        yield url


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test itself holds an app context (for factories and assertions); without this, Flask would reuse it for the
    request and share ``g``, the database session and cached locale between test and request. Before each request
    the test's session commits, so that afterwards it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


_APPS: dict[str, object] = {}


def _app_for(database_url: str):
    """One application per database for the whole run: building one compiles every URL rule (~0.1 s), which
    thousands of tests would pay again and again. Each test gets its configuration back as it found it."""
    if database_url not in _APPS:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SESSION_COOKIE_SECURE": False,
                "REMEMBER_COOKIE_SECURE": False,
                "SERVER_NAME": None,
                # Tests read English unless they ask for another language; the product's default (sv) has its own.
                "BABEL_DEFAULT_LOCALE": "en",
            }
        )
        app.test_client_class = IsolatedClient
        _APPS[database_url] = app
    return _APPS[database_url]


def _reset_rate_limits() -> None:
    """Forget every rate-limit count. The in-memory storage's expiry timer may be walking its keys at that moment
    (limits' MemoryStorage then raises KeyError in the timer's thread, failing a later test): let it finish first."""
    timer = getattr(limiter.storage, "timer", None)
    if timer is not None:
        timer.join()
    limiter.reset()


def _commits_for_real(request) -> bool:
    """Tests whose writes another connection, thread or process must see: marked ``commits``, or serving the app to
    a browser on a thread of its own. ``OMTANKE_TEST_COMMITS=1`` runs every test so, to tell an artefact of the
    savepoints from a real failure (and to time the difference)."""
    if os.environ.get("OMTANKE_TEST_COMMITS") == "1":
        return True
    return request.node.get_closest_marker("commits") is not None or "live_server" in request.fixturenames


@pytest.fixture
def app(database_url, request):
    app = _app_for(database_url)
    config = dict(app.config)
    with app.app_context():
        _reset_rate_limits()
        # Every test starts from empty tables, so nothing computed from an earlier test's rows may be reused.
        app.extensions["omtanke_cache"].clear()
        if _commits_for_real(request):
            yield app
            db.session.rollback()
            _empty_all_tables()
        else:
            with rolled_back(db) as isolation:
                yield app
            if isolation.problems:
                pytest.fail(f"{'; '.join(sorted(set(isolation.problems)))}: {REMEDY}")
        db.session.remove()
        db.engine.dispose()
    app.config.clear()
    app.config.update(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app) -> Factory:
    return Factory(db.session, PASSWORD)


@pytest.fixture
def login(app):
    """Log a test client in as a user through the real login forms (CSRF token included): the password, then the
    authenticator code for accounts with two-step login, or its set-up for those that have not done it yet."""
    from tests.helpers import complete_two_step, form_token

    def log_in(client, user, password: str = PASSWORD):
        csrf = client.application.config.get("WTF_CSRF_ENABLED", True)
        token = form_token(client, "/login") if csrf else ""
        response = client.post("/login", data={"email": user.email, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        response = complete_two_step(client, response, user.id, csrf)
        finished = response.status_code == 302 or b'class="recovery-codes"' in response.data  # set-up ends there
        assert finished and "/login" not in (response.location or ""), response.get_data(as_text=True)[:500]
        return client

    return log_in


#: Every response in ``api_world``: HME's three motivation items.
API_ANSWERS = {"hme.hme1": 4, "hme.hme2": 5, "hme.hme3": 3}


@pytest.fixture
def api_world(make):
    """What the API serves (its own tests and the attack suite's): Hemtjänst (HT) with Norr (8 responses) and
    Nattpatrullen (2: hidden), Förskolan Solrosen (9); a closed round of HME's motivation items, everyone answering
    4, 5 and 3; HR (hr@example.org) and Hemtjänst's manager (chef@example.org)."""
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    survey = make.closed_round(None, sections=("hme/motivation",), days=(20, 1))
    for unit, count in ((big, 8), (small, 2), (other, 9)):
        make.responses(survey, unit, API_ANSWERS, count=count)
    return {
        "survey": survey,
        "area": area,
        "other": other,
        "hr": make.user("hr", email="hr@example.org"),
        "manager": make.user("manager", units=(area,), email="chef@example.org"),
    }


@pytest.fixture
def api_token(app):
    """``api_token(email)``: a bearer token for that account, made as an administrator makes one
    (``omtanke api-token create --user <email> --name BI``)."""
    from survey_app.api.commands import api_token_cli

    def create(email: str) -> str:
        result = app.test_cli_runner().invoke(api_token_cli, ["create", "--user", email, "--name", "BI"])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return create


#: Transaction control is not a query, and it differs between a test's savepoints and production's transactions.
_TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")


@pytest.fixture
def count_queries(app):
    """Count the SQL statements a block of code sends: `with count_queries() as counter: ...; counter.count`
    (BEGIN, SAVEPOINT and the like not counted)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        class Counter:
            count = 0

        def on_execute(_connection, _cursor, statement: str, *_args):
            if not statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
                Counter.count += 1

        event.listen(db.engine, "before_cursor_execute", on_execute)
        try:
            yield Counter
        finally:
            event.remove(db.engine, "before_cursor_execute", on_execute)

    return counting


@pytest.fixture
def redis_url() -> str:
    """A real Redis for cache, rate-limit and job-queue tests: ``TEST_REDIS_URL`` or database 15 on 127.0.0.1:6379,
    emptied first. Skips with the reason on a laptop without Redis; with ``REQUIRE_REDIS=1`` (CI) it fails."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but unreachable at {url}: {error}")
        pytest.skip(f"Redis not reachable at {url} ({error}); set TEST_REDIS_URL or start redis-server")
    client.close()
    return url


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "commits: the test's writes must be committed for real (another connection, thread or process reads them); "
        "its tables are emptied afterwards instead of its transaction rolled back",
    )


#: A fixture that needs a real component → the marker `make test` leaves out (`make test-all` runs them).
NEEDS = {"fresh_postgres": "postgres", "redis_url": "redis"}


def pytest_collection_modifyitems(config, items) -> None:
    """Marks every test that uses a real component's fixture (``NEEDS``), so that the fast suite can leave it out by
    marker; and ``@pytest.mark.backend("sqlite")``: a test of one database's own fault runs on that database only
    (deselected, not skipped, on the other)."""
    keep, drop = [], []
    for item in items:
        for fixture, marker in NEEDS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        marker = item.get_closest_marker("backend")
        param = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        (drop if marker and param and param != marker.args[0] else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
