"""Outcomes of the arc and the follow-up questions asked months after it."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.privacy.registry import blank, keep_rows, person_data

# What an actor achieved, highest priority first (DOMAIN.md: each actor is counted once,
# employment > internship > studies/grant > other); "none" is an answer, not a gap.
OUTCOME_KINDS = (
    "employed_own_field",
    "employed_other_field",
    "internship_own_field",
    "studies",  # a study place, continued studies or a research grant
    "other",
    "none",
)
OUTCOME_SOURCES = ("staff", "follow_up")


class Outcome(TenantOwned, Base):
    """Something an actor achieved (or "none"), on the date it happened. An actor may
    have several; reports pick one per actor by priority and also show them all."""

    __tablename__ = "outcomes"
    __table_args__ = (Index("ix_outcomes_tenant_person", "tenant_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    other_text: Mapped[str] = mapped_column(String(500), default="")  # what "other" was
    happened_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(10), default="staff")
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUp(TenantOwned, Base):
    """One follow-up question after the arc: a round (months after the group closed)
    asked of one actor of one group, once; the answer is an outcome."""

    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("tenant_id", "person_id", "group_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="SET NULL"), default=None
    )


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        Outcome,
        Outcome.person_id,
        title=_l("Outcomes"),
        purpose=_l("Following what the mentoring led to"),
        erasure=blank(other_text=""),
    ),
    person_data(
        FollowUp,
        FollowUp.person_id,
        title=_l("Follow-up questions"),
        purpose=_l("Following what the mentoring led to"),
        erasure=keep_rows,
    ),
)
