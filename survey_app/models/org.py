"""The organisation: units as a tree, as the employer's HR system knows them, and the trees closed rounds keep."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow

NAME_MAX = 200
CODE_MAX = 50
#: What kind of workplace a unit is, so that an intervention's effect is compared with units of the same kind
#: (issue 24). None for a level above workplaces, or a unit whose kind is not given.
UNIT_KINDS = (
    "preschool",
    "school",
    "home_care",
    "residential_care",
    "disability_care",
    "kitchen",
    "cleaning",
    "property",
    "social_services",
    "health_care",
    "office",
    "culture_leisure",
    "other",
)


class Unit(Base):
    """A workplace or an organisational level above it (administration, area, unit)."""

    __tablename__ = "units"
    __table_args__ = (CheckConstraint("headcount >= 0", name="headcount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name, e.g. "Förskolan Solrosen".
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    #: The unit's code in the employer's HR system; imports and exports match on it.
    code: Mapped[str] = mapped_column(String(CODE_MAX), unique=True)
    #: The unit above this one; None for a top-level unit (an administration).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: Number of staff, the denominator of response rates and absence ratios.
    headcount: Mapped[int] = mapped_column(default=0)
    #: Deactivated units keep their history but take no new surveys or cases.
    active: Mapped[bool] = mapped_column(default=True)
    #: The kind of workplace (``UNIT_KINDS``), from the unit register or its import; None when not given.
    kind: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name!r}>"


class UnitTree(Base):
    """The unit tree as it was on a day: which unit was under which. Kept for closed survey rounds, whose results
    are computed and suppressed on the tree they closed with, never on a later one (``survey_app.org.trees``)."""

    __tablename__ = "unit_trees"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Every unit then: {"unit id": parent id or null}. Ids only, no names: a renamed unit shows its new name.
    parents: Mapped[dict[str, int | None]] = mapped_column(JSON)
    #: The day it was recorded: the first day the tree changed after the rounds that keep it had closed.
    recorded_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoundTree(Base):
    """The tree a closed survey round's results are computed on; a round without one has kept the current tree."""

    __tablename__ = "survey_round_trees"

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True)
    tree_id: Mapped[int] = mapped_column(ForeignKey("unit_trees.id"), index=True)

    tree: Mapped[UnitTree] = relationship()
