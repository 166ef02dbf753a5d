"""Audit entries: who did what to which object, when, from where.

Tenant events (logins to a tenant, role changes, reads of personal data) are
tenant-owned and isolated like any tenant data; platform events (tenant
creation, platform logins) live in their own table.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, or_, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from kaari.core import db
from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.privacy.registry import keep_rows, person_data, plain


class AuditColumns:
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    @declared_attr
    def actor_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class TenantAuditEvent(TenantOwned, AuditColumns, Base):
    __tablename__ = "tenant_audit_events"
    __table_args__ = (
        Index("ix_tenant_audit_events_tenant_at", "tenant_id", "at"),
        # The log's filter lists its actions by stepping through this index.
        Index("ix_tenant_audit_events_tenant_action", "tenant_id", "action"),
    )


class PlatformAuditEvent(AuditColumns, Base):
    __tablename__ = "platform_audit_events"


def about_person(person_id: int):
    """Entries whose object is the person, or that name the person in their details
    (a participant's own actions in the portal)."""
    return or_(
        (TenantAuditEvent.object_type == "Person") & (TenantAuditEvent.object_id == str(person_id)),
        TenantAuditEvent.details["person"].as_integer() == person_id,
    )


def _events_about(person_id: int) -> list[dict]:
    query = select(TenantAuditEvent).where(about_person(person_id)).order_by(TenantAuditEvent.at)
    return [
        {"at": plain(e.at), "action": e.action, "by_staff_user": e.actor_id, "details": e.details}
        for e in db.session.scalars(query)
    ]


PERSON_DATA = (
    person_data(
        TenantAuditEvent,
        TenantAuditEvent.object_id,
        title=_l("Audit entries about the person"),
        purpose=_l("Accountability: who has read or changed the data, and when"),
        rows=_events_about,
        erasure=keep_rows,
    ),
)
