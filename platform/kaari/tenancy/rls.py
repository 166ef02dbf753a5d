"""PostgreSQL row-level security: the second wall behind ORM scoping.

Migrations call `enable_rls(op, table)` for every tenant-owned table they
create. The policy reads the transaction-local settings written by
`kaari.tenancy.scoping`; after a transaction they read as '' (not NULL),
hence NULLIF. The table is FORCEd so that even its owner is subject to it;
the app connects as a non-owner NOSUPERUSER NOBYPASSRLS role.
"""

from __future__ import annotations

POLICY_NAME = "tenant_isolation"
PREDICATE = (
    "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::int"
    " OR current_setting('app.cross_tenant', true) = 'on'"
)


def rls_statements(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {POLICY_NAME} ON {table} USING ({PREDICATE}) WITH CHECK ({PREDICATE})",
    ]


def enable_rls(op, table: str) -> None:
    """Enable and force RLS with the tenant policy (no-op off PostgreSQL)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in rls_statements(table):
        op.execute(statement)
