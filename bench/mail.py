"""Mail throughput: a real mailing of 20,000 recipients against a plain smtplib loop.

A tenant of 20,000 participants (their languages fi, sv, en in turn), beside other
tenants with people of their own, gets a mailing to all of them as the send request
makes it (`mail.mailings.create`, committed): (a) through Kaari, the write job and
then delivery, both on RQ workers (their own processes, `--workers` of them), SMTP to
a sink in its own process (bench/smtp_sink.py, which records every message it
receives); (b) the same 20,000 messages (built from the outbox rows beforehand) sent
by a plain smtplib loop over one SMTP connection to the same sink. Every row must end
as sent and the sink must have received each exactly once. The ratio printed is the
median of `--rounds` (each round a new mailing to the same people).
The write phase (the send request's commit until every message is written) is
printed on its own line; target <= 10 s on a quiet machine.

Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/14; that database is emptied)
and PostgreSQL for a real figure (BENCH_DATABASE_URL, a fresh database; without it a
throw-away SQLite file).

    .venv/bin/python bench/mail.py [--recipients 20000] [--workers 2] [--rounds 1]

The last line is `mail throughput ratio: X` (ours / plain loop); target >= 0.7.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rq import SimpleWorker
from sqlalchemy import func, insert, select
from support import bench_app, refresh_statistics  # bench/support.py (scripts run from bench/)

from kaari.core import db
from kaari.core.jobs import queue, redis_connection, reset_after_fork
from kaari.core.scoping import tenant_scope
from kaari.mail import mailings
from kaari.mail.delivery import as_email
from kaari.mail.models import Mailing, OutboxMessage
from kaari.participants.models import Person
from kaari.tenancy.services import create_tenant

LANGUAGES = ("fi", "sv", "en")
TIMEOUT = 1800
AUDIENCE = {"key": "participants", "options": ["role:mentor", "role:actor"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_sink(port: int, log: Path) -> subprocess.Popen:
    """The recording sink in its own process, as a real mail server would be."""
    here = Path(__file__).parent
    sink = subprocess.Popen([sys.executable, str(here / "smtp_sink.py"), str(port), str(log)])
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return sink
        time.sleep(0.05)
    raise RuntimeError("the SMTP sink did not start")


def add_people(tenant_id: int, count: int) -> None:
    """`count` participants written directly (a bulk insert, as an import would)."""
    rows = [
        {
            "tenant_id": tenant_id,
            "role": ("actor", "mentor")[number % 2],
            "name": f"Person {number}",
            "email": f"person{number}@example.org",
            "status": "registered",
            "language": LANGUAGES[number % 3],
        }
        for number in range(count)
    ]
    with tenant_scope(tenant_id):
        for start in range(0, count, 5000):
            db.session.execute(insert(Person), rows[start : start + 5000])
        db.session.commit()


def work(app, stop) -> None:
    """An RQ worker process: takes jobs until the bench says stop."""
    reset_after_fork(app)
    with app.app_context():
        worker = SimpleWorker([queue(app)], connection=redis_connection(app))
        while not stop.is_set():
            if not worker.work(burst=True, logging_level="WARNING"):
                time.sleep(0.02)


def _progress(tenant_id: int, mailing_id: int) -> tuple[bool, int]:
    """Whether every message is written, and how many are not sent yet."""
    with tenant_scope(tenant_id):
        written = db.session.scalar(select(Mailing.sent_at).where(Mailing.id == mailing_id))
        unsent = db.session.scalar(
            select(func.count()).where(
                OutboxMessage.mailing_id == mailing_id, OutboxMessage.status != "sent"
            )
        )
        db.session.rollback()  # the next look sees the workers' commits
    return written is not None, unsent


def ours(app, tenant_id: int, round_number: int) -> tuple[int, float, float]:
    """(mailing id, seconds until every message was written, until every one was sent)."""
    with app.test_request_context(), tenant_scope(tenant_id):
        mailing = mailings.create(
            dict.fromkeys(LANGUAGES, f"Round {round_number}"),
            {language: f"Hello in {language}, https://bench.local/" for language in LANGUAGES},
            AUDIENCE,
            created_by_id=None,
            recipient_count=mailings.count(AUDIENCE),
        )
        started = time.perf_counter()
        db.session.commit()  # the write job goes to RQ after this commit
        mailing_id = mailing.id
    writing = None
    while time.perf_counter() - started < TIMEOUT:
        written, unsent = _progress(tenant_id, mailing_id)
        if written and writing is None:
            writing = time.perf_counter() - started
        if written and not unsent:
            return mailing_id, writing, time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"the mailing was not sent in {TIMEOUT} s (see the workers' errors)")


def plain_loop(messages, port: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for message in messages:
            client.send_message(message)
    return time.perf_counter() - started


def received(log: Path) -> list[str]:
    return [line.split()[1] for line in log.read_text().splitlines()]


def seed(app, count: int, other_tenants: int) -> int:
    """The mailing's tenant with `count` people, beside other tenants; returns its id."""
    with app.app_context():
        tenant = create_tenant("bench", "Bench Network", "fi", list(LANGUAGES))
        tenant.contact_email = "coordinator@bench.example.org"
        others = [
            create_tenant(f"other-{n}", f"Other {n}", "fi", ["fi"]) for n in range(other_tenants)
        ]
        db.session.commit()
        add_people(tenant.id, count)
        for other in others:
            add_people(other.id, 1000)
        refresh_statistics()
        return tenant.id


