"""The tenant wall: the `TenantOwned` mixin and automatic scoping of every ORM statement.

Plumbing, not part of `tenancy`: every layer stands behind the wall, the jobs, the
scheduler and the file store included, so it sits below them all (docs/ARCHITECTURE.md,
"The layer contract"). `tenancy` owns the tenants themselves.

The active scope lives in a context variable, so requests, CLI commands and RQ
jobs share one mechanism:

* every ORM SELECT, UPDATE and DELETE touching a tenant-owned model gets
  `tenant_id = <active tenant>` added (`with_loader_criteria`, which also
  reaches relationship loads);
* such a statement with no tenant in scope raises `TenantScopeError`, unless
  the code opted into cross-tenant access with `cross_tenant()`;
* new tenant-owned rows get `tenant_id` from the scope, and a row for another
  tenant is refused at flush;
* on PostgreSQL each transaction carries the scope in `app.tenant_id` and
  `app.cross_tenant`, which the row-level security policies read;
* a `cross_tenant()` block talks to the database as the cross-tenant role
  (CROSS_TENANT_DATABASE_URL), nested tenant scopes included: the app's own role
  may set `app.cross_tenant` but the policies ignore it (`kaari.tenancy.rls`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass

from sqlalchemy import ForeignKey, event, text
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql import visitors

from kaari.core import db


class TenantOwned:
    """Mixin for every table that belongs to one tenant.

    Rows get `tenant_id` from the active tenant scope on insert, and every ORM
    query is filtered to that tenant (below). On PostgreSQL a row-level security
    policy is the second wall (`kaari.tenancy.rls`).
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True
        )


class TenantScopeError(RuntimeError):
    """Tenant-owned data was touched without a tenant in scope."""


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None = None
    cross_tenant: bool = False


_scope: ContextVar[Scope] = ContextVar("kaari_tenant_scope", default=Scope())  # noqa: B039 (frozen)


def current_tenant_id() -> int | None:
    return _scope.get().tenant_id


def enter(scope: Scope) -> Token:
    """Activate a scope; pair with `leave`. Prefer the context managers."""
    token = _scope.set(scope)
    _sync_transaction(db.session())
    return token


def leave(token: Token) -> None:
    _scope.reset(token)
    _sync_transaction(db.session())


@contextmanager
def _scoped(scope: Scope) -> Iterator[None]:
    token = enter(scope)
    try:
        yield
        # Rows added in the block are written while the scope is still set.
        db.session.flush()
    finally:
        leave(token)


def tenant_scope(tenant_id: int):
    """Run a block as one tenant: queries see only its rows, inserts belong to it."""
    return _scoped(Scope(tenant_id=tenant_id))


@contextmanager
def cross_tenant() -> Iterator[None]:
    """Explicitly read or write across tenants (platform and national code only),
    on the cross-tenant role's connection. What the session has pending is written
    first, on the connection it belongs to; the block sees committed rows and its own."""
    db.session.flush()
    with db.on_cross_tenant_engine(), _scoped(Scope(cross_tenant=True)):
        yield


def _settings_sql(scope: Scope) -> tuple:
    tenant = "" if scope.tenant_id is None else str(scope.tenant_id)
    return (
        text(
            "SELECT set_config('app.tenant_id', :tenant, true),"
            " set_config('app.cross_tenant', :cross, true)"
        ),
        {"tenant": tenant, "cross": "on" if scope.cross_tenant else "off"},
    )


def _sync_transaction(session: Session) -> None:
    """Carry a scope change into a PostgreSQL transaction already under way."""
    if not session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        return
    session.connection().execute(*_settings_sql(_scope.get()))


@event.listens_for(db.session_factory, "after_begin")
def _set_transaction_scope(_session, _transaction, connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(*_settings_sql(_scope.get()))


def _tenant_tables() -> frozenset:
    return frozenset(
        mapper.local_table
        for mapper in db.Base.registry.mappers
        if issubclass(mapper.class_, TenantOwned)
    )


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    """Whether any tenant-owned table appears anywhere in the statement (joins too)."""
    tenant_tables = _tenant_tables()
    return any(element in tenant_tables for element in visitors.iterate(state.statement))


@event.listens_for(db.session_factory, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # criteria of the parent statement propagate to these loads
    if not (state.is_select or state.is_update or state.is_delete):
        return
    scope = _scope.get()
    if scope.cross_tenant:
        return
    if scope.tenant_id is None:
        if not _touches_tenant_data(state):
            return
        raise TenantScopeError(
            "tenant-owned data queried with no tenant in scope; use tenant_scope() "
            "or, for platform code, cross_tenant()"
        )
    tenant_id = scope.tenant_id
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantOwned, lambda cls: cls.tenant_id == tenant_id, include_aliases=True
        )
    )


@event.listens_for(db.session_factory, "before_flush")
def _stamp_new_rows(session: Session, _context, _instances) -> None:
    scope = _scope.get()
    for obj in session.new:
        if not isinstance(obj, TenantOwned):
            continue
        if obj.tenant_id is None:
            if scope.tenant_id is None:
                raise TenantScopeError(f"new {type(obj).__name__} has no tenant in scope")
            obj.tenant_id = scope.tenant_id
        elif not scope.cross_tenant and obj.tenant_id != scope.tenant_id:
            raise TenantScopeError(
                f"new {type(obj).__name__} belongs to tenant {obj.tenant_id}, "
                f"scope is {scope.tenant_id}"
            )
