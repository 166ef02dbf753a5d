"""Alembic environment: Kaari's metadata, SQLite (batch mode) and PostgreSQL.

The URL comes from `kaari.core.migrate` (MIGRATE_DATABASE_URL, the schema owner).
On PostgreSQL the app's own role (the user in DATABASE_URL) and the cross-tenant
role (kaari_cross, whose members connect through CROSS_TENANT_DATABASE_URL) are
granted data access, never ownership, so row-level security applies to them.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import make_url, pool, text

from kaari.core.db import make_engine
from kaari.models import metadata
from kaari.tenancy.rls import CROSS_ROLE

config = context.config


def _url() -> str:
    return config.attributes.get("database_url") or os.environ["MIGRATE_DATABASE_URL"]


def _grant_app_roles(connection) -> None:
    app_url = config.attributes.get("app_database_url") or os.environ.get("DATABASE_URL")
    roles = [make_url(app_url).username] if app_url else []
    cross = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": CROSS_ROLE}
    ).scalar()
    owner = connection.execute(text("SELECT current_user")).scalar()
    for role in dict.fromkeys(roles + ([CROSS_ROLE] if cross else [])):
        if role and role != owner:
            _grant(connection, role)


def _grant(connection, name: str) -> None:
    role = connection.dialect.identifier_preparer.quote(name)
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    connection.execute(
        text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    )
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))


def run_migrations_online() -> None:
    engine = make_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if connection.dialect.name == "postgresql":
                _grant_app_roles(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `kaari db upgrade`")
run_migrations_online()
