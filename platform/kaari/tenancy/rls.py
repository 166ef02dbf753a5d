"""PostgreSQL row-level security: the second wall behind ORM scoping.

Migrations call `enable_rls(op, table)` for every tenant-owned table they
create. The policy reads the transaction-local settings written by
`kaari.core.scoping`; after a transaction they read as '' (not NULL),
hence NULLIF. The table is FORCEd so that even its owner is subject to it;
the app connects as a non-owner NOSUPERUSER NOBYPASSRLS role.

Any role may set `app.cross_tenant`, so the flag alone opens nothing: only a
member of `CROSS_ROLE` sees across tenants with it. The web and worker processes
reach that role through CROSS_TENANT_DATABASE_URL, and only inside
`cross_tenant()`; the role in DATABASE_URL must not be a member of it.
"""

from __future__ import annotations

POLICY_NAME = "tenant_isolation"
CROSS_ROLE = "kaari_cross"
PREDICATE = (
    "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::int"
    " OR (current_setting('app.cross_tenant', true) = 'on'"
    f" AND pg_has_role(current_user, '{CROSS_ROLE}', 'MEMBER'))"
)

# Every table without row-level security, with the reason it needs none: none of
# them holds a tenant's rows. docs/SECURITY.md ("Tables without row-level security
# and why") mirrors this list; tests/test_schema.py fails on a table that has
# neither a policy nor an entry here.
WITHOUT_RLS = {
    "alembic_version": "the schema's migration revision; no data",
    "tenants": "the organisations themselves, one row each; looked up by address "
    "before any tenant is in scope",
    "users": "a staff account can belong to several organisations (its memberships "
    "are tenant-owned and have row-level security)",
    "staff_sessions": "a login belongs to an account, checked before a tenant is chosen",
    "recovery_codes": "an account's one-time codes (digests only), like its password",
    "login_failures": "failed sign-ins of an account, counted before a tenant is chosen",
    "platform_outbox_messages": "mail of the platform itself (account mail, invitations "
    "to a new organisation), sent with no tenant in scope",
    "platform_audit_events": "the platform administrators' own log",
    "platform_settings": "platform-wide settings such as the national disclosure threshold",
    "national_facts": "the national rollup: sums over the organisations that report "
    "nationally, no person and no tenant's own rows",
    "rule_sets": "shared matching rule sets that every network may adopt",
    "scheduled_jobs": "the platform's one-off job queue; scope_tenant_id only names the "
    "scope a job runs in",
    "recurring_runs": "when each recurring job last ran; no tenant data",
}


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
