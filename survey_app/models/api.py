"""Bearer tokens for the JSON API (HR's BI tools, an HR system or nurse line reporting sickness), each with its
scopes. Only a hash of each token is kept."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User


class ApiToken(Base):
    """A named token for the JSON API that acts as one person within its scopes; revoked, it opens nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The API acts as this person, with exactly their role and unit scope.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the token; the token itself is shown once, when created.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_on: Mapped[date | None]
    revoked: Mapped[bool] = mapped_column(default=False)
    #: What the token may do, space-separated (``survey_app.api.scopes``): "read" (every GET, as its owner) and
    #: "sick-reports:write" (POST /api/v1/sick-reports). Tokens from before scopes existed read only.
    scopes: Mapped[str] = mapped_column(String(200), default="read", server_default="read")

    user: Mapped[User] = relationship()
