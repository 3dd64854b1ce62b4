"""The `omtanke` console script and its account commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from survey_app.admin.commands import users_cli
from survey_app.db import db
from survey_app.models import User


def test_users_add_creates_a_first_admin_and_list_shows_it_as_json(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        users_cli,
        ["add", "Boss@Example.org", "--name", "Boss", "--role", "admin", "--password", "a long admin password"],
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.email == "boss@example.org")) == "admin"
    listed = json.loads(runner.invoke(users_cli, ["list", "--json"]).output)
    assert listed == [{"email": "boss@example.org", "name": "Boss", "role": "admin", "active": True, "units": []}]


def test_users_add_with_an_unknown_unit_fails_with_the_reason(app):
    result = app.test_cli_runner().invoke(
        users_cli,
        [
            "add",
            "m@example.org",
            "--name",
            "M",
            "--role",
            "manager",
            "--units",
            "NOPE",
            "--password",
            "a long password",
        ],
    )
    assert result.exit_code != 0 and "Unknown unit codes: NOPE." in result.output


def test_console_script_is_the_flask_group_with_db_and_demo(tmp_path):
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-c", "from survey_app.cli import main; main()", "--help"]
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    for name in ("db", "demo", "users", "run", "routes"):
        assert f"  {name} " in output
    upgrade = [sys.executable, "-c", "from survey_app.cli import main; main()", "db", "upgrade"]
    subprocess.run(upgrade, capture_output=True, text=True, env=env, check=True)
    assert (tmp_path / "omtanke.db").exists() and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.postgres
def test_db_upgrade_on_an_empty_postgresql_database(tmp_path, fresh_postgres):
    """`omtanke db upgrade` through the console script, on a database that has never seen Omtanke."""
    from sqlalchemy import create_engine, inspect

    for url in fresh_postgres():
        env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url}
        upgrade = [sys.executable, "-c", "from survey_app.cli import main; main()", "db", "upgrade"]
        result = subprocess.run(upgrade, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        engine = create_engine(url)
        try:
            assert {"units", "users", "audit_events", "alembic_version"} <= set(inspect(engine).get_table_names())
        finally:
            engine.dispose()
