"""Survey rounds, their distribution (unit links, single-use codes), drafts and anonymous responses.

Anonymity rules this schema enforces by what it does *not* hold: a response has a random id, its round, its unit
and the date it arrived — no code, no draft id, no IP address, no device, no time of day. Codes are stored only as
keyed hashes and are claimed in a transaction separate from the one that stores the answers.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    not_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.org import Unit

MIN_THRESHOLD = 3
#: Letters and digits nobody mixes up (no 0/O, 1/I/L): the alphabet of answer codes (``surveys/codes.py``) and of
#: short codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 14


def new_short_code() -> str:
    """A random short code for a workplace's answer link, stored without dashes (``surveys/short_codes.py``)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


class SurveyRound(Base):
    """One survey sent to the units of a subtree between two dates."""

    __tablename__ = "survey_rounds"
    __table_args__ = (
        CheckConstraint(f"anonymity_threshold >= {MIN_THRESHOLD}", name="threshold_at_least_3"),
        CheckConstraint("comment_threshold >= anonymity_threshold", name="comments_at_least_threshold"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The title in the first offered language (``titles`` holds one per language; read it with ``title_in``).
    title: Mapped[str] = mapped_column(String(200))
    #: {language: title} for every offered language.
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: The top of the subtree the round goes to; None for the whole organisation.
    root_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    #: The day HR opened the round to respondents; None while it is a draft that only HR and administrators see.
    published_on: Mapped[date | None]
    #: HR closed the round before its date: ``closes_on`` is then the day it closed, and it is closed on that day.
    closed_early: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Languages offered to respondents, e.g. ["sv", "fi"].
    languages: Mapped[list[str]] = mapped_column(JSON)
    #: Groups with fewer responses than this are never shown (never below 3; default 5).
    anonymity_threshold: Mapped[int] = mapped_column(default=5)
    #: Free text is shown only for groups with at least this many responses (and never below anonymity_threshold).
    comment_threshold: Mapped[int] = mapped_column(default=10, server_default="10")
    #: The questionnaire: [{"instrument": "hme", "section": "motivation"}, ...] and own items (see surveys.content).
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    root_unit: Mapped[Unit | None] = relationship()
    units: Mapped[list[RoundUnit]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def status_on(self, day: date) -> str:
        """ "draft", "scheduled", "open" or "closed" on the given day: the one home of a round's state (in SQL:
        ``published``, ``open_on``, ``closed_by``). A round closed early is closed from the day HR closed it."""
        if self.published_on is None:
            return "draft"
        if day < self.opens_on:
            return "scheduled"
        if self.closes_on < day or (self.closed_early and self.closes_on <= day):
            return "closed"
        return "open"

    @classmethod
    def published(cls) -> ColumnElement[bool]:
        """SQL: the round is no draft (respondents, results and managers may know of it)."""
        return cls.published_on.is_not(None)

    @classmethod
    def closed_by(cls, day: date) -> ColumnElement[bool]:
        """SQL: ``status_on(day) == "closed"``."""
        return and_(cls.published(), or_(cls.closes_on < day, and_(cls.closed_early.is_(True), cls.closes_on <= day)))

    @classmethod
    def open_on(cls, day: date) -> ColumnElement[bool]:
        """SQL: ``status_on(day) == "open"``."""
        return and_(cls.published(), cls.opens_on <= day, not_(cls.closed_by(day)))

    def title_in(self, language: str | None) -> str:
        """The title in ``language``, else in the round's first language (the one home of that fallback)."""
        titles = self.titles or {}
        return titles.get(language or "") or titles.get(self.languages[0] if self.languages else "") or self.title


class RoundUnit(Base):
    """A workplace taking part in a round, with its public answer link."""

    __tablename__ = "survey_round_units"
    __table_args__ = (
        UniqueConstraint("round_id", "unit_id"),
        CheckConstraint("link_answers <= headcount", name="link_answers_within_headcount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    #: Random, unguessable token of the unit's answer link (/s/<token>) and poster.
    link_token: Mapped[str] = mapped_column(String(40), unique=True)
    #: Random short code of the same link, typed at the short address (/k); None only for rows made before issue 20.
    #: 14 characters from 31 (``surveys/short_codes.py`` and docs/security.md say why that many).
    short_code: Mapped[str | None] = mapped_column(String(16), unique=True, default=new_short_code)
    #: Staff when the round was created: the denominator of the response rate.
    headcount: Mapped[int] = mapped_column(default=0)
    #: How many answers that came through the link count in results: claimed with a conditional UPDATE, never past
    #: the headcount. A number per workplace only: only a held response shows that it came by link.
    link_answers: Mapped[int] = mapped_column(default=0, server_default="0")

    round: Mapped[SurveyRound] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class AccessCode(Base):
    """A single-use code handed to one person. Only its keyed hash is kept."""

    __tablename__ = "survey_access_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_unit_id: Mapped[int] = mapped_column(ForeignKey("survey_round_units.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(default=False)
    #: Random, set when a draft is begun with the code and replaced when one is begun afresh: the draft's phrase key
    #: is salted with it (``respond/resume.py``). The draft itself holds nothing derived from the code.
    draft_salt: Mapped[str | None] = mapped_column(String(32))
    created_on: Mapped[date]


class ResponseDraft(Base):
    """Answers in progress. Deleted in the transaction that stores the response."""

    __tablename__ = "survey_drafts"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'submitting')", name="state_known"),
        {"sqlite_with_rowid": False},
    )

    #: Random token kept in the respondent's cookie; never part of a response.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    round_unit_id: Mapped[int] = mapped_column(ForeignKey("survey_round_units.id", ondelete="CASCADE"), index=True)
    #: Begun with a code, which must be claimed to send it. Which code only the respondent's signed cookie says.
    by_code: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Slow keyed hash of the code, its draft salt and the phrase chosen when saving: how another device finds the
    #: draft (``respond/resume.py``). Neither the code alone nor the code list and the secret key find it.
    resume_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(5))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="open")
    #: Drafts older than the round's close are purged; only the date is kept.
    updated_on: Mapped[date]

    round_unit: Mapped[RoundUnit] = relationship()


class SurveyResponse(Base):
    """One person's submitted answers: random id, unit and date only (and whether it is held out of results)."""

    __tablename__ = "survey_responses"
    # WITHOUT ROWID: SQLite stores rows in the order of their random id, not in the order they arrived.
    __table_args__ = (
        Index("ix_survey_responses_round_unit", "round_id", "unit_id", "held"),
        {"sqlite_with_rowid": False},
    )

    #: Random (not sequential) so that ids do not follow the order of code claims.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    submitted_on: Mapped[date]
    #: Held out of every figure until HR accepts it (``surveys.held``): a link answer in a burst from one browser or
    #: address, past the workplace's headcount, or to a workplace that answers with codes only.
    held: Mapped[bool] = mapped_column(default=False, server_default=false())

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", back_populates="response")


class Answer(Base):
    """One answer: a number (scale, yes/no, choice; one row per chosen option of a multiple choice) or a text."""

    __tablename__ = "survey_answers"
    __table_args__ = {"sqlite_with_rowid": False}

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True)
    #: "<instrument>.<item>", e.g. "hme.hme1", or "own.<n>" for the round's own items.
    item_key: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    #: 0 for single answers; 0..n-1 for the options chosen in a multiple choice.
    position: Mapped[int] = mapped_column(primary_key=True, default=0)
    value: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
