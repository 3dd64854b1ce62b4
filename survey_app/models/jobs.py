"""Background jobs: long work (big exports) that runs outside the web request, on RQ or in a thread of the app.

The row is the job's one source of truth, shared by every app process and worker: what was asked, by whom, how far it
has come and how it ended. The file it produced lives in ``instance/jobs/<id>.xlsx``, never in the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User

JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(Base):
    """One piece of long work requested by a person, who alone (with admin) may see it and fetch its file."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="known_status"),
        Index("ix_jobs_owner_created", "owner_id", "created_at"),
    )

    #: A random uuid4 in hex: job addresses cannot be guessed or counted.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: What to do: an export kind ("results", "comments", "plans" …), see ``survey_app.exporting.kinds``.
    kind: Mapped[str] = mapped_column(String(40))
    #: Plain values the job needs (round id, unit id, language, the day it was asked for).
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The person who asked: the job acts with exactly their role and unit scope, re-checked when it runs.
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    #: What it is doing now, as a key translated on the page: queued, collecting, writing, saving, done, failed.
    step: Mapped[str] = mapped_column(String(20), default="queued")
    #: Progress as done of total (sheets written of sheets); total is None while the amount is not known yet.
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int | None]
    #: Why it failed, as a key with a translated message (never a traceback: that goes to the log).
    error: Mapped[str | None] = mapped_column(String(40))
    #: The file name offered on download; the file itself is ``instance/jobs/<id>.xlsx``.
    result_name: Mapped[str | None] = mapped_column(String(200))
    #: Table rows written into the file.
    result_rows: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)

    owner: Mapped[User] = relationship()
