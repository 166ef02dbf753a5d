"""Schema guard: every tenant-owned table is built the safe way, in the migrated database."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kaari.core import migrate
from kaari.core.config import PROJECT_ROOT
from kaari.models import metadata
from kaari.tenancy.rls import POLICY_NAME, WITHOUT_RLS


def _tenant_tables(inspector) -> list[str]:
    return [
        table
        for table in inspector.get_table_names()
        if any(column["name"] == "tenant_id" for column in inspector.get_columns(table))
    ]


def test_the_guard_sees_the_tenant_tables(owner_engine):
    tables = _tenant_tables(inspect(owner_engine))
    assert {"memberships", "invitations", "target_groups", "tenant_audit_events"} <= set(tables)


def test_tenant_id_is_not_null_with_a_foreign_key_and_a_leading_index(owner_engine):
    inspector = inspect(owner_engine)
    for table in _tenant_tables(inspector):
        column = next(c for c in inspector.get_columns(table) if c["name"] == "tenant_id")
        assert column["nullable"] is False, f"{table}.tenant_id must be NOT NULL"
        foreign_keys = inspector.get_foreign_keys(table)
        assert any(
            fk["constrained_columns"] == ["tenant_id"] and fk["referred_table"] == "tenants"
            for fk in foreign_keys
        ), f"{table}.tenant_id needs a foreign key to tenants"
        leading = [ix["column_names"][0] for ix in inspector.get_indexes(table)]
        leading += [uq["column_names"][0] for uq in inspector.get_unique_constraints(table)]
        assert "tenant_id" in leading, f"{table} needs an index leading on tenant_id"


def test_every_tenant_table_has_forced_row_level_security_and_a_policy(owner_engine):
    if owner_engine.dialect.name != "postgresql":
        pytest.skip("row-level security exists only on PostgreSQL (set TEST_DATABASE_URL)")
    tables = _tenant_tables(inspect(owner_engine))
    with owner_engine.connect() as connection:
        for table in tables:
            rls, forced = connection.execute(
                text("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = :t"),
                {"t": table},
            ).one()
            assert rls and forced, f"{table}: call enable_rls(op, {table!r}) in its migration"
            policies = (
                connection.execute(
                    text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table}
                )
                .scalars()
                .all()
            )
            assert POLICY_NAME in policies, f"{table} has no {POLICY_NAME} policy"


def test_every_table_without_a_tenant_id_is_listed_with_a_reason(owner_engine):
    """A new table is either tenant-owned (and the test above wants its policy) or
    named in `kaari.tenancy.rls.WITHOUT_RLS` with the reason it needs none."""
    inspector = inspect(owner_engine)
    tenant_tables = set(_tenant_tables(inspector))
    others = set(inspector.get_table_names()) - tenant_tables
    assert others - set(WITHOUT_RLS) == set(), "add these to WITHOUT_RLS, or give them RLS"
    assert set(WITHOUT_RLS) & tenant_tables == set()


def test_on_postgresql_every_table_has_rls_or_a_listed_reason(owner_engine):
    if owner_engine.dialect.name != "postgresql":
        pytest.skip("row-level security exists only on PostgreSQL (set TEST_DATABASE_URL)")
    with owner_engine.connect() as connection:
        unprotected = connection.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"
            )
        ).scalars()
        unprotected = set(unprotected)
    assert unprotected - set(WITHOUT_RLS) == set(), "give these RLS or list them in WITHOUT_RLS"
    assert set(WITHOUT_RLS) - unprotected == set(), "these have RLS now: take them off the list"


def test_the_security_document_lists_the_same_tables():
    document = (PROJECT_ROOT / "docs" / "SECURITY.md").read_text()
    section = document.split("### Tables without row-level security and why", 1)[1]
    section = section.split("\n#", 1)[0]
    listed = {line.split("`")[1] for line in section.splitlines() if line.startswith("- `")}
    assert listed == set(WITHOUT_RLS)


def test_the_migrations_match_the_models(owner_engine):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with owner_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, metadata)
    assert differences == [], "run `kaari db revision -m ...` and review the migration"


def test_migrations_downgrade_and_upgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url)
    from sqlalchemy import create_engine

    engine = create_engine(url)
    assert "memberships" in inspect(engine).get_table_names()
    engine.dispose()
