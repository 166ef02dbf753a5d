"""Alembic environment: Kaari's metadata, SQLite (batch mode) and PostgreSQL.

The URL comes from `kaari.migrate` (MIGRATE_DATABASE_URL, the schema owner).
On PostgreSQL the app's own role (the user in DATABASE_URL) is granted data
access, never ownership, so row-level security applies to it.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import make_url, pool, text

from kaari.db import make_engine
from kaari.models import metadata

config = context.config


def _url() -> str:
    return config.attributes.get("database_url") or os.environ["MIGRATE_DATABASE_URL"]


def _grant_app_role(connection) -> None:
    app_url = config.attributes.get("app_database_url") or os.environ.get("DATABASE_URL")
    if not app_url:
        return
    app_role = make_url(app_url).username
    owner = connection.execute(text("SELECT current_user")).scalar()
    if not app_role or app_role == owner:
        return
    role = connection.dialect.identifier_preparer.quote(app_role)
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
                _grant_app_role(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `kaari db upgrade`")
run_migrations_online()
