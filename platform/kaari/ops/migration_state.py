"""Whether a database's schema is at the newest migration this code ships."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text


@cache
def shipped_heads() -> frozenset[str]:
    """The newest migration(s) in migrations/ (read once per process)."""
    from kaari.core import migrate

    config = migrate.alembic_config("sqlite://")
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def applied_heads(engine: Engine) -> frozenset[str]:
    """The migration(s) the database is at (none before the first upgrade); raises
    SQLAlchemyError when the database cannot be reached."""
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "alembic_version"):
            return frozenset()
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return frozenset(row[0] for row in rows)


def pending(engine: Engine) -> list[str]:
    """The shipped head migrations the database has not reached, sorted."""
    return sorted(shipped_heads() - applied_heads(engine))
