"""Configuration read from environment variables only (12-factor).

Development defaults are safe on localhost; `production` mode refuses to start
with the default secret key or the development TOTP encryption key.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from kaari.core.encryption import DEVELOPMENT_KEY, key_problem

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (a known placeholder, refused in production)
LANGUAGES = ("fi", "sv", "en")
ENVIRONMENTS = ("development", "production")
LOG_FORMATS = ("json", "text")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says which variable to fix."""


def _instance_path() -> Path:
    return Path(os.environ.get("KAARI_INSTANCE", PROJECT_ROOT / "instance"))


def _whole_number(env, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _one_of(env, name: str, choices: tuple[str, ...], default: str, upper=False) -> str:
    value = env.get(name, "").strip() or default
    value = value.upper() if upper else value.lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _base_url(env) -> str:
    """The public address for links sent by mail: BASE_URL, or else the address
    `make run` serves (KAARI_HOST and KAARI_PORT, 127.0.0.1:5000 by default)."""
    explicit = env.get("BASE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    return f"http://{env.get('KAARI_HOST') or '127.0.0.1'}:{env.get('KAARI_PORT') or 5000}"


def load_config(environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if environ is None else environ
    instance = Path(env.get("KAARI_INSTANCE", _instance_path()))
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'kaari.sqlite'}"
    kind = env.get("KAARI_ENV", "development")
    if kind not in ENVIRONMENTS:
        raise ConfigError(f"KAARI_ENV must be one of {', '.join(ENVIRONMENTS)}, not {kind!r}")
    production = kind == "production"
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        # Encrypts TOTP secrets at rest (kaari.core.encryption). Not derived from SECRET_KEY,
        # which may be rotated: a lost key means every user sets up two-factor again.
        "TOTP_ENCRYPTION_KEY": env.get("TOTP_ENCRYPTION_KEY", "").strip() or DEVELOPMENT_KEY,
        "DATABASE_URL": database_url,
        # Migrations run as the schema owner; the app connects as a role that
        # cannot bypass row-level security (see docs/ARCHITECTURE.md).
        "MIGRATE_DATABASE_URL": env.get("MIGRATE_DATABASE_URL") or database_url,
        # Cross-tenant work (rollups, sweeps, platform administration) connects as a
        # member of kaari_cross, the one role row-level security lets see every
        # tenant; DATABASE_URL's role must not be one (docs/SECURITY.md). Unset: the
        # same as DATABASE_URL (SQLite, which has no row-level security).
        "CROSS_TENANT_DATABASE_URL": env.get("CROSS_TENANT_DATABASE_URL") or None,
        "REDIS_URL": env.get("REDIS_URL") or None,
        "MAIL_URL": env.get("MAIL_URL") or None,
        # Generated PDFs and uploads (kaari.core.storage): in the database in production, so
        # that no web process keeps state on its own disk; a directory in development.
        "STORAGE_URL": env.get("STORAGE_URL")
        or ("database:" if production else (instance / "files").absolute().as_uri()),
        "STORAGE_ALLOW_FILESYSTEM": env.get("STORAGE_ALLOW_FILESYSTEM") == "1",
        "MAIL_FROM": env.get("MAIL_FROM", "Kaari <no-reply@localhost>"),
        "BASE_URL": _base_url(env),
        "INSTANCE_DIR": str(instance),
        "OUTBOX_DIR": str(instance / "outbox"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 200 * 1024,
        # The register import's upload (it alone may exceed MAX_CONTENT_LENGTH) and rows.
        "REGISTER_IMPORT_MAX_BYTES": _whole_number(env, "REGISTER_IMPORT_MAX_MB", 50) * 1024 * 1024,
        "REGISTER_IMPORT_MAX_ROWS": _whole_number(env, "REGISTER_IMPORT_MAX_ROWS", 200_000),
        "WTF_CSRF_TIME_LIMIT": None,  # the CSRF token lives as long as the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "kaari_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "STAFF_SESSION_ABSOLUTE": timedelta(hours=_whole_number(env, "STAFF_SESSION_HOURS", 12)),
        "STAFF_SESSION_IDLE": timedelta(
            minutes=_whole_number(env, "STAFF_SESSION_IDLE_MINUTES", 30)
        ),
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        # Every other form that anyone may post (participants, link holders, the public).
        "PUBLIC_FORM_RATE_LIMIT": env.get("PUBLIC_FORM_RATE_LIMIT", "20 per minute;200 per hour"),
        # The public join form, per address (a bench from one address raises it).
        "JOIN_RATE_LIMIT": env.get("JOIN_RATE_LIMIT", "5 per minute;30 per hour"),
        # A Redis outage must not take the forms down: count in memory meanwhile.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parents[1] / "translations"),
        "LANGUAGES": LANGUAGES,
        "JOBS_INLINE": not env.get("REDIS_URL"),
        "LOG_FORMAT": _one_of(env, "LOG_FORMAT", LOG_FORMATS, "json" if production else "text"),
        "LOG_LEVEL": _one_of(env, "LOG_LEVEL", LOG_LEVELS, "INFO", upper=True),
        # How many proxies (ingress, load balancer) stand in front and set X-Forwarded-*.
        "PROXY_HOPS": _whole_number(env, "PROXY_HOPS", 0),
        "MAIL_LEASE_SECONDS": _whole_number(env, "MAIL_LEASE_SECONDS", 300),
    }


def check_config(config: dict) -> None:
    """Refuse settings that cannot work anywhere or are unsafe in production."""
    production = config["ENV_NAME"] == "production"
    if production and (
        config["SECRET_KEY"] in ("", DEFAULT_SECRET_KEY) or len(config["SECRET_KEY"]) < 32
    ):
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
    problem = key_problem(config["TOTP_ENCRYPTION_KEY"])
    if problem:
        raise ConfigError(f"TOTP_ENCRYPTION_KEY is {problem}")
    if not production:
        return
    if config["TOTP_ENCRYPTION_KEY"] == DEVELOPMENT_KEY:
        raise ConfigError(
            "TOTP_ENCRYPTION_KEY must be set in production (it encrypts the two-factor "
            "secrets; keep it apart from the database backups)"
        )
    if config["DATABASE_URL"].startswith("sqlite"):
        raise ConfigError("DATABASE_URL must point at PostgreSQL in production")
    if config["STORAGE_URL"].startswith("file:") and not config["STORAGE_ALLOW_FILESYSTEM"]:
        raise ConfigError(
            "STORAGE_URL is a directory, which each web and worker process would have "
            "on its own disk: use STORAGE_URL=database: in production, or set "
            "STORAGE_ALLOW_FILESYSTEM=1 if that directory is one volume shared by all of them"
        )
