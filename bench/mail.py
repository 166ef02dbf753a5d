"""Mail throughput: the whole outbox path against a plain smtplib loop.

2,000 messages go (a) through Kaari: rows written by `send()` in one
transaction, RQ jobs of 200 after commit, one worker, SMTP to a local aiosmtpd
sink (its own process); and (b) through a plain smtplib loop over one SMTP
connection to the same sink. Every row must end as sent. Three rounds; the
ratio printed is their median.
Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/14; the database is
emptied); uses a throw-away SQLite file unless BENCH_DATABASE_URL is set.

    .venv/bin/python bench/mail.py [--messages 2000]

The last line is `mail throughput ratio: X` (ours / plain loop); target >= 0.5.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import time

from rq import SimpleWorker
from sqlalchemy import select
from support import bench_app  # bench/support.py (scripts run from bench/)

from kaari.core import db
from kaari.core.jobs import queue, redis_connection
from kaari.core.scoping import tenant_scope
from kaari.mail.delivery import as_email
from kaari.mail.models import OutboxMessage
from kaari.mail.services import send
from kaari.tenancy.services import create_tenant


def start_sink(port: int) -> subprocess.Popen:
    """An aiosmtpd sink in its own process, as a real mail server would be."""
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ],
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return sink
        time.sleep(0.05)
    raise RuntimeError("the SMTP sink did not start")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def plain_loop(messages, port: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for message in messages:
            client.send_message(message)
    return time.perf_counter() - started


def _ours(app, tenant_id: int, count: int, offset: int) -> tuple[float, float]:
    """Seconds for `count` messages through send(), commit, RQ and one worker."""
    started = time.perf_counter()
    with tenant_scope(tenant_id):
        for number in range(offset, offset + count):
            send(
                "password_reset",
                to=f"person{number}@example.org",
                language=("fi", "sv", "en")[number % 3],
                context={"link": f"http://bench.local/r/{number}", "hours": 1},
            )
    db.session.commit()  # the delivery jobs are enqueued after this commit
    queued = time.perf_counter()
    SimpleWorker([queue(app)], connection=redis_connection(app)).work(
        burst=True, logging_level="WARNING"
    )
    return time.perf_counter() - started, queued - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    count = args.messages

    port = free_port()
    sink = start_sink(port)
    app = bench_app(
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        JOBS_INLINE=False,
        MAIL_URL=f"smtp://127.0.0.1:{port}",
        SERVER_NAME="bench.local",
    )
    redis_connection(app).flushdb()

    ratios = []
    with app.test_request_context():
        tenant = create_tenant("bench", "Bench Network", "fi", ["fi", "sv", "en"])
        tenant.contact_email = "coordinator@bench.example.org"
        db.session.commit()
        for round_number in range(args.rounds):
            ours, writing = _ours(app, tenant.id, count, round_number * count)
            with tenant_scope(tenant.id):
                rows = db.session.scalars(
                    select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(count)
                ).all()
                assert all(row.status == "sent" for row in rows)
                emails = [as_email(row, app.config["MAIL_FROM"]) for row in rows]
            plain = plain_loop(emails, port)
            ratios.append((count / ours) / (count / plain))
            print(
                f"round {round_number + 1}: ours {count / ours:.0f} messages/s ({ours:.2f} s, of"
                f" which writing rows {writing:.2f} s); plain smtplib loop {count / plain:.0f}"
                f" messages/s ({plain:.2f} s)"
            )
    sink.terminate()
    sink.wait()
    redis_connection(app).flushdb()

    print(f"messages per round: {count}, rounds: {args.rounds} (the ratio is their median)")
    print(f"mail throughput ratio: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
