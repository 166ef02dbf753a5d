"""The one audit helper every domain calls."""

from __future__ import annotations

from sqlalchemy import select

from kaari import db
from kaari.audit.models import PlatformAuditEvent, TenantAuditEvent
from kaari.tenancy.scoping import current_tenant_id


def record(
    action: str,
    *,
    actor_id: int | None,
    ip: str = "",
    obj: object | None = None,
    tenant_id: int | None = None,
    **details,
) -> None:
    """Add an audit entry to the current transaction.

    It lands in the tenant's log when a tenant is given or in scope, else in
    the platform log. `obj` is any mapped object with an `id`.
    """
    tenant_id = tenant_id if tenant_id is not None else current_tenant_id()
    columns = {
        "action": action,
        "actor_id": actor_id,
        "ip": ip or "",
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": str(obj.id) if obj is not None else "",
        "details": details,
    }
    if tenant_id is None:
        db.session.add(PlatformAuditEvent(**columns))
    else:
        db.session.add(TenantAuditEvent(tenant_id=tenant_id, **columns))


def recent_tenant_events(limit: int = 100) -> list[TenantAuditEvent]:
    query = select(TenantAuditEvent).order_by(TenantAuditEvent.at.desc()).limit(limit)
    return list(db.session.scalars(query))


def recent_platform_events(limit: int = 100) -> list[PlatformAuditEvent]:
    query = select(PlatformAuditEvent).order_by(PlatformAuditEvent.at.desc()).limit(limit)
    return list(db.session.scalars(query))
