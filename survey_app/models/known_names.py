"""The organisation's own people as redaction knows them: keyed hashes of their names, never the names (issue 21).

HR imports staff and manager names so that free text naming them is redacted (``survey_app.privacy.known_names``).
What is stored is one HMAC-SHA256 digest per normalised form (the full name and each part), under a key derived from
the installation's secret and kept out of the database: the table holds no name, no person and no link between a
person's digests, so it can only answer "is this word one of our people's names?" for someone who holds the key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.db import Base, utcnow


class KnownName(Base):
    """One digest of one normalised name form; shared forms ("kajsa" of two Kajsas) are stored once."""

    __tablename__ = "known_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: HMAC-SHA256 (hex) of a normalised full name or name part under the names key: never the name itself.
    digest: Mapped[str] = mapped_column(String(64), unique=True)


class KnownNameList(Base):
    """The list now held, as one row: how many people it came from, when, and a version every process checks."""

    __tablename__ = "known_name_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: People in the imported file (distinct normalised names); 0 after the list was cleared.
    people: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Random, new on every import or clear: a process reloads its digests when this differs from what it loaded.
    version: Mapped[str] = mapped_column(String(32))
    #: A keyed check value of the key the digests were made with (not the key): a changed key is noticed, not silent.
    key_check: Mapped[str] = mapped_column(String(16))
