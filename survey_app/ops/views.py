"""Health (the process answers) and readiness (the database answers and its schema is current) for load balancers
and orchestrators. Public, no session, nothing about the data."""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from survey_app.db import db
from survey_app.extensions import limiter

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@limiter.exempt
def health():
    """Health for load balancers: 200 while the process answers (public)."""
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readiness():
    """Readiness for load balancers: 200 when the database answers and its schema is current, else 503 (public)."""
    checks = {"database": "ok", "schema": "ok"}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory(str(current_app.extensions["migrate"].directory)).get_current_head()
        if current != head:
            checks["schema"] = f"at {current}, expected {head}: run omtanke db upgrade"
    except Exception as error:  # noqa: BLE001 - any failure to reach the database means "not ready"
        checks["database"] = type(error).__name__
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503
