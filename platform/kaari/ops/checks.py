"""`kaari check`: is this configuration ready to start? Every setting is checked,
not only the first bad one, and each finding says what to do about it.

The checks read the configuration mapping and talk to the services it names
(database, Redis, SMTP); they need no Flask app, so they run even when the app
itself would refuse to start.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import make_url, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kaari.core import db
from kaari.core.config import DEFAULT_SECRET_KEY
from kaari.core.encryption import (
    DEVELOPMENT_KEY,
    HOW_TO_MAKE_A_KEY,
    UnreadableSecret,
    decrypt,
    key_problem,
)
from kaari.tenancy.rls import CROSS_ROLE

OK, WARNING, ERROR = "ok", "warning", "error"
CONNECT_TIMEOUT = 5


@dataclass(frozen=True)
class Finding:
    level: str
    setting: str
    message: str


Check = Callable[[dict], Iterator[Finding]]


def _production(config: dict) -> bool:
    return config["ENV_NAME"] == "production"


def _bad(config: dict, setting: str, message: str) -> Finding:
    """A problem: an error in production, a warning in development."""
    return Finding(ERROR if _production(config) else WARNING, setting, message)


def check_environment(config: dict) -> Iterator[Finding]:
    yield Finding(OK, "KAARI_ENV", config["ENV_NAME"])


def check_secret_key(config: dict) -> Iterator[Finding]:
    key = config["SECRET_KEY"]
    if key in ("", DEFAULT_SECRET_KEY):
        yield _bad(
            config,
            "SECRET_KEY",
            "not set: generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`",
        )
    elif len(key) < 32:
        yield _bad(config, "SECRET_KEY", f"only {len(key)} characters; use at least 32 random ones")
    else:
        yield Finding(OK, "SECRET_KEY", f"set ({len(key)} characters)")


def check_totp_key(config: dict) -> Iterator[Finding]:
    """The key must be one, not the development one in production, and open what is stored."""
    key = config["TOTP_ENCRYPTION_KEY"]
    problem = key_problem(key)
    if problem:
        yield Finding(ERROR, "TOTP_ENCRYPTION_KEY", problem)
        return
    if key == DEVELOPMENT_KEY:
        yield _bad(config, "TOTP_ENCRYPTION_KEY", f"not set: {HOW_TO_MAKE_A_KEY}")
    stored = _stored_totp_secrets(config["DATABASE_URL"])
    unreadable = sum(1 for sealed in stored if not _opens(sealed, key))
    if unreadable:
        yield Finding(
            ERROR,
            "TOTP_ENCRYPTION_KEY",
            f"cannot decrypt {unreadable} of {len(stored)} stored two-factor secrets: set the "
            "key they were encrypted with (or run `kaari db upgrade` if it has not run yet)",
        )
    elif key != DEVELOPMENT_KEY:
        yield Finding(OK, "TOTP_ENCRYPTION_KEY", f"set; opens all {len(stored)} stored secrets")


def _stored_totp_secrets(url: str) -> list[str]:
    """The encrypted TOTP secrets, or none if the database cannot be read (its own check
    says why)."""
    try:
        engine = _engine_for(url)
    except ArgumentError:
        return []
    try:
        with engine.connect() as connection:
            query = text("SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL")
            return list(connection.execute(query).scalars())
    except SQLAlchemyError:
        return []
    finally:
        engine.dispose()


def _opens(sealed: str, key: str) -> bool:
    try:
        decrypt(sealed, key)
    except UnreadableSecret:
        return False
    return True


def check_base_url(config: dict) -> Iterator[Finding]:
    url = urlsplit(config["BASE_URL"])
    if url.scheme not in ("http", "https") or not url.hostname:
        yield Finding(ERROR, "BASE_URL", f"not a web address: {config['BASE_URL']!r}")
    elif _production(config) and url.scheme != "https":
        yield Finding(
            ERROR, "BASE_URL", "must start with https:// in production (links in mail use it)"
        )
    elif _production(config) and url.hostname in ("localhost", "127.0.0.1"):
        yield Finding(ERROR, "BASE_URL", "points at this machine; links in mail would not work")
    else:
        yield Finding(OK, "BASE_URL", config["BASE_URL"])


def _database_address(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "memory"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def _engine_for(url: str):
    """An engine that gives up on an unreachable server after CONNECT_TIMEOUT seconds."""
    backend = make_url(url).get_backend_name()
    arguments = (
        {"connect_args": {"connect_timeout": CONNECT_TIMEOUT}} if backend == "postgresql" else {}
    )
    return db.make_engine(url, **arguments)


def check_database(config: dict) -> Iterator[Finding]:
    from kaari.ops.migration_state import pending

    url = config["DATABASE_URL"]
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        yield Finding(
            ERROR, "DATABASE_URL", "not a database URL (postgresql+psycopg://user@host/db)"
        )
        return
    if backend == "sqlite" and _production(config):
        yield Finding(ERROR, "DATABASE_URL", "SQLite is for development; use PostgreSQL")
        return
    engine = _engine_for(url)
    address = _database_address(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            yield Finding(OK, "DATABASE_URL", f"reachable at {address}")
            if backend == "postgresql":
                yield from _check_app_role(connection)
        behind = pending(engine)
    except SQLAlchemyError as error:
        reason = type(error.__cause__ or error).__name__
        yield Finding(ERROR, "DATABASE_URL", f"cannot connect to {address} ({reason})")
        return
    finally:
        engine.dispose()
    if behind:
        yield Finding(
            ERROR, "migrations", f"not yet applied: {', '.join(behind)}; run `kaari db upgrade`"
        )
    else:
        yield Finding(OK, "migrations", "the schema is at the newest migration")


def _check_app_role(connection) -> Iterator[Finding]:
    """Row-level security holds only for a role that is neither superuser nor exempt."""
    superuser, bypass = connection.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).one()
    if superuser or bypass:
        yield Finding(
            ERROR,
            "DATABASE_URL",
            "the app's role is a superuser or may bypass row-level security; connect as a "
            "NOSUPERUSER NOBYPASSRLS role and keep the owner for MIGRATE_DATABASE_URL",
        )
    elif _is_cross_member(connection) or _sees_across_tenants(connection):
        yield Finding(
            ERROR,
            "DATABASE_URL",
            f"the app's role can read across tenants: it must not be a member of {CROSS_ROLE} "
            "(REVOKE it), which only CROSS_TENANT_DATABASE_URL connects as",
        )


def _is_cross_member(connection) -> bool:
    return bool(
        connection.execute(
            text(
                "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles"
                " WHERE rolname = :role"
            ),
            {"role": CROSS_ROLE},
        ).scalar()
    )


def _sees_across_tenants(connection) -> bool:
    """What an intruder in the app would try: the cross-tenant flag set by hand and no
    tenant; the app's role must then see no tenant's row (when the schema is there)."""
    if connection.execute(text("SELECT to_regclass('memberships')")).scalar() is None:
        return False
    try:
        connection.execute(text("SELECT set_config('app.cross_tenant', 'on', true)"))
        return bool(connection.execute(text("SELECT count(*) FROM memberships")).scalar())
    finally:
        connection.rollback()


def check_cross_tenant_database(config: dict) -> Iterator[Finding]:
    """The role cross-tenant work connects as: a member of kaari_cross that cannot
    bypass row-level security, and not the app's own role."""
    setting, url = "CROSS_TENANT_DATABASE_URL", config.get("CROSS_TENANT_DATABASE_URL")
    try:
        postgres = make_url(config["DATABASE_URL"]).get_backend_name() == "postgresql"
    except ArgumentError:
        return  # check_database names it
    if not postgres:
        if url and url != config["DATABASE_URL"]:
            yield Finding(ERROR, setting, "must be unset (or DATABASE_URL) off PostgreSQL")
        else:
            yield Finding(OK, setting, "the same database (no row-level security off PostgreSQL)")
        return
    if not url or url == config["DATABASE_URL"]:
        yield _bad(
            config,
            setting,
            f"not set: the national rollup, sweeps and platform administration would run as "
            f"the app's role, which sees one tenant at a time; connect as {CROSS_ROLE}",
        )
        return
    engine = db.make_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    address = _database_address(url)
    try:
        with engine.connect() as connection:
            yield from _check_cross_role(connection, address)
    except SQLAlchemyError as error:
        reason = type(error.__cause__ or error).__name__
        yield Finding(ERROR, setting, f"cannot connect to {address} ({reason})")
    finally:
        engine.dispose()


