"""The one audit helper every domain calls, and its form for many objects at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from kaari.audit.models import PlatformAuditEvent, TenantAuditEvent, about_person
from kaari.core import db
from kaari.core.paging import Page, Position, keyset_page
from kaari.core.scoping import current_tenant_id


class Identified(Protocol):
    """A mapped object the log can point at."""

    @property
    def id(self) -> object: ...


def record(
    action: str,
    *,
    actor_id: int | None,
    ip: str = "",
    obj: Identified | None = None,
    tenant_id: int | None = None,
    **details,
) -> None:
    """Add an audit entry to the current transaction.

    It lands in the tenant's log when a tenant is given or in scope, else in
    the platform log. `obj` is any mapped object with an `id`.
    """
    tenant_id = tenant_id if tenant_id is not None else current_tenant_id()
    columns = _columns(action, actor_id, ip, obj, details)
    if tenant_id is None:
        db.session.add(PlatformAuditEvent(**columns))
    else:
        db.session.add(TenantAuditEvent(tenant_id=tenant_id, **columns))


def record_each(
    action: str, objects: Iterable[Identified], *, actor_id: int | None, **details
) -> None:
    """One entry per object in the log of the tenant in scope, in one statement: the same
    entries as `record` for each, at the cost of one (an import's thousands of people)."""
    tenant_id = current_tenant_id()
    rows = [
        {"tenant_id": tenant_id, **_columns(action, actor_id, "", obj, details)} for obj in objects
    ]
    if rows:
        db.session.execute(insert(TenantAuditEvent), rows)


def _columns(
    action: str, actor_id: int | None, ip: str, obj: Identified | None, details: dict
) -> dict:
    """An entry's columns but its tenant: what was done, by whom, from where, to what."""
    return {
        "action": action,
        "actor_id": actor_id,
        "ip": ip or "",
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": str(obj.id) if obj is not None else "",
        "details": details,
    }


@dataclass(frozen=True)
class AuditFilter:
    """Which entries a tenant admin looks for; `since` and `until` are UTC bounds."""

    person_id: int | None = None
    actor_id: int | None = None
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None


def tenant_events(filters: AuditFilter, position: Position) -> Page[TenantAuditEvent]:
    """One page of the entries that match, newest first, in one query."""
    query = select(TenantAuditEvent)
    if filters.person_id is not None:
        query = query.where(about_person(filters.person_id))
    if filters.actor_id is not None:
        query = query.where(TenantAuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(TenantAuditEvent.action == filters.action)
    if filters.since is not None:
        query = query.where(TenantAuditEvent.at >= filters.since)
    if filters.until is not None:
        query = query.where(TenantAuditEvent.at < filters.until)
    keys = (TenantAuditEvent.at, TenantAuditEvent.id)
    return keyset_page(query, keys, lambda event: (event.at, event.id), position, descending=True)


def tenant_actions() -> list[str]:
    """Every action the tenant's log has, for the filter's choices: read as a skip
    scan of the index on (tenant, action), one step from each action to the next, so
    it costs the number of actions (a few dozen), not the log's length (a DISTINCT
    reads every entry)."""
    seen = select(func.min(TenantAuditEvent.action).label("action")).cte("actions", recursive=True)
    later = aliased(TenantAuditEvent)
    following = select(func.min(later.action)).where(later.action > seen.c.action)
    actions = seen.union_all(select(following.scalar_subquery()).where(seen.c.action.is_not(None)))
    query = select(actions.c.action).where(actions.c.action.is_not(None))
    return list(db.session.scalars(query.order_by(actions.c.action)))


def recent_platform_events(limit: int = 100) -> list[PlatformAuditEvent]:
    query = select(PlatformAuditEvent).order_by(PlatformAuditEvent.at.desc()).limit(limit)
    return list(db.session.scalars(query))
