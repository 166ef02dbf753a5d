"""Health probes for load balancers and Kubernetes.

* `/healthz`: the process answers (liveness). It touches nothing else, so a
  database outage never makes Kubernetes restart healthy web pods.
* `/readyz`: this replica can serve (readiness): the database answers, Redis
  answers when jobs go through it, and the schema is at the newest migration.
  The body names each check and its result, never a connection string.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from kaari.core.extensions import limiter
from kaari.ops.migration_state import pending

bp = Blueprint("health", __name__)


def readiness(app: Flask) -> dict[str, str]:
    """Each check's outcome: "ok" or a short reason (no secrets, no addresses)."""
    checks: dict[str, str] = {}
    try:
        behind = pending(app.extensions["kaari_engine"])
    except SQLAlchemyError as error:
        checks["database"] = f"unreachable ({type(error.__cause__ or error).__name__})"
        checks["migrations"] = "unknown"
    else:
        checks["database"] = "ok"
        checks["migrations"] = "ok" if not behind else "pending: " + ", ".join(behind)
    if app.config["REDIS_URL"]:
        from kaari.core.jobs import redis_connection

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
