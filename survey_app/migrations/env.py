"""Alembic environment: migrate the app's own database with the app's own metadata.

Runs inside the Flask app context that `omtanke db ...` provides. Batch mode is on so that SQLite can alter tables
(it rebuilds them); PostgreSQL takes the same scripts directly.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

migrate = current_app.extensions["migrate"]
target_metadata = migrate.db.metadata


def _skip_empty_autogenerate(context_, _revision, directives) -> None:
    """`omtanke db migrate` with no model change writes no empty revision."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logging.getLogger("alembic").info("No changes in schema detected.")


def run_migrations_offline() -> None:
    """Write the migrations out as SQL without connecting (``omtanke db upgrade --sql``)."""
    context.configure(
        url=str(migrate.db.engine.url), target_metadata=target_metadata, literal_binds=True, **migrate.configure_args
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the app's database; an autogenerate without model changes writes nothing."""
    options = {"process_revision_directives": _skip_empty_autogenerate, **migrate.configure_args}
    with migrate.db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """Turn SQLite's foreign keys off for a migration, and back on after it, checking every reference first.

    Batch mode alters a SQLite table by copying it and dropping the old one; with foreign keys on, dropping a table
    others point at deletes (ON DELETE CASCADE) or nulls their rows: recreating ``users`` would empty
    ``unit_assignments``. The pragma only works outside a transaction, so it goes to the driver's connection
    directly (autocommit: ``db.py`` lets SQLAlchemy emit BEGIN itself)."""
    raw = connection.connection.dbapi_connection
    if on:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows pointing at missing rows: {broken[:5]}")
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
