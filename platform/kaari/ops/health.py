"""Health probes for load balancers and Kubernetes.

* `/healthz`: the process answers (liveness). It touches nothing else, so a
  database outage never makes Kubernetes restart healthy web pods.
* `/readyz`: this replica can serve (readiness): the database answers, Redis
  answers when jobs go through it, and the schema is at the newest migration.
  The body names each check and its result, never a connection string.
"""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kaari.extensions import limiter

bp = Blueprint("health", __name__)


def expected_heads() -> frozenset[str]:
    """The newest migration(s) shipped with this code (read once per process)."""
    from kaari import migrate

    heads = current_app.extensions.get("kaari_migration_heads")
    if heads is None:
        config = migrate.alembic_config(current_app.config["MIGRATE_DATABASE_URL"])
        heads = frozenset(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["kaari_migration_heads"] = heads
    return heads


def database_heads() -> frozenset[str]:
    """The migration(s) the database is at; raises SQLAlchemyError if unreachable."""
    engine = current_app.extensions["kaari_engine"]
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return frozenset(row[0] for row in rows)


def readiness(app: Flask) -> dict[str, str]:
    """Each check's outcome: "ok" or a short reason (no secrets, no addresses)."""
    checks: dict[str, str] = {}
    try:
        current = database_heads()
    except SQLAlchemyError as error:
        checks["database"] = f"unreachable ({type(error.__cause__ or error).__name__})"
        checks["migrations"] = "unknown"
    else:
        checks["database"] = "ok"
        behind = expected_heads() - current
        checks["migrations"] = "ok" if not behind else "pending: " + ", ".join(sorted(behind))
    if app.config["REDIS_URL"]:
        from kaari.jobs import redis_connection

        try:
            redis_connection(app).ping()
            checks["redis"] = "ok"
        except RedisError as error:
            checks["redis"] = f"unreachable ({type(error).__name__})"
    return checks


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = readiness(current_app._get_current_object())
    ready = all(value == "ok" for value in checks.values())
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
