"""What every benchmark needs: a migrated throw-away database and an app on it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from kaari import create_app
from kaari.core import db, migrate


def bench_app(**config) -> Flask:
    """An app on a fresh SQLite file (or BENCH_DATABASE_URL), migrated, with its files
    beside it (or in BENCH_STORAGE_URL); `config` adds to or overrides the defaults."""
    folder = Path(tempfile.mkdtemp(prefix="kaari-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite'}"
    migrate.upgrade(url)
    return create_app(
        {
            "DATABASE_URL": url,
            "MIGRATE_DATABASE_URL": url,
            "SECRET_KEY": "bench" * 8,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "OUTBOX_DIR": str(folder / "outbox"),
            "STORAGE_URL": os.environ.get("BENCH_STORAGE_URL") or (folder / "files").as_uri(),
            **config,
        }
    )


def refresh_statistics() -> None:
    """After seeding, let PostgreSQL's planner see the tables as they are, and mark
    their pages all-visible, as autovacuum does shortly after a bulk insert in
    production (without statistics the planner takes the freshly filled tables for
    empty ones and nests loops over 20,000 people; without the visibility map an
    index-only scan, such as a deep page's, reads every row it skips)."""
    bind = db.session.get_bind()
    if bind.dialect.name == "postgresql":
        db.session.commit()
        with bind.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as vacuum:
            vacuum.execute(text("VACUUM ANALYZE"))


LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def fresh_postgres(url: str) -> str:
    """Drop and create the database `url` names (the bench's own: never a shared
    one), through the server's `postgres` database; returns `url`."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url
