"""The production layout on this machine, without containers: what the load test and
the failure drill run against, and what anyone can start by hand.

A private PostgreSQL 15 cluster and a private Redis (append-only file, `noeviction`,
as docs/OPERATIONS.md advises), never the machine's own on 5432 / 6379; the schema
owner and the app role (NOSUPERUSER NOBYPASSRLS, not the owner); `kaari db upgrade`
as the owner, `kaari demo load`, and 1,000 registered participants in one demo
organisation for the mailing; an SMTP sink that logs every Message-ID it accepts;
two web "pods" (gunicorn with deploy/gunicorn.conf.py, KAARI_ENV=production) on two
ports and two RQ workers (`kaari worker`), all with the same environment.

    .venv/bin/python bench/cluster.py            # start, print the addresses, Ctrl-C stops

Bench-only settings, printed at start: the rate limits are raised (every simulated
person comes from 127.0.0.1), nothing else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT, REDIS_PORT, SMTP_PORT, WEB_PORT = 55432, 56379, 56025, 58000
SLUG = "tampere-nuoret"
MAILING_AUDIENCE = ("role:other", "status:registered")
MAILING_SIZE = 1000
BENCH_ONLY = {
    # One address stands for thousands of people here; production keeps the defaults.
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "PUBLIC_FORM_RATE_LIMIT": "100000 per minute",
    "JOIN_RATE_LIMIT": "100000 per minute",
}


def wait_until(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {seconds:.0f} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def stop_on_sigterm() -> None:
    """A SIGTERM (timeout, kill) unwinds the `with Cluster()` block like Ctrl-C, so
    nothing is left running."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def _as_postgres() -> dict:
    """initdb and postgres refuse to run as root: run them as the `postgres` user."""
    if os.geteuid() != 0:
        return {}
    import pwd

    entry = pwd.getpwnam("postgres")
    return {"user": entry.pw_uid, "group": entry.pw_gid}


