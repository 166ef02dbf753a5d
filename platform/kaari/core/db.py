"""The database: declarative base, engines and the scoped session.

One scoped session serves requests, CLI commands and jobs alike; it talks to
the engines of the app in context, and tenant scoping is attached to it in
`kaari.core.scoping`. The app has two engines: DATABASE_URL's role for
everything, and CROSS_TENANT_DATABASE_URL's role (the only one that row-level
security lets see across tenants) for the blocks inside `cross_tenant()`. With one
URL for both (SQLite, development) they are one engine.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import (
    DateTime,
    Engine,
    MetaData,
    TypeDecorator,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    scoped_session,
    sessionmaker,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use kaari.core.db.utcnow()")
        return value.astimezone(UTC) if value is not None else None  # SQLite keeps no offset

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


ENGINE, CROSS_ENGINE = "kaari_engine", "kaari_cross_engine"
_cross_engine: ContextVar[bool] = ContextVar("kaari_cross_engine", default=False)


def init_engines(app) -> None:
    """The app's engine, and the cross-tenant role's (the same one for the same URL)."""
    url = app.config["DATABASE_URL"]
    cross_url = app.config.get("CROSS_TENANT_DATABASE_URL") or url
    engine = make_engine(url)
    app.extensions[ENGINE] = engine
    app.extensions[CROSS_ENGINE] = engine if cross_url == url else make_engine(cross_url)


def app_engines(app) -> list[Engine]:
    return list(dict.fromkeys((app.extensions[ENGINE], app.extensions[CROSS_ENGINE])))


@contextmanager
def on_cross_tenant_engine() -> Iterator[None]:
    """Send the block's statements, in whatever scope, to the cross-tenant role's
    connection. The block's transaction is that connection's: it sees what is
    committed and what it writes itself, not what the session wrote before on the
    app's connection (`kaari.core.scoping.cross_tenant` flushes those first)."""
    token = _cross_engine.set(True)
    try:
        yield
    finally:
        _cross_engine.reset(token)


class AppSession(Session):
    """A session bound to the engines of the Flask app in context."""

    def get_bind(self, *args, **kwargs):
        if self.bind is None and has_app_context():
            return current_app.extensions[CROSS_ENGINE if _cross_engine.get() else ENGINE]
        return super().get_bind(*args, **kwargs)


session_factory = sessionmaker(class_=AppSession, expire_on_commit=False)
_session_key: ContextVar[int] = ContextVar("kaari_session_key", default=0)
_session_keys = itertools.count(1)
session = scoped_session(
    session_factory, scopefunc=lambda: (threading.get_ident(), _session_key.get())
)


@contextmanager
def separate_session() -> Iterator[None]:
    """Give the block its own session (a job run inline after a request's commit)."""
    token = _session_key.set(next(_session_keys))
    try:
        yield
    finally:
        session.remove()
        _session_key.reset(token)


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets foreign keys and a busy timeout. Statement
    parameters (names, addresses) never appear in its error messages, so never in logs."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough in WAL mode, far fewer fsyncs
    cursor.close()
