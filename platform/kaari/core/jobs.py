"""Background work: after commit, inline or on RQ, always inside a fresh scope.

* `after_commit(callback)` runs a callback once the current transaction has
  committed; a rollback drops it.
* `enqueue(func, *args)` runs `func` after commit: inline when the app has no
  Redis (the `make run` default), else as an RQ job. Jobs get ids only.
* `job_context(tenant_id)` is how a job function starts: in the caller's app
  context, with a session of its own and the tenant's scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from flask import Flask, current_app, has_app_context, has_request_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session

from kaari.core import db
from kaari.core.scoping import tenant_scope

log = logging.getLogger(__name__)

_PENDING = "kaari_after_commit"
_BATCHES = "kaari_after_commit_batches"
QUEUE_NAME = "default"
DEFAULT_JOB_TIMEOUT = 300


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current session's transaction commits."""
    db.session().info.setdefault(_PENDING, []).append(callback)


def batch_after_commit(key: str, item, callback: Callable[[list], None]) -> None:
    """Collect `item` under `key`; after commit, `callback` gets all of them at once."""
    batches = db.session().info.setdefault(_BATCHES, {})
    if key not in batches:
        batches[key] = []
        after_commit(lambda: callback(batches.pop(key)))
    batches[key].append(item)


@event.listens_for(db.session_factory, "after_commit")
def _run_pending(session: Session) -> None:
    callbacks = session.info.pop(_PENDING, [])
    session.info.pop(_BATCHES, None)
    for callback in callbacks:
        callback()


@event.listens_for(db.session_factory, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_BATCHES, None)


def redis_connection(app: Flask) -> Redis:
    if "kaari_redis" not in app.extensions:
        app.extensions["kaari_redis"] = Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=5, socket_timeout=30
        )
    return app.extensions["kaari_redis"]


def queue(app: Flask) -> Queue:
    return Queue(QUEUE_NAME, connection=redis_connection(app))


def run_or_enqueue(app: Flask, func: Callable, *args, job_timeout: int = DEFAULT_JOB_TIMEOUT):
    """Run now (inline mode) or put on the RQ queue. A Redis failure is logged, not
    raised: the work is in the database and the sweeper picks it up."""
    if app.config["JOBS_INLINE"]:
        try:
            func(*args)
        except Exception:
            log.exception("inline job %s failed", func.__name__)
        return
    try:
        queue(app).enqueue(func, *args, job_timeout=job_timeout)
    except RedisError:
        log.warning("could not enqueue %s; the sweeper will retry", func.__name__)


def enqueue(func: Callable, *args, job_timeout: int = DEFAULT_JOB_TIMEOUT) -> None:
    """Run `func(*args)` in the background once the current transaction commits."""
    app = current_app._get_current_object()
    after_commit(lambda: run_or_enqueue(app, func, *args, job_timeout=job_timeout))


def reset_after_fork(app: Flask) -> None:
    """Give a forked child its own connections: the parent's pooled database sockets
    and Redis client are left to the parent (gunicorn workers, RQ job processes)."""
    for engine in db.app_engines(app):
        engine.dispose(close=False)
    app.extensions.pop("kaari_redis", None)


def url_context(app: Flask):
    """A request context under BASE_URL, so that a job can build links with url_for.
    An inline job runs inside the request that started it and uses that one: a second
    request context would share its `g`, and its teardown would end the request's tenant."""
    if has_request_context():
        return nullcontext()
    return app.test_request_context(base_url=app.config["BASE_URL"])


@contextmanager
def job_context(tenant_id: int | None = None) -> Iterator[Flask]:
    """Enter a session of the job's own and the tenant's scope, inside the app of the
    caller: `kaari worker` and the CLI push an app context, an inline job runs in its
    request's. Plumbing builds no app of its own (docs/ARCHITECTURE.md, "The layer
    contract"), so a job that runs outside one is a mistake and says so."""
    if not has_app_context():
        raise RuntimeError("a job runs inside the app: start workers with `kaari worker`")
    app = current_app._get_current_object()
    scope = tenant_scope(tenant_id) if tenant_id is not None else nullcontext()
    with db.separate_session(), scope:
        yield app
