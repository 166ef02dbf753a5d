"""Shared fixtures: a migrated database (SQLite, or PostgreSQL with
TEST_DATABASE_URL), the app, a form-submitting client and a small world of
two tenants with staff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, make_url, text

from kaari import create_app
from kaari.core import db, migrate, storage
from kaari.core.extensions import limiter
from kaari.models import metadata
from kaari.tenancy.rls import CROSS_ROLE
from tests.helpers import Client, World, build_world

# pytest-xdist runs the suite in several processes ("gw0", "gw1", ...): each gets a
# database and a Redis database of its own, since tests empty both as they go.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER.removeprefix("gw") or 0)

# The throw-away database the PostgreSQL run creates; another name lets two runs share a server.
POSTGRES_DATABASE = os.environ.get("TEST_DATABASE_NAME", "kaari_test") + (
    f"_{WORKER}" if WORKER else ""
)


def _redis_url_of_this_worker(url: str) -> str:
    """The worker's own Redis database: the configured one counting down (15, 14, ...)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) - WORKER_NUMBER
    return urlunsplit(parts._replace(path=f"/{number % 16}"))


if WORKER and os.environ.get("REDIS_URL"):
    # Read at import time by the Redis tests' skip markers, so set before they load.
    os.environ["REDIS_URL"] = _redis_url_of_this_worker(os.environ["REDIS_URL"])


def pytest_configure(config):
    """Compile the message catalogues, so that a bare `pytest` sees the translations too
    (once, in the main process: xdist's workers start after it)."""
    if hasattr(config, "workerinput"):
        return
    from babel.messages.frontend import CommandLineInterface

    from kaari.core.config import PROJECT_ROOT

    catalogs = PROJECT_ROOT / "platform" / "kaari" / "translations"
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(catalogs), "-D", "messages"])


ROLES_LOCK = 7_204_201  # any number the test runs agree on


def _provision_postgres(admin_url: str) -> tuple[str, str]:
    """A fresh database owned by kaari_owner; the app connects as kaari_app, and its
    cross-tenant work as kaari_cross (`_cross_tenant_url`), as in deploy/postgres.

    No role is a superuser or may bypass row-level security.
    """
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        # The workers start together: on a new server, one creates the roles at a time.
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ROLES_LOCK})
        for role in ("kaari_owner", "kaari_app", CROSS_ROLE):
            if not connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
            ).scalar():
                connection.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS"))
        connection.execute(text(f"GRANT {CROSS_ROLE} TO kaari_owner"))
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ROLES_LOCK})
        connection.execute(text(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {POSTGRES_DATABASE} OWNER kaari_owner"))
    admin.dispose()
    base = make_url(admin_url).set(database=POSTGRES_DATABASE, password=None)
    owner = base.set(username="kaari_owner").render_as_string(hide_password=False)
    app = base.set(username="kaari_app").render_as_string(hide_password=False)
    return app, owner


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory) -> tuple[str, str]:
    """(app role URL, owner URL), migrated to the newest revision."""
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if admin_url:
        app_url, owner_url = _provision_postgres(admin_url)
    else:
        path = tmp_path_factory.mktemp("db") / "kaari.sqlite"
        app_url = owner_url = f"sqlite:///{path}"
    migrate.upgrade(owner_url, app_url=app_url)
    return app_url, owner_url


def _cross_tenant_url(app_url: str) -> str:
    """The cross-tenant role's URL: kaari_cross on PostgreSQL, the same file on SQLite."""
    url = make_url(app_url)
    if url.get_backend_name() != "postgresql":
        return app_url
    return url.set(username=CROSS_ROLE).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def storage_url(tmp_path_factory) -> str:
    """The file store of the test app: a temporary directory, or TEST_STORAGE_URL
    (`database:` runs the suite on the production default)."""
    return os.environ.get("TEST_STORAGE_URL") or tmp_path_factory.mktemp("files").as_uri()


@pytest.fixture(scope="session")
def app(database_urls, storage_url, tmp_path_factory):
    app_url, owner_url = database_urls
    outbox = tmp_path_factory.mktemp("outbox")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "DATABASE_URL": app_url,
            "MIGRATE_DATABASE_URL": owner_url,
            "CROSS_TENANT_DATABASE_URL": _cross_tenant_url(app_url),
            "BASE_URL": "http://localhost",
            "OUTBOX_DIR": str(outbox),
            "STORAGE_URL": storage_url,
            "MAIL_URL": None,
            # Jobs run inline here; tests of RQ delivery build their own app with Redis.
            "REDIS_URL": None,
            "JOBS_INLINE": True,
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "JOIN_RATE_LIMIT": "1000 per minute",
            "PUBLIC_FORM_RATE_LIMIT": "1000 per minute",
            "JOIN_MIN_SECONDS": 0,
            # A real scrypt hash costs a quarter of a second; tests/accounts/test_hashing.py
            # checks the production method.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    return app


@pytest.fixture(scope="session")
def owner_engine(database_urls):
    engine = db.make_engine(database_urls[1])
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request, owner_engine, storage_url):
    """Every test starts from empty tables (the schema stays) and no files (ids are
    used again, so tenant 1's files must not outlive the test)."""
    yield
    if "app" not in request.fixturenames:
        return
    db.session.remove()
    if storage_url.startswith("file:"):
        for folder in Path(storage.for_url(storage_url).root).iterdir():
            shutil.rmtree(folder)
    tables = [table.name for table in reversed(metadata.sorted_tables)]
    with owner_engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app) -> Client:
    limiter.reset()
    return Client(app)


@pytest.fixture
def world(app) -> World:
    """Two tenants, A and B, each with an admin, a coordinator and a partner."""
    with app.app_context():
        return build_world()


@pytest.fixture
def outbox(app) -> Path:
    folder = Path(app.config["OUTBOX_DIR"])
    for old in folder.glob("*.eml"):
        old.unlink()
    return folder


def pytest_report_header(config):
    backend = "PostgreSQL" if os.environ.get("TEST_DATABASE_URL") else "SQLite"
    redis = "Redis at REDIS_URL" if os.environ.get("REDIS_URL") else "no Redis"
    files = os.environ.get("TEST_STORAGE_URL") or "files in a temporary directory"
    return f"kaari: {backend}, {redis}, {files}"