class Cluster:
    """Start with `with Cluster(...) as cluster:`; everything stops on the way out.
    Each process runs in a session of its own: a Ctrl-C reaches only this script, which
    then stops them in order, and a process that will not stop is killed with its
    children (gunicorn's workers would otherwise keep the port)."""

    def __init__(self, *, pods: int = 2, workers: int = 2, sqlite: bool = False, gunicorn_args=""):
        self.folder = Path(tempfile.mkdtemp(prefix="kaari-cluster-"))
        self.sqlite = sqlite
        self.pod_count, self.worker_count = pods, workers
        self.gunicorn_args = gunicorn_args
        self.pods: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.redis: subprocess.Popen | None = None
        self.sink: subprocess.Popen | None = None
        self.sink_log = self.folder / "smtp-received.txt"
        self.pg_data = self.folder / "pg"
        self.env = self._environment()

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{WEB_PORT + n}" for n in range(self.pod_count)]

    def _environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "SECRET_KEY": "bench-cluster-secret-" + "x" * 32,
            "MAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "MAIL_FROM": "Kaari <no-reply@kaari.test>",
            "BASE_URL": "https://kaari.test",
            "KAARI_INSTANCE": str(self.folder / "instance"),
            "PYTHONUNBUFFERED": "1",
            **BENCH_ONLY,
        }
        for name in ("DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL"):
            env.pop(name, None)
        if self.sqlite:  # the newcomer's mode: SQLite, jobs inline (production refuses SQLite)
            env["KAARI_ENV"] = "development"
            return env
        return env | {
            "KAARI_ENV": "production",
            "DATABASE_URL": f"postgresql+psycopg://kaari_app@127.0.0.1:{PG_PORT}/kaari",
            "MIGRATE_DATABASE_URL": f"postgresql+psycopg://kaari_owner@127.0.0.1:{PG_PORT}/kaari",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        }

    def log(self, name: str):
        return open(self.folder / f"{name}.log", "ab")

    def run(self, *args: str) -> None:
        subprocess.run(args, env=self.env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

    # PostgreSQL ----------------------------------------------------------------

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [PG_BIN / "pg_ctl", "-D", self.pg_data, "-l", self.folder / "postgres.log", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            **_as_postgres(),
        )

    def start_postgres(self) -> None:
        self.pg_data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pg_data, "postgres")
        subprocess.run(
            [PG_BIN / "initdb", "-D", self.pg_data, "-U", "postgres", "-A", "trust", "-E", "UTF8"],
            check=True,
            stdout=subprocess.DEVNULL,
            **_as_postgres(),
        )
        with open(self.pg_data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {PG_PORT}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.pg_data}'\nmax_connections = 200\n"
            )
        self.pg_ctl("start", "-w")
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE ROLE kaari_owner LOGIN")
            admin.execute("CREATE ROLE kaari_app LOGIN NOSUPERUSER NOBYPASSRLS")
            admin.execute("CREATE DATABASE kaari OWNER kaari_owner")

    def restart_postgres(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-w")

    # Redis -------------------------------------------------------------------------

    def start_redis(self) -> None:
        (self.folder / "redis").mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            [
                "redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
                "--dir", str(self.folder / "redis"), "--appendonly", "yes",
                "--appendfsync", "everysec", "--maxmemory-policy", "noeviction", "--save", "",
            ],
            stdout=self.log("redis"),
            start_new_session=True,
        )  # fmt: skip
        wait_until(self._redis_answers, "Redis")

    def _redis_answers(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
        )
        return result.stdout.strip() == "PONG"

    def stop_redis(self) -> None:
        self.redis.terminate()  # Redis flushes its append-only file on SIGTERM
        self.redis.wait()

    # Kaari ------------------------------------------------------------------------

    def start_sink(self) -> None:
        self.sink = subprocess.Popen(
            [BIN / "python", ROOT / "bench" / "smtp_sink.py", str(SMTP_PORT), self.sink_log],
            start_new_session=True,
        )
        wait_until(lambda: self._port_open(SMTP_PORT), "the SMTP sink")

    @staticmethod
    def _port_open(port: int) -> bool:
        import socket

        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    def prepare_data(self) -> None:
        if self.sqlite:
            self.env["DATABASE_URL"] = f"sqlite:///{self.folder / 'kaari.sqlite'}"
        self.run(BIN / "kaari", "db", "upgrade")
        self.run(BIN / "kaari", "demo", "load")
        self.run(BIN / "python", ROOT / "bench" / "cluster.py", "seed")

    def start_pod(self, number: int) -> subprocess.Popen:
        env = self.env | {"PORT": str(WEB_PORT + number), "GUNICORN_CMD_ARGS": self.gunicorn_args}
        pod = subprocess.Popen(
            [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py", "kaari.wsgi:app"],
            env=env,
            cwd=ROOT,
            stderr=self.log(f"web-{number}"),
            start_new_session=True,  # a group of its own, so that cleanup can end it whole
        )
        wait_until(lambda: answers(f"http://127.0.0.1:{WEB_PORT + number}/readyz"), "a web pod")
        return pod

    def start_worker(self) -> subprocess.Popen:
        return subprocess.Popen(
            [BIN / "kaari", "worker"],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stdout=self.log("workers"),
            stderr=subprocess.STDOUT,
        )

    def __enter__(self) -> Cluster:
        busy = [port for port in (PG_PORT, REDIS_PORT, SMTP_PORT, WEB_PORT, WEB_PORT + 1)
                if self._port_open(port)]  # fmt: skip
        if busy:
            raise RuntimeError(f"ports {busy} are taken: is another cluster still running?")
        try:
            if not self.sqlite:
                self.start_postgres()
                self.start_redis()
            self.start_sink()
            self.prepare_data()
            self.pods = [self.start_pod(n) for n in range(self.pod_count)]
            if not self.sqlite:
                self.workers = [self.start_worker() for _ in range(self.worker_count)]
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_exc) -> None:
        for process in [*self.pods, *self.workers, self.sink, self.redis]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.pods, *self.workers, self.sink, self.redis]:
            if process is not None:
                try:
                    process.wait(40)
                except subprocess.TimeoutExpired:  # its children too (gunicorn's workers)
                    os.killpg(process.pid, signal.SIGKILL)
        if (self.pg_data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "fast")
        if os.environ.get("KEEP_CLUSTER"):
            print(f"kept {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the cluster's processes and their children (the
        machine is shared: the bench reports its own share of the cores)."""
        import psutil

        roots = [p.pid for p in [*self.pods, *self.workers, self.sink, self.redis] if p]
        if (self.pg_data / "postmaster.pid").exists():
            roots.append(int((self.pg_data / "postmaster.pid").read_text().split()[0]))
        total = 0.0
        for pid in roots:
            try:
                root = psutil.Process(pid)
                for process in [root, *root.children(recursive=True)]:
                    times = process.cpu_times()
                    total += times.user + times.system + times.children_user + times.children_system
            except psutil.NoSuchProcess:
                continue
        return total

    def describe(self) -> str:
        mode = "SQLite, jobs inline" if self.sqlite else "PostgreSQL + Redis + RQ"
        settings = ", ".join(f"{key}={value!r}" for key, value in BENCH_ONLY.items())
        return (
            f"cluster ({mode}) in {self.folder}: web {' '.join(self.urls)} "
            f"(gunicorn {self.gunicorn_args or 'as configured'}), {len(self.workers)} RQ workers, "
            f"SMTP sink :{SMTP_PORT}\nbench-only settings: {settings}"
        )


def seed() -> None:
    """1,000 registered participants (role "other") with mail addresses in the demo
    organisation, the audience of the bench's mailing; run inside the cluster's env."""
    from sqlalchemy import select

    from kaari import create_app
    from kaari.core import db
    from kaari.core.db import utcnow
    from kaari.core.scoping import cross_tenant, tenant_scope
    from kaari.participants.models import Person
    from kaari.tenancy.models import Tenant

    app = create_app()
    with app.app_context():
        with cross_tenant():
            tenant = db.session.scalars(select(Tenant).where(Tenant.slug == SLUG)).one()
        with tenant_scope(tenant.id):
            for n in range(MAILING_SIZE):
                db.session.add(
                    Person(
                        role="other",
                        name=f"Bench Person {n}",
                        email=f"bench{n}@example.org",
                        municipality="Tampere",
                        language=tenant.languages[n % len(tenant.languages)],
                        status="registered",
                        answers={},
                        registered_at=utcnow(),
                    )
                )
            db.session.commit()


def main() -> None:
    if sys.argv[1:] == ["seed"]:
        seed()
        return
    stop_on_sigterm()
    with Cluster() as cluster:
        print(cluster.describe(), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