def _check_cross_role(connection, address: str) -> Iterator[Finding]:
    setting = "CROSS_TENANT_DATABASE_URL"
    superuser, bypass, owns = connection.execute(
        text(
            "SELECT rolsuper, rolbypassrls,"
            " EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = current_user)"
            " FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    if superuser or bypass or owns:
        yield Finding(
            ERROR,
            setting,
            "the cross-tenant role is a superuser, may bypass row-level security or owns "
            f"tables; connect as {CROSS_ROLE} (NOSUPERUSER NOBYPASSRLS, not the owner)",
        )
    elif not _is_cross_member(connection):
        yield Finding(
            ERROR,
            setting,
            f"the role is not a member of {CROSS_ROLE} (or {CROSS_ROLE} does not exist): "
            "row-level security would show it one tenant at a time",
        )
    else:
        yield Finding(OK, setting, f"reachable at {address} as a member of {CROSS_ROLE}")


def check_redis(config: dict) -> Iterator[Finding]:
    from redis import Redis
    from redis.exceptions import RedisError, ResponseError

    url = config["REDIS_URL"]
    if not url:
        yield _bad(config, "REDIS_URL", "not set: jobs and mail run inside web requests")
        return
    client = Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT
    )
    address = urlsplit(url)
    where = f"{address.hostname}:{address.port or 6379}"
    try:
        client.ping()
    except RedisError as error:
        yield Finding(ERROR, "REDIS_URL", f"cannot connect to {where} ({type(error).__name__})")
        return
    try:
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except ResponseError:
        policy = None  # managed services may forbid CONFIG
    finally:
        client.close()
    if policy is None:
        yield Finding(
            WARNING, "REDIS_URL", f"reachable at {where}; make sure maxmemory-policy is noeviction"
        )
    elif policy != "noeviction":
        yield Finding(
            ERROR,
            "REDIS_URL",
            f"maxmemory-policy is {policy}: set noeviction, or queued jobs can be evicted",
        )
    else:
        yield Finding(OK, "REDIS_URL", f"reachable at {where}, maxmemory-policy noeviction")


def check_mail(config: dict) -> Iterator[Finding]:
    from kaari.mail.transport import DeliveryError, SmtpTransport

    sender = parseaddr(config["MAIL_FROM"])[1]
    try:
        validate_email(sender, check_deliverability=False)
    except EmailNotValidError:
        yield _bad(config, "MAIL_FROM", f"not an address on the internet: {config['MAIL_FROM']!r}")
    else:
        yield Finding(OK, "MAIL_FROM", config["MAIL_FROM"])
    url = config["MAIL_URL"]
    if not url:
        yield _bad(config, "MAIL_URL", "not set: mail is written to files, nobody receives it")
        return
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        yield Finding(ERROR, "MAIL_URL", "use smtp://user:password@host:587 or smtps://…:465")
        return
    where = f"{parts.hostname}:{parts.port or (465 if parts.scheme == 'smtps' else 25)}"
    try:
        SmtpTransport(url).verify()
    except DeliveryError as error:
        yield Finding(ERROR, "MAIL_URL", f"{where} did not take us: {error.reason}")
    else:
        yield Finding(OK, "MAIL_URL", f"{where} accepts our connection and sign-in")


def check_storage(config: dict) -> Iterator[Finding]:
    from kaari.core.config import ConfigError
    from kaari.core.storage import FilesystemStore, for_url

    try:
        store = for_url(config["STORAGE_URL"])
    except ConfigError as error:
        yield Finding(ERROR, "STORAGE_URL", str(error))
        return
    if not isinstance(store, FilesystemStore):
        yield Finding(OK, "STORAGE_URL", "files are kept in the database")
    elif _production(config) and not config["STORAGE_ALLOW_FILESYSTEM"]:
        yield Finding(
            ERROR,
            "STORAGE_URL",
            "a directory in production needs STORAGE_ALLOW_FILESYSTEM=1 and one volume shared by every pod; or use database:",
        )
    elif not _writable(store.root):
        yield Finding(ERROR, "STORAGE_URL", f"cannot write to {store.root}")
    else:
        yield Finding(OK, "STORAGE_URL", f"files are kept under {store.root}")


def _writable(folder) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            return True
    except OSError:
        return False


CHECKS: tuple[Check, ...] = (
    check_environment,
    check_secret_key,
    check_totp_key,
    check_base_url,
    check_database,
    check_cross_tenant_database,
    check_redis,
    check_mail,
    check_storage,
)


def run_checks(config: dict, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    return [finding for check in checks for finding in check(config)]
