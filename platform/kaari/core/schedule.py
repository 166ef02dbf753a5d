"""Work at a time, and work every so often, in both modes.

* `run_at(when, func, *args, tenant_id=…)` stores a one-off job in the database;
* `add_recurring(func, every=timedelta(...))`, called from a domain's `init_app`,
  registers a periodic function (a sweep);
* `run_due(app)` starts whatever is due. With Redis it runs as an RQ job that the
  worker's scheduler re-schedules every TICK seconds (`kaari worker` seeds it);
  without Redis, `kaari jobs run-due --loop N` (started by `make run`) calls it.

Claims are single UPDATE statements, so several workers never start the same
run twice. Jobs carry ids only; the function re-enters the tenant's scope.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Flask
from redis.exceptions import RedisError
from rq import SimpleWorker
from sqlalchemy import JSON, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core import db
from kaari.core.db import Base, utcnow
from kaari.core.domains import record
from kaari.core.jobs import job_context, queue, redis_connection, run_or_enqueue

log = logging.getLogger(__name__)

TICK_SECONDS = 30


class ScheduledJob(Base):
    """A one-off job waiting for its time. Platform infrastructure, not tenant data:
    `scope_tenant_id` only says in which tenant's scope the function will run."""

    __tablename__ = "scheduled_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    function: Mapped[str] = mapped_column(String(200))
    arguments: Mapped[list] = mapped_column(JSON, default=list)
    scope_tenant_id: Mapped[int | None] = mapped_column(default=None)
    due_at: Mapped[datetime] = mapped_column(index=True)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecurringRun(Base):
    """When each recurring function last started."""

    __tablename__ = "recurring_runs"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_run_at: Mapped[datetime]


@dataclass(frozen=True)
class Recurring:
    func: Callable[[], None]
    every: timedelta

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


RECURRING: dict[str, Recurring] = {}


def add_recurring(func: Callable[[], None], *, every: timedelta) -> None:
    """Register a function (no arguments, enters its own scope) to run periodically."""
    entry = Recurring(func, every)
    record("recurring", entry.name)
    RECURRING[entry.name] = entry


def _path(func: Callable) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def _resolve(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def run_at(when: datetime, func: Callable, *args, tenant_id: int | None = None) -> ScheduledJob:
    """Store a job to run `func(*args)` at `when` (in the session's transaction)."""
    job = ScheduledJob(
        function=_path(func), arguments=list(args), scope_tenant_id=tenant_id, due_at=when
    )
    db.session.add(job)
    return job


def _claim_recurring(entry: Recurring, now: datetime) -> bool:
    claimed = db.session.execute(
        update(RecurringRun)
        .where(RecurringRun.name == entry.name, RecurringRun.last_run_at <= now - entry.every)
        .values(last_run_at=now)
    ).rowcount
    if claimed:
        return True
    if db.session.get(RecurringRun, entry.name) is None:
        db.session.add(RecurringRun(name=entry.name, last_run_at=now))
        return True
    return False


def _claim_one_offs(now: datetime) -> list[ScheduledJob]:
    due = db.session.scalars(
        select(ScheduledJob.id).where(ScheduledJob.started_at.is_(None), ScheduledJob.due_at <= now)
    ).all()
    claimed = []
    for job_id in due:
        won = db.session.execute(
            update(ScheduledJob)
            .where(ScheduledJob.id == job_id, ScheduledJob.started_at.is_(None))
            .values(started_at=now)
        ).rowcount
        if won:
            claimed.append(db.session.get(ScheduledJob, job_id))
    return claimed


def run_scheduled_job(function: str, arguments: list, tenant_id: int | None) -> None:
    """The RQ job behind a one-off: re-enter the scope and call the function."""
    with job_context(tenant_id):
        _resolve(function)(*arguments)


def run_recurring(name: str) -> None:
    RECURRING[name].func()


def run_due(app: Flask, now: datetime | None = None) -> list[str]:
    """Start every due one-off and recurring job; returns what was started."""
    now = now or utcnow()
    with job_context():
        ones = _claim_one_offs(now)
        starts = [(run_scheduled_job, (j.function, j.arguments, j.scope_tenant_id)) for j in ones]
        names = [name for name, entry in sorted(RECURRING.items()) if _claim_recurring(entry, now)]
        starts += [(run_recurring, (name,)) for name in names]
        db.session.commit()
        for func, args in starts:
            run_or_enqueue(app, func, *args)
    return [job.function for job in ones] + names


def tick() -> None:
    """The RQ job that starts due work and schedules the next tick."""
    with job_context() as app:
        try:
            run_due(app)
        finally:
            schedule_tick(app)


def schedule_tick(app: Flask, now: datetime | None = None) -> None:
    """Put the next tick in RQ's scheduler. Its job id names its time slot, so
    workers seeding the same slot make one job, not several."""
    slot = int((now or utcnow()).timestamp() // TICK_SECONDS) + 1
    when = datetime.fromtimestamp(slot * TICK_SECONDS, UTC)
    try:
        queue(app).enqueue_at(
            when, tick, job_id=f"kaari-tick-{slot}", job_timeout=TICK_SECONDS * 4, result_ttl=0
        )
    except RedisError:  # the next worker start or tick seeds it again
        log.exception("could not schedule the next tick")


class Worker(SimpleWorker):
    """`kaari worker`: an RQ SimpleWorker (jobs run in this process, so its SMTP
    connection and database pool are reused) that keeps the schedule alive.

    A Redis outage kills RQ's scheduler process, and a tick that ran during one could
    not schedule the next; RQ restarts its scheduler only at the worker's maintenance
    check, every ten minutes by default, so for that long no sweep ran (the failure
    drill, bench/drill.py, found mail waiting). Here the check comes every tick, and it
    also seeds the next tick (one job per slot, so seeding twice is harmless).
    """

    def __init__(self, app: Flask, queues: list[str]):
        super().__init__(
            queues,
            connection=redis_connection(app),
            maintenance_interval=TICK_SECONDS,
            # The idle wait for a job is this less 15 s: the check then comes in time.
            worker_ttl=TICK_SECONDS + 15,
        )
        self.app = app

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        schedule_tick(self.app)
