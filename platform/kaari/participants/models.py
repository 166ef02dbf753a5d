"""The participant register: people who contacted a network, their status history and notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaari.db import Base, utcnow
from kaari.tenancy.models import TenantOwned

ROLES = ("actor", "mentor", "other")
STATUSES = (
    "contacted",
    "registration_sent",
    "registered",
    "waiting",
    "matched",
    "in_group",
    "completed",
    "withdrawn",
    "dropped_out",
    "outside_target_group",
    "not_reachable",
)
# Side exits ask for a reason; the others follow the arc.
EXIT_STATUSES = ("withdrawn", "dropped_out", "outside_target_group", "not_reachable")
# Until matching starts, a person may still correct the registration answers.
EDITABLE_STATUSES = ("contacted", "registration_sent", "registered", "waiting")


class Person(TenantOwned, Base):
    """Someone in a tenant's register: an actor, a mentor or another contributor."""

    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_tenant_status", "tenant_id", "status", "created_at"),
        Index("ix_people_tenant_created", "tenant_id", "created_at"),
        Index("ix_people_tenant_email", "tenant_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    municipality: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    question: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="contacted")
    wants_job_placement: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    registered_at: Mapped[datetime | None] = mapped_column(default=None)
    reconfirm_asked_at: Mapped[datetime | None] = mapped_column(default=None)
    reconfirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    # The target group the person's answers fit, or the flag that none did (actors).
    target_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_groups.id", ondelete="SET NULL"), default=None
    )
    outside_target_groups: Mapped[bool] = mapped_column(default=False)
    # The partner whose referral link brought the person (intake's partners table).
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StatusChange(TenantOwned, Base):
    """One step in a person's history: who changed the status, when and why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    old_status: Mapped[str] = mapped_column(String(24), default="")
    new_status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(TenantOwned, Base):
    """A coordinator's note about a person (free text, or interview notes)."""

    __tablename__ = "person_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="note")
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")


class SavedFilter(TenantOwned, Base):
    """A register search a staff member named to use again (shared within the tenant)."""

    __tablename__ = "saved_filters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
