"""Audit entries: who did what to which object, when, from where.

Tenant events (logins to a tenant, role changes, reads of personal data) are
tenant-owned and isolated like any tenant data; platform events (tenant
creation, platform logins) live in their own table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from kaari.db import Base, utcnow
from kaari.tenancy.models import TenantOwned


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
    __table_args__ = (Index("ix_tenant_audit_events_tenant_at", "tenant_id", "at"),)


class PlatformAuditEvent(AuditColumns, Base):
    __tablename__ = "platform_audit_events"
