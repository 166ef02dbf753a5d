"""Scheduled and recurring work: due jobs start once, in their tenant's scope."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kaari.core import db, schedule
from kaari.core.db import utcnow
from kaari.core.scoping import current_tenant_id
from kaari.tenancy.models import TargetGroup

calls: list[tuple] = []


def remember(label: str) -> None:
    """A job function: records its argument and the tenant scope it ran in."""
    calls.append(
        (label, current_tenant_id(), db.session.scalar(select(func.count(TargetGroup.id))))
    )


@pytest.fixture(autouse=True)
def _fresh_calls():
    calls.clear()
    yield
    calls.clear()


def test_a_job_runs_once_when_due_in_its_tenants_scope(app, world):
    with app.app_context():
        schedule.run_at(
            utcnow() + timedelta(hours=1), remember, "later", tenant_id=world.a.tenant_id
        )
        schedule.run_at(
            utcnow() - timedelta(seconds=1), remember, "now", tenant_id=world.b.tenant_id
        )
        db.session.commit()
        started = schedule.run_due(app)
        schedule.run_due(app)
    assert started.count("tests.test_schedule:remember") == 1
    assert calls == [("now", world.b.tenant_id, 0)]
    with app.app_context():
        schedule.run_due(app, now=utcnow() + timedelta(hours=2))
    assert [call[:2] for call in calls] == [
        ("now", world.b.tenant_id),
        ("later", world.a.tenant_id),
    ]


def test_recurring_work_starts_once_per_interval(app, world, monkeypatch):
    runs = []
    entry = schedule.Recurring(lambda: runs.append(1), timedelta(minutes=5))
    monkeypatch.setitem(schedule.RECURRING, entry.name, entry)
    now = utcnow()
    with app.app_context():
        schedule.run_due(app, now=now)
        schedule.run_due(app, now=now + timedelta(minutes=1))
        schedule.run_due(app, now=now + timedelta(minutes=6))
    assert len(runs) == 2


def test_the_outbox_sweep_is_registered(app):
    assert "kaari.mail.jobs.sweep_outbox" in schedule.RECURRING


def test_the_cli_runs_due_work(app, world):
    with app.app_context():
        schedule.run_at(utcnow(), remember, "cli", tenant_id=world.a.tenant_id)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "run-due"])
    assert result.exit_code == 0, result.output
    assert "tests.test_schedule:remember" in result.output
    assert calls[0][:2] == ("cli", world.a.tenant_id)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server at REDIS_URL")
def test_the_tick_waits_in_rqs_scheduler_once_per_slot(app):
    from rq.registry import ScheduledJobRegistry

    from kaari import create_app
    from kaari.core.jobs import queue, redis_connection

    rq_app = create_app({**app.config, "REDIS_URL": os.environ["REDIS_URL"], "JOBS_INLINE": False})
    redis_connection(rq_app).flushdb()
    now = utcnow()
    schedule.schedule_tick(rq_app, now)
    schedule.schedule_tick(rq_app, now)
    registry = ScheduledJobRegistry(queue=queue(rq_app))
    assert len(registry.get_job_ids()) == 1
    redis_connection(rq_app).flushdb()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server at REDIS_URL")
def test_the_worker_seeds_the_next_tick_at_each_check_every_tick(app):
    """After a Redis outage the chain of ticks may be broken and RQ's scheduler dead:
    the worker's maintenance check, due every tick, seeds the next tick again."""
    from rq.registry import ScheduledJobRegistry

    from kaari import create_app
    from kaari.core.jobs import queue, redis_connection

    rq_app = create_app({**app.config, "REDIS_URL": os.environ["REDIS_URL"], "JOBS_INLINE": False})
    redis_connection(rq_app).flushdb()
    worker = schedule.Worker(rq_app, ["default"])
    worker.last_cleaned_at = utcnow() - timedelta(seconds=schedule.TICK_SECONDS + 1)
    assert worker.should_run_maintenance_tasks
    assert worker.dequeue_timeout <= schedule.TICK_SECONDS
    worker.run_maintenance_tasks()
    registry = ScheduledJobRegistry(queue=queue(rq_app))
    assert [job_id.startswith("kaari-tick-") for job_id in registry.get_job_ids()] == [True]
    redis_connection(rq_app).flushdb()
