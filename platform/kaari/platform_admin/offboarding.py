"""Tenant offboarding (GDPR Art. 28(3)(g)): at the end of the contract the platform
returns the organisation's data and then deletes it.

The export and the deletion both work from the schema, not from a list kept by
hand: every table with a `tenant_id` column is the tenant's. Rows go as JSON lines,
one table after another, streamed so that a large network does not sit in memory.
The tenant's files (generated PDFs, the logo) come from the file store, whichever it
is, as `stored_files` lines with their bytes in base64, and go with the deletion.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import Table, delete, func, select

from kaari.accounts.models import Membership, User
from kaari.core import db, storage
from kaari.core.db import Base
from kaari.core.schedule import ScheduledJob
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.core.storage import StoredFile
from kaari.tenancy.models import Tenant

BATCH = 1000


def tenant_tables() -> list[Table]:
    """Every table that holds rows of one tenant, parents before children: the app has
    imported every domain's models (tests/platform_admin/test_offboarding.py checks it),
    so the metadata is complete without the aggregator `kaari.models`, which sits above
    every domain."""
    return [table for table in Base.metadata.sorted_tables if "tenant_id" in table.c]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode()}
    return value


def export_lines(tenant_id: int) -> Iterator[str]:
    """The tenant itself, then each table's rows, then its files, as JSON lines."""
    with cross_tenant():
        tenant = db.session.get(Tenant, tenant_id)
        columns = Tenant.__table__.c
        yield _line("tenants", {c.name: getattr(tenant, c.key) for c in columns})
        for table in tenant_tables():
            if table.name == StoredFile.__tablename__:
                continue  # the files come from the store below, wherever it keeps them
            query = select(table).where(table.c.tenant_id == tenant_id)
            for row in db.session.execute(query.execution_options(yield_per=BATCH)).mappings():
                yield _line(table.name, dict(row))
    with tenant_scope(tenant_id):
        store = storage.current()
        for file in list(store.files()):
            row = {"key": file.key, "content_type": file.content_type, "size": file.size}
            yield _line(StoredFile.__tablename__, row | {"content": store.get(file.key)})


def _line(table: str, row: dict) -> str:
    values = {key: _plain(value) for key, value in row.items()}
    return json.dumps({"table": table, "row": values}, ensure_ascii=False, default=str) + "\n"


def remaining_rows(tenant_id: int) -> dict[str, int]:
    """How many rows of the tenant each table still has (after deletion: none)."""
    counts = {}
    with cross_tenant():
        for table in tenant_tables():
            query = select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
            counts[table.name] = db.session.scalar(query)
        jobs = select(func.count()).where(ScheduledJob.scope_tenant_id == tenant_id)
        counts[ScheduledJob.__tablename__] = db.session.scalar(jobs)
    return {name: count for name, count in counts.items() if count}


def delete_tenant(tenant: Tenant) -> list[int]:
    """Delete the tenant and everything of it (children first, so no foreign key
    depends on the database cascading), and the staff accounts that belonged to this
    tenant alone. Returns the ids of the deleted accounts."""
    tenant_id = tenant.id
    with cross_tenant():
        members = set(
            db.session.scalars(select(Membership.user_id).where(Membership.tenant_id == tenant_id))
        )
        with tenant_scope(tenant_id):
            storage.current().delete_all()
        for table in reversed(tenant_tables()):
            db.session.execute(delete(table).where(table.c.tenant_id == tenant_id))
        db.session.execute(delete(ScheduledJob).where(ScheduledJob.scope_tenant_id == tenant_id))
        still_members = set(
            db.session.scalars(select(Membership.user_id).where(Membership.user_id.in_(members)))
        )
        alone = sorted(
            user_id
            for user_id in members - still_members
            if db.session.get(User, user_id).platform_role is None
        )
        if alone:
            db.session.execute(delete(User).where(User.id.in_(alone)))
        db.session.execute(delete(Tenant).where(Tenant.id == tenant_id))
    db.session.expunge_all()
    return alone