def measure(app, tenant_id: int, round_number: int, log: Path, port: int) -> tuple[float, float]:
    """One round: (seconds writing the messages, ratio of the plain loop's time to ours)."""
    before = len(received(log))
    mailing_id, writing, sending = ours(app, tenant_id, round_number)
    ids = received(log)[before:]
    with tenant_scope(tenant_id):
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.mailing_id == mailing_id)
        ).all()
        assert len(ids) == len(set(ids)) == len(rows), (len(ids), len(set(ids)), len(rows))
        by_language = {code: sum(row.language == code for row in rows) for code in LANGUAGES}
        emails = [as_email(row, app.config["MAIL_FROM"]) for row in rows]
    plain = plain_loop(emails, port)
    count = len(rows)
    print(
        f"round {round_number}: ours {count / sending:.0f} messages/s ({sending:.2f} s);"
        f" plain smtplib loop {count / plain:.0f} messages/s ({plain:.2f} s);"
        f" messages by language {by_language}"
    )
    return writing, plain / sending


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--other-tenants", type=int, default=10)
    args = parser.parse_args()

    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="kaari-mail-bench-")) / "received.log"
    sink = start_sink(port, log)
    workers = []
    stop = multiprocessing.get_context("fork").Event()
    try:
        app = bench_app(
            REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
            JOBS_INLINE=False,
            MAIL_URL=f"smtp://127.0.0.1:{port}",
            SERVER_NAME="bench.local",
            BASE_URL="http://bench.local",
        )
        redis_connection(app).flushdb()
        tenant_id = seed(app, args.recipients, args.other_tenants)
        context = multiprocessing.get_context("fork")
        workers = [
            context.Process(target=work, args=(app, stop), daemon=True) for _ in range(args.workers)
        ]
        for worker in workers:
            worker.start()
        with app.app_context():
            rounds = [
                measure(app, tenant_id, number, log, port) for number in range(1, args.rounds + 1)
            ]
        redis_connection(app).flushdb()
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.terminate()
        sink.terminate()
        sink.wait()

    writes = [writing for writing, _ratio in rounds]
    print(
        f"recipients: {args.recipients}, RQ workers: {args.workers}, rounds: {args.rounds}"
        " (the figures are their medians)"
    )
    print(
        f"writing the mailing's messages (send to all written): {statistics.median(writes):.2f} s"
    )
    print(f"mail throughput ratio: {statistics.median(ratio for _writing, ratio in rounds):.2f}")


if __name__ == "__main__":
    main()
