"""Failure drill: the load mix of bench/load.py while things break, then a count of
what was lost or done twice.

Timeline, in seconds of the measured run (after a 10 s warm-up):

*  0: the mailing of 1,000 goes out (as in the load test);
*  once the sink has 100 of it: SIGKILL one RQ worker (a supervisor restarts exited
   workers and pods a few seconds later, as Kubernetes does);
* 40: PostgreSQL restarts (`pg_ctl restart -m fast`);
* 70: Redis stops; 100: it starts again (its append-only file brings the queue back);
* 150: the load stops; applicants whose send failed have been trying again meanwhile.

Then it waits for the outbox to drain (the sweeper runs every 30 s; a message held by
the killed worker comes back when its lease ends, MAIL_LEASE_SECONDS=60 here, 300 in
production) and checks, straight in the database: every join form the client saw
succeed is there exactly once; every message of the mailing is sent and reached the
sink exactly once (by the outbox row in its Message-ID); no job is left queued,
started or failed in RQ. The last line is the verdict.

    .venv/bin/python bench/drill.py
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from collections import Counter

import gevent
import load
import psycopg
from cluster import PG_PORT, Cluster, stop_on_sigterm
from redis import Redis
from rq import Queue
from rq.registry import StartedJobRegistry

ROWS = "SELECT id, status, mailing_id IS NOT NULL FROM outbox_messages"
PENDING = (
    "SELECT (SELECT count(*) FROM outbox_messages WHERE status IN ('queued', 'sending'))"
    " + (SELECT count(*) FROM platform_outbox_messages WHERE status IN ('queued', 'sending'))"
)


def say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def supervise(cluster: Cluster) -> None:
    """Restart exited web pods and workers, as Kubernetes restarts a crashed container."""
    while True:
        for index, worker in enumerate(cluster.workers):
            if worker.poll() is not None:
                say(f"worker {worker.pid} exited ({worker.returncode}); starting a new one")
                cluster.workers[index] = cluster.start_worker()
        for index, pod in enumerate(cluster.pods):
            if pod.poll() is not None:
                say(f"web pod {index} exited ({pod.returncode}); starting a new one")
                cluster.pods[index] = cluster.start_pod(index)
        gevent.sleep(3)


def kill_a_worker_mid_mailing(cluster: Cluster) -> None:
    load.RUN.warm.wait()
    while sum(to.startswith("bench") for *_, to in load.deliveries(cluster.sink_log)) < 100:
        gevent.sleep(0.2)
    victim = cluster.workers[0]
    say(f"SIGKILL RQ worker {victim.pid} with the mailing under way")
    os.kill(victim.pid, signal.SIGKILL)


def break_things(cluster: Cluster) -> None:
    load.RUN.warm.wait()
    gevent.spawn(kill_a_worker_mid_mailing, cluster)
    gevent.sleep(40)
    say("PostgreSQL: restart -m fast")
    cluster.restart_postgres()
    say("PostgreSQL is back")
    gevent.sleep(30)
    say("Redis: stop for 30 s")
    cluster.stop_redis()
    gevent.sleep(30)
    cluster.start_redis()
    say("Redis is back")


def database(sql: str) -> list[tuple]:
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{PG_PORT}/kaari") as connection:
        return connection.execute(sql).fetchall()


def unfinished(cluster: Cluster) -> dict[str, int]:
    """Work not done yet: outbox rows still queued or sending, RQ jobs queued or held
    by a worker. A killed worker's job stays 'started' until its time runs out and a
    worker's maintenance check moves it to failed (about five minutes here)."""
    queue = Queue("default", connection=Redis.from_url(cluster.env["REDIS_URL"]))
    return {
        "outbox rows queued or sending": database(PENDING)[0][0],
        "RQ jobs queued": queue.count,
        "RQ jobs started": StartedJobRegistry(queue=queue).count,
    }


def drain(cluster: Cluster, wait: float) -> dict[str, int]:
    """Wait until all work is done (or the time is up); returns what is left."""
    deadline = time.monotonic() + wait
    while any((left := unfinished(cluster)).values()) and time.monotonic() < deadline:
        gevent.sleep(5)
    return left


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--drain", type=float, default=420, help="most seconds to wait after")
    args = parser.parse_args()
    stop_on_sigterm()
    os.environ["MAIL_LEASE_SECONDS"] = "60"  # production: 300; the drill would wait 5 min
    with Cluster() as cluster:
        say(cluster.describe() + "\nbench-only here too: MAIL_LEASE_SECONDS=60")
        supervisor = gevent.spawn(supervise, cluster)
        gevent.spawn(break_things, cluster)
        run = load.run_mix(cluster.urls, args.seconds, applicants=40, coordinators=10)
        say("load stopped; waiting for the outbox to drain")
        load.report(run, args.seconds)
        started = time.monotonic()
        left = drain(cluster, args.drain)
        print(f"after {time.monotonic() - started:.0f} s of waiting, left: {left}")

        succeeded = {email for email, outcome in run.submissions.items() if outcome == "ok"}
        stored = Counter(
            dict(database("SELECT email, count(*) FROM people WHERE email LIKE 'applicant%'"
                          " GROUP BY email"))
        )  # fmt: skip
        lost = sorted(email for email in succeeded if stored[email] == 0)
        doubled = sorted(email for email, count in stored.items() if count > 1)
        never = len(run.submissions) - len(succeeded)
        print(
            f"join forms: {len(succeeded)} seen to succeed, {len(lost)} of them missing,"
            f" {len(doubled)} stored twice; {never} still failing when the load stopped"
        )

        received = Counter(row for _, row, _ in load.deliveries(cluster.sink_log))
        rows = database(ROWS)
        mailings = database("SELECT count(*) FROM mailings")[0][0]
        bad = Counter()
        for kind in ("mailing", "other mail (join replies)"):
            mine = [(i, status) for i, status, bulk in rows if bulk == (kind == "mailing")]
            times = Counter(received[f"outbox_messages.{i}"] for i, _ in mine)
            statuses = Counter(status for _, status in mine)
            bad[kind] = sum(count for delivered, count in times.items() if delivered != 1)
            print(
                f"{kind}: {len(mine)} rows, statuses {dict(statuses)}; delivered once"
                f" {times[1]}, never {times[0]}, more than once"
                f" {sum(c for d, c in times.items() if d > 1)}"
            )
        print(f"mailings made: {mailings} (one click)")
        supervisor.kill()  # before the cluster stops, or it would restart what stops

    ok = (
        not lost
        and not doubled
        and mailings == 1
        and not any(bad.values())
        and not any(left.values())
    )
    print(f"drill verdict: {'nothing lost, nothing twice' if ok else 'FAILED'}")


if __name__ == "__main__":
    main()
