"""Retention as people use it: the settings and what a purge would delete today (the admin page), and the purge
itself (``omtanke purge``, nightly from cron).

The purge deletes each kind in a transaction of its own: a kind that fails is rolled back whole and reported, the
others still run, and a second run finds nothing more to delete. One audit entry per run records the counts. When
responses were deleted the shared results cache is emptied, so that no page shows figures of deleted answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from survey_app.access import NotAllowedError
from survey_app.audit import record
from survey_app.cache import shared_cache
from survey_app.db import db
from survey_app.models import Role, User
from survey_app.privacy.retention import KINDS, UPLOAD_HOURS, Kind, stale_uploads
from survey_app.privacy.sealing import empty_write_ahead_log, seal_responses

log = logging.getLogger(__name__)
UPLOADS = "absence_uploads"


@dataclass(frozen=True)
class Setting:
    """One kind as the admin page shows it: months kept (0: for ever; None: a fixed rule) and what would go now."""

    name: str
    label: object
    months: int | None
    rule: object
    due: int


def retention_overview(actor: User, today: date, now: datetime) -> list[Setting]:
    """Every kind with its setting and how many rows (files) a purge would delete now: admin only, read-only."""
    if actor.role != Role.ADMIN.value:
        raise NotAllowedError
    settings = [Setting(kind.name, kind.label, kind.months(), kind.rule, kind.count(today)) for kind in KINDS]
    return [*settings, _uploads_setting(len(stale_uploads(now)))]


def _uploads_setting(due: int) -> Setting:
    rule = _l("deleted %(hours)d hours after upload when the import was not confirmed", hours=UPLOAD_HOURS)
    return Setting(UPLOADS, _l("Uploaded absence files awaiting import"), None, rule, due)


@dataclass(frozen=True)
class PurgeReport:
    """Rows (files) deleted per kind, or that would be with ``dry_run``; kinds that failed; responses sealed."""

    dry_run: bool
    counts: dict[str, int]
    failed: list[str] = field(default_factory=list)
    sealed: int = 0


def purge(actor: User | None, today: date, now: datetime, dry_run: bool = False) -> PurgeReport:
    """Delete everything past its retention (``dry_run``: only count it), then seal what respondents wrote."""
    counts: dict[str, int] = {}
    failed: list[str] = []
    for kind in KINDS:
        if dry_run:
            counts[kind.name] = kind.count(today)
            db.session.rollback()
            continue
        try:
            counts[kind.name] = _purge_kind(kind, today)
        except Exception:  # one kind's failure must not stop the others: it is logged and reported
            db.session.rollback()
            log.exception("purge of %s failed; nothing of it was deleted", kind.name)
            failed.append(kind.name)
    counts[UPLOADS] = _purge_uploads(now, dry_run)
    if dry_run:
        return PurgeReport(True, counts)
    if counts.get("survey_responses"):
        shared_cache().clear()
    sealed = _seal(failed)
    record(actor, "privacy.purged", None, None, counts=counts, failed=failed, sealed=sealed)
    db.session.commit()
    _empty_log(failed)  # last, so that the log keeps nothing of the night's work either (SQLite)
    return PurgeReport(False, counts, failed, sealed)


def _purge_kind(kind: Kind, today: date) -> int:
    deleted = kind.delete(today)
    db.session.commit()
    return deleted


def _seal(failed: list[str]) -> int:
    try:
        return seal_responses()
    except Exception:  # the deletions above stand; the seal is retried on the next run
        db.session.rollback()
        log.exception("sealing the stored responses failed")
        failed.append("sealing")
        return 0


def _empty_log(failed: list[str]) -> None:
    try:
        empty_write_ahead_log()
    except Exception:  # retried on the next run; until then the log holds the day's pages in the order written
        log.exception("emptying the write-ahead log failed")
        failed.append("write-ahead log")


def _purge_uploads(now: datetime, dry_run: bool) -> int:
    files = stale_uploads(now)
    if not dry_run:
        for path in files:
            path.unlink(missing_ok=True)
    return len(files)
