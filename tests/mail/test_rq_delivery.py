"""Delivery through a real Redis, real RQ workers and a real SMTP server.

Skipped without REDIS_URL (`.ci/run` starts Redis and sets it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from rq import SimpleWorker
from sqlalchemy import select, update

from kaari import create_app
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import queue, redis_connection
from kaari.core.scoping import tenant_scope
from kaari.mail import services
from kaari.mail.jobs import sweep_outbox
from kaari.mail.models import OutboxMessage
from tests.mail.smtp_sink import free_port

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server at REDIS_URL")


def _config(app, **overrides) -> dict:
    keys = (
        "TESTING",
        "SECRET_KEY",
        "DATABASE_URL",
        "MIGRATE_DATABASE_URL",
        "CROSS_TENANT_DATABASE_URL",
        "BASE_URL",
        "OUTBOX_DIR",
        "LOGIN_RATE_LIMIT",
    )
    return {**{key: app.config[key] for key in keys}, "JOBS_INLINE": False, **overrides}


@pytest.fixture
def rq_app(app, smtp):
    rq_app = create_app(_config(app, REDIS_URL=REDIS_URL, MAIL_URL=smtp.url))
    redis_connection(rq_app).flushdb()
    yield rq_app
    redis_connection(rq_app).flushdb()


def _queue_invitation(app, world, language: str = "sv") -> int:
    with app.test_request_context(), tenant_scope(world.a.tenant_id):
        message = services.send(
            "staff_invitation",
            to="new@example.org",
            language=language,
            context={"link": "http://x/y", "role": "admin", "inviter": "Ann"},
        )
        db.session.commit()
        return message.id


def _work(app) -> None:
    with app.app_context():
        SimpleWorker([queue(app)], connection=redis_connection(app)).work(burst=True)


def _message(app, world, message_id: int) -> OutboxMessage:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))


def test_a_worker_delivers_queued_mail_in_the_recipients_language(rq_app, world, smtp):
    message_id = _queue_invitation(rq_app, world, "sv")
    assert smtp.sink.messages == []  # queued on RQ, not sent by the web process
    assert queue(rq_app).count == 1
    _work(rq_app)
    [received] = smtp.sink.messages
    assert received["To"] == "new@example.org"
    assert received["Content-Language"] == "sv"
    assert received["Reply-To"] == "coordinator@alpha.example.org"
    assert "Alpha Network" in received["Subject"]
    assert _message(rq_app, world, message_id).status == "sent"


def test_mail_queued_while_redis_is_down_is_delivered_by_the_sweeper(app, rq_app, world, smtp):
    no_redis = create_app(
        _config(app, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", MAIL_URL=smtp.url)
    )
    message_id = _queue_invitation(no_redis, world)  # the commit succeeds without Redis
    assert _message(rq_app, world, message_id).status == "queued"

    with rq_app.app_context(), tenant_scope(world.a.tenant_id):
        stale = utcnow() - timedelta(minutes=2)
        db.session.execute(update(OutboxMessage).values(updated_at=stale))
        db.session.commit()
    with rq_app.app_context():
        assert sweep_outbox() == 1
    _work(rq_app)
    assert len(smtp.sink.messages) == 1
    assert _message(rq_app, world, message_id).status == "sent"


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(app, rq_app, world, smtp, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "MIGRATE_DATABASE_URL": app.config["MIGRATE_DATABASE_URL"],
        "CROSS_TENANT_DATABASE_URL": app.config["CROSS_TENANT_DATABASE_URL"],
        "REDIS_URL": REDIS_URL,
        "MAIL_URL": smtp.url,
        "MAIL_LEASE_SECONDS": "2",
        "KAARI_INSTANCE": str(tmp_path),
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    smtp.sink.hold.clear()  # the server will sit on the message's DATA
    message_id = _queue_invitation(rq_app, world)
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "kaari"), "worker"],
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the worker and its scheduler process die together
    )
    try:
        started = smtp.sink.data_started.wait(timeout=60)
        assert started, (tmp_path / "worker.log").read_text()[-3000:]
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    smtp.sink.hold.set()
    assert _message(rq_app, world, message_id).status == "sending"

    time.sleep(2.5)  # the dead worker's lease runs out
    with rq_app.app_context():
        assert sweep_outbox() == 1
    _work(rq_app)
    message = _message(rq_app, world, message_id)
    assert message.status == "sent"
    assert len(smtp.sink.messages) == 1
