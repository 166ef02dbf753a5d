"""tenant_isolation policies: only the cross-tenant role may see across tenants

Until now any role could set `app.cross_tenant` to 'on' and read every tenant's rows,
the app's own role included. Every tenant_isolation policy now also asks that the
current role be a member of kaari_cross (`kaari.tenancy.rls.CROSS_ROLE`), which
cross-tenant work connects as (CROSS_TENANT_DATABASE_URL) and the app's role is not.

The role must exist first (deploy/postgres/init-roles.sh; docs/OPERATIONS.md,
"Upgrading to the cross-tenant role"). Nothing changes on SQLite.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kaari.tenancy.rls import CROSS_ROLE, POLICY_NAME, PREDICATE

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

OLD_PREDICATE = (
    "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::int"
    " OR current_setting('app.cross_tenant', true) = 'on'"
)


def _policy_tables() -> list[str]:
    query = sa.text(
        "SELECT tablename FROM pg_policies WHERE schemaname = current_schema()"
        " AND policyname = :name ORDER BY tablename"
    )
    return list(op.get_bind().execute(query, {"name": POLICY_NAME}).scalars())


def _set_predicate(predicate: str) -> None:
    for table in _policy_tables():
        op.execute(
            f"ALTER POLICY {POLICY_NAME} ON {table} USING ({predicate}) WITH CHECK ({predicate})"
        )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    exists = bind.execute(
        sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": CROSS_ROLE}
    ).scalar()
    if not exists:
        raise RuntimeError(
            f"create the role {CROSS_ROLE} first (as a superuser: CREATE ROLE {CROSS_ROLE} "
            "LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '...'; see docs/OPERATIONS.md)"
        )
    _set_predicate(PREDICATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _set_predicate(OLD_PREDICATE)
