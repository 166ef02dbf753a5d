"""A web process's start and its memory: Kaari against a bare Flask app, both under
gunicorn on this machine.

A throw-away folder gets a SQLite database (`kaari db upgrade`, `kaari demo load`);
each round starts gunicorn as the pods do (one sync worker, the app preloaded in the
master, `KAARI_ENV=development` since production refuses SQLite) and times from the
command to the first 200 of a real page: a tenant's join form for Kaari, a one-line
view for the bare app. The worker then serves a few ordinary pages (a coordinator
signs in and opens the staff home, the register, a person, the groups; no PDF) and
its resident size is read from /proc (RSS counts the pages it shares with the
master; USS, the pages only it holds, is printed too). Rounds alternate between the
two apps; figures are medians of five.

    .venv/bin/python bench/start.py

Targets: time to first 200 <= 4x the bare app's, RSS per warm worker <= 100 MiB.
The last line is `start ratio: X` (Kaari's time to first 200 / the bare app's).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 58100
ROUNDS = 5
SLUG = "uranaiset"
PASSWORD = "kaari-demo-2026"
BARE_APP = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello"
"""
_hidden = re.compile(r'name="(csrf_token)" type="hidden" value="([^"]*)"')
_person = re.compile(r'href="(/[a-z-]+/staff/participants/\d+)"')


def _environment(folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL")
    }
    return env | {
        "KAARI_ENV": "development",
        "LOG_LEVEL": "WARNING",  # no request log lines between the figures
        "SECRET_KEY": "bench-start-secret-" + "x" * 32,
        "KAARI_INSTANCE": str(folder / "instance"),
        "DATABASE_URL": f"sqlite:///{folder / 'kaari.sqlite'}",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "platform")]),
    }


def _port_open() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def _first_200(url: str, started: float, server: subprocess.Popen) -> float:
    """Seconds from `started` to the first 200 of `url` (asked every 10 ms)."""
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.01)


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _unique_mib(pid: int) -> float:
    """The memory only this process holds (private pages, from smaps_rollup)."""
    total = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1])
    return total / 1024


def _worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    (worker,) = children
    return int(worker)


def _ordinary_pages(base: str) -> None:
    """A coordinator's first minute: sign in, staff home, register, a person, groups."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def get(path: str) -> str:
        with opener.open(base + path, timeout=30) as response:
            assert response.status == 200, (path, response.status)
            return response.read().decode()

    form = get(f"/{SLUG}/login")
    data = dict(_hidden.findall(form)) | {
        "email": f"koordinaattori@{SLUG}.example.org",
        "password": PASSWORD,
    }
    request = urllib.request.Request(
        base + f"/{SLUG}/login", urllib.parse.urlencode(data).encode(), method="POST"
    )
    with opener.open(request, timeout=30) as response:
        assert "/staff" in response.url, response.url
    register = get(f"/{SLUG}/staff/participants/")
    people = _person.findall(register)
    for path in (f"/{SLUG}/staff/", f"/{SLUG}/staff/participants/?page=2", people[0],
                 people[-1], f"/{SLUG}/staff/groups/", f"/{SLUG}/join"):  # fmt: skip
        get(path)


def _round(app: str, page: str, env: dict[str, str], warm: bool) -> tuple[float, float, float]:
    """(seconds to the first 200, worker RSS MiB, worker USS MiB) of one start."""
    if _port_open():
        raise RuntimeError(f"port {PORT} is taken")
    command = [str(BIN / "gunicorn"), "--workers", "1", "--worker-class", "sync", "--preload",
               "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", app]  # fmt: skip
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        first = _first_200(f"http://127.0.0.1:{PORT}{page}", started, server)
        if warm:
            _ordinary_pages(f"http://127.0.0.1:{PORT}")
        else:
            for _ in range(5):
                _first_200(f"http://127.0.0.1:{PORT}{page}", started, server)
        worker = _worker_of(server.pid)
        return first, _status_mib(worker, "VmRSS"), _unique_mib(worker)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kaari-bench-start-"))
    try:
        env = _environment(folder)
        (folder / "bare.py").write_text(BARE_APP)
        for step in (("db", "upgrade"), ("demo", "load")):
            subprocess.run([BIN / "kaari", *step], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        kaari: list[tuple[float, float, float]] = []
        bare: list[tuple[float, float, float]] = []
        for turn in range(ROUNDS):
            runs = [(kaari, "kaari.wsgi:app", f"/{SLUG}/join", True),
                    (bare, "bare:app", "/", False)]  # fmt: skip
            for taken, app, page, warm in runs if turn % 2 else reversed(runs):
                taken.append(_round(app, page, env, warm))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def median(runs: list[tuple[float, float, float]], index: int) -> float:
        return statistics.median(run[index] for run in runs)

    for name, runs in (("kaari", kaari), ("bare flask", bare)):
        print(f"{name}: first 200 after {median(runs, 0):.2f} s; warm worker RSS "
              f"{median(runs, 1):.0f} MiB, USS {median(runs, 2):.0f} MiB "
              f"(medians of {ROUNDS})")  # fmt: skip
    print(f"RSS per warm worker: {median(kaari, 1):.0f} MiB (target <= 100)")
    print(f"start ratio: {median(kaari, 0) / median(bare, 0):.2f}")


if __name__ == "__main__":
    main()
