"""Load: a realistic mix for 60 s against the production layout of bench/cluster.py.

Applicants open a network's join form, take a few seconds to fill it (the form's spam
timer wants three) and send it; coordinators sign in and browse the register (filters,
pages) and open people; one coordinator sends a mailing to 1,000 participants at the
start, which the two RQ workers deliver to the SMTP sink while the rest goes on; a
probe asks /healthz four times a second. Each simulated person picks one of the two
web pods, as a Service would spread connections. Locust (headless, as a library)
drives the users; every request's time is kept and the percentiles are computed here.

The client stands in for the ingress that terminates TLS: it speaks plain http on
127.0.0.1, sends X-Forwarded-Proto: https and a browser's Referer, and returns the
Secure session cookie over that loopback http.

    .venv/bin/python bench/load.py [--seconds 60] [--applicants 40] [--coordinators 10]
    .venv/bin/python bench/load.py --compare-models [--rounds 3] [--seconds 30]

It prints requests/s, p50/p95/p99 per endpoint, errors, the mail delivered and its
rate, then the same mix on SQLite with jobs inline (one pod, no Redis) for comparison.
The last line is `load p95 ratio: X` (p95 of the mix / p95 of /healthz under the
same load); target zero errors and X <= 10. --compare-models runs the mix against
each gunicorn worker model several times and prints each run's requests/s, p95 and
errors, then the median and spread per model. (The mix's rate is set by its people's
pace; a model that piles connections on one worker shows as a higher p95 and spread.)
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import gevent
import gevent.event
import psutil
from cluster import MAILING_AUDIENCE, MAILING_SIZE, SLUG, Cluster, stop_on_sigterm
from locust import HttpUser, between, constant_pacing, events, task
from locust.env import Environment

SLUGS = ("uranaiset", "tampere-nuoret", "turku-insinoorit")
PASSWORD = "kaari-demo-2026"
REGISTER_QUERIES = ("", "?role=actor&status=waiting", "?q=helsinki", "?sort=waiting", "?page=2")
HEALTH = "GET /healthz"
MODELS = {
    "sync": "",
    "gthread": "--worker-class gthread --threads 4",
    "gthread+reuse_port": "--worker-class gthread --threads 4 --reuse-port",
}
_hidden = re.compile(r'name="(csrf_token|shown_at|confirmed)" type="hidden" value="([^"]*)"')
_eligibility = re.compile(r'name="(eligibility_\w+)" type="radio" value="yes"')
_person = re.compile(r'href="(/[a-z-]+/staff/participants/\d+)"')
_ids = itertools.count()


@dataclass
class Run:
    """What one run saw: every request's time, every failure, every submission."""

    urls: list[str]
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    submissions: dict[str, str] = field(default_factory=dict)  # email -> "ok" or last error
    warm: gevent.event.Event = field(default_factory=gevent.event.Event)
    mailing_started: float | None = None
    mailing_path: str | None = None


RUN: Run  # the run in progress, shared by the users (one run at a time)


class Visitor(HttpUser):
    """One person at one pod, with a browser's habits."""

    abstract = True
    host = "http://127.0.0.1"  # each person picks a pod in on_start

    def on_start(self) -> None:
        self.client.base_url = random.choice(RUN.urls)
        self.client.headers["X-Forwarded-Proto"] = "https"

    def _over_loopback(self) -> None:
        """The Secure cookies go back over the loopback http, as from ingress to pod."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, path: str, name: str, expect: int = 200) -> str | None:
        self._over_loopback()
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}")
                return None
            return response.text

    def _post(self, path: str, data: dict, name: str):
        """POST a form as a browser does (the response, to check with `with`)."""
        self._over_loopback()
        referer = "https" + self.client.base_url.removeprefix("http") + path
        return self.client.post(
            path,
            data=data,
            name=name,
            headers={"Referer": referer},
            allow_redirects=False,
            catch_response=True,
        )

    def post_page(self, path: str, data: dict, name: str) -> str | None:
        """POST a form that answers with a page (a preview); returns it (None: an error)."""
        with self._post(path, data, name) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return None
            return response.text

    def post(self, path: str, data: dict, name: str, redirect_to: str = "/") -> str | None:
        """POST a form; returns where it redirected (None: an error)."""
        with self._post(path, data, name) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or redirect_to not in location:
                response.failure(f"{response.status_code} {location}")
                return None
            return location

    def sign_in(self, slug: str, email: str) -> bool:
        form = self.page(f"/{slug}/login", "GET /<slug>/login")
        if form is None:
            return False
        data = dict(_hidden.findall(form)) | {"email": email, "password": PASSWORD}
        return self.post(f"/{slug}/login", data, "POST /<slug>/login", "/staff") is not None


class Applicant(Visitor):
    """A person who joins: the form, a few seconds to fill it, send, thanks. A send
    that failed is tried again later with the same answers, as a person would."""

    wait_time = between(1, 4)
    retry: list[str] = []

    @task
    def join(self) -> None:
        email = self.retry.pop() if self.retry else f"applicant{next(_ids)}@example.org"
        slug = SLUGS[int(email.removeprefix("applicant").split("@")[0]) % len(SLUGS)]
        form = self.page(f"/{slug}/join", "GET /<slug>/join")
        if form is None:
            return self._failed(email, "form did not open")
        gevent.sleep(random.uniform(3.2, 6))
        data = (
            dict(_hidden.findall(form))
            | {
                "role": ("actor", "mentor", "other")[hash(email) % 3],
                "name": f"Applicant {email.split('@')[0]}",
                "email": email,
                "municipality": "Tampere",
                "language": "fi",
                "consent": "y",
                "question": "Voinko tulla mukaan syksyllä?",
            }
            | dict.fromkeys(_eligibility.findall(form), "yes")
        )
        if self.post(f"/{slug}/join", data, "POST /<slug>/join", "/join/thanks") is None:
            return self._failed(email, "send failed")
        RUN.submissions[email] = "ok"
        self.page(f"/{slug}/join/thanks", "GET /<slug>/join/thanks")

    def _failed(self, email: str, why: str) -> None:
        if RUN.submissions.get(email) != "ok":
            RUN.submissions[email] = why
            self.retry.insert(0, email)


class Coordinator(Visitor):
    """A coordinator's working day: the register with filters, now and then a person."""

    wait_time = between(1, 4)

    def on_start(self) -> None:
        super().on_start()
        self.slug = random.choice(SLUGS)
        self.people: list[str] = []
        self.signed_in = self.sign_in(self.slug, f"koordinaattori@{self.slug}.example.org")

    @task(3)
    def register(self) -> None:
        if not self.signed_in:
            self.on_start()
            return
        query = random.choice(REGISTER_QUERIES)
        page = self.page(f"/{self.slug}/staff/participants/{query}", "GET register list")
        if page:
            self.people = _person.findall(page) or self.people

    @task(2)
    def person(self) -> None:
        if self.signed_in and self.people:
            self.page(random.choice(self.people), "GET person page")


class MailingSender(Visitor):
    """The coordinator who sends the 1,000-person mailing as the run starts, then
    follows its progress page now and then."""

    wait_time = between(5, 10)
    fixed_count = 1

    @task
    def mailing(self) -> None:
        RUN.warm.wait()
        if RUN.mailing_path is None:
            self._send()
        elif RUN.mailing_path:
            self.page(RUN.mailing_path, "GET mailing progress")

    def _send(self) -> None:
        if not self.sign_in(SLUG, f"koordinaattori@{SLUG}.example.org"):
            return
        form = self.page(f"/{SLUG}/staff/mailings/new", "GET new mailing")
        if form is None:
            return
        data = dict(_hidden.findall(form)) | {
            "audience": "participants",
            "options_participants": list(MAILING_AUDIENCE),
            "subject_fi": "Syksyn tapaamiset",
            "body_fi": "Hei! Syksyn ryhmät alkavat pian. Tervetuloa mukaan.",
        }
        path = f"/{SLUG}/staff/mailings/new"
        preview = self.post_page(
            path, data | {"preview": "Esikatsele"}, "POST mailing preview (1,000)"
        )
        if preview is None:
            return
        data |= dict(_hidden.findall(preview)) | {"send": "Lähetä"}  # the count, confirmed
        RUN.mailing_started = time.time()
        RUN.mailing_path = self.post(path, data, "POST mailing (1,000)", "/staff/mailings/")


class HealthProbe(Visitor):
    """/healthz four times a second, alternating pods: the yardstick of the ratio."""

    wait_time = constant_pacing(0.25)
    fixed_count = 1

    @task
    def healthz(self) -> None:
        self.client.base_url = RUN.urls[int(time.monotonic() * 4) % len(RUN.urls)]
        self.page("/healthz", HEALTH)


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs) -> None:
    RUN.times[name].append(response_time)
    if exception:
        RUN.errors[f"{name}: {str(exception)[:60]}"] += 1


def run_mix(
    urls: list[str], seconds: float, applicants: int, coordinators: int, warmup: float = 10
) -> Run:
    """Run the mix against `urls`: people arrive over `warmup` seconds, whose requests
    are not counted; then `seconds` are measured (the mailing starts with them)."""
    global RUN
    RUN = Run(urls)
    Applicant.retry = []
    Applicant.fixed_count, Coordinator.fixed_count = applicants, coordinators
    users = [Applicant, Coordinator, MailingSender, HealthProbe]
    environment = Environment(user_classes=users, events=events)
    runner = environment.create_local_runner()
    count = applicants + coordinators + 2
    runner.start(count, spawn_rate=count / max(warmup / 2, 1))
    gevent.sleep(warmup)
    RUN.times.clear()
    RUN.errors.clear()
    RUN.warm.set()
    gevent.sleep(seconds)
    runner.quit()
    return RUN


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def report(run: Run, seconds: float) -> float:
    """Print the table; returns the p95 ratio."""
    mix = [t for name, times in run.times.items() if name != HEALTH for t in times]
    if not mix or not run.times[HEALTH]:
        raise SystemExit("the run made no requests")
    print(f"{'endpoint':32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, times in sorted(run.times.items()):
        print(
            f"{name:32} {len(times):8} {percentile(times, 50):8.0f} {percentile(times, 95):8.0f}"
            f" {percentile(times, 99):8.0f}"
        )
    print(
        f"{'the mix (without /healthz)':32} {len(mix):8} {percentile(mix, 50):8.0f}"
        f" {percentile(mix, 95):8.0f} {percentile(mix, 99):8.0f}"
    )
    print(f"requests/s (the mix): {len(mix) / seconds:.1f}")
    sent = sum(1 for outcome in run.submissions.values() if outcome == "ok")
    print(f"join forms sent: {sent}; errors: {sum(run.errors.values())}")
    for error, count in run.errors.most_common():
        print(f"  {count} x {error}")
    return percentile(mix, 95) / max(percentile(run.times[HEALTH], 95), 0.001)


class CpuShare:
    """Who used the machine's cores during a run: the cluster, this load generator and
    everything else (other work on a shared machine skews the figures)."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.started = self._now()

    def _now(self) -> tuple[float, float, float, float]:
        machine = psutil.cpu_times()
        me = psutil.Process().cpu_times()
        busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0)
        return time.monotonic(), busy, self.cluster.cpu_seconds(), me.user + me.system

    def report(self) -> None:
        wall, busy, cluster, me = (b - a for a, b in zip(self.started, self._now(), strict=True))
        cores = psutil.cpu_count()
        print(
            f"CPU during the run ({cores} cores): cluster {cluster / wall:.2f} cores, load"
            f" generator {me / wall:.2f}, everything else on the machine"
            f" {max(busy - cluster - me, 0) / wall:.2f}, idle {cores - busy / wall:.2f}"
        )


def deliveries(sink_log: Path) -> list[tuple[float, str, str]]:
    """(time, outbox row, recipient) of every message the sink accepted; the row is
    read from the Message-ID that delivery gives it."""
    received = []
    for line in sink_log.read_text().splitlines():
        stamp, message_id, recipient = line.split(" ", 2)
        match = re.search(r"<((?:platform_)?outbox_messages\.\d+)\.", message_id)
        received.append((float(stamp), match.group(1) if match else message_id, recipient))
    return received


def mail_report(run: Run, cluster: Cluster, wait: float = 180) -> None:
    """Wait for the mailing to reach the sink, then print how much arrived and how fast."""
    if run.mailing_started is None:
        print("mail: the mailing was not sent")
        return
    deadline = time.time() + wait
    while True:
        bulk = [t for t, _, to in deliveries(cluster.sink_log) if to.startswith("bench")]
        if len(bulk) >= MAILING_SIZE or time.time() > deadline:
            break
        gevent.sleep(1)
    took = max(bulk, default=run.mailing_started) - run.mailing_started
    print(
        f"mailing delivered to the sink: {len(bulk)} of {MAILING_SIZE} in {took:.1f} s from"
        f" the coordinator's click, {len(bulk) / max(took, 0.001):.0f} messages/s"
    )


def sqlite_comparison(seconds: float, applicants: int, coordinators: int) -> None:
    print("\n== the same mix on SQLite, jobs inline (one gunicorn pod, no Redis, no workers)")
    with Cluster(pods=1, sqlite=True) as cluster:
        print(cluster.describe())
        share = CpuShare(cluster)
        run = run_mix(cluster.urls, seconds, applicants, coordinators)
        share.report()
        ratio = report(run, seconds)
        mail_report(run, cluster)
    print(f"SQLite p95 ratio: {ratio:.2f}")


def compare_models(rounds: int, seconds: float, applicants: int, coordinators: int) -> None:
    results = defaultdict(list)
    for _ in range(rounds):
        for model, arguments in MODELS.items():
            with Cluster(gunicorn_args=arguments) as cluster:
                run = run_mix(cluster.urls, seconds, applicants, coordinators)
                mix = [t for n, times in run.times.items() if n != HEALTH for t in times]
                results[model].append((len(mix) / seconds, percentile(mix, 95)))
                print(
                    f"{model:20} {len(mix) / seconds:6.1f} requests/s, p95 {percentile(mix, 95):5.0f} ms,"
                    f" errors {sum(run.errors.values())}",
                    flush=True,
                )
    for model, figures in results.items():
        rates = [rate for rate, _ in figures]
        print(
            f"{model:20} requests/s median {statistics.median(rates):.1f} (min {min(rates):.1f},"
            f" max {max(rates):.1f}); p95 median {statistics.median(p for _, p in figures):.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--applicants", type=int, default=40)
    parser.add_argument("--coordinators", type=int, default=10)
    parser.add_argument("--compare-models", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    stop_on_sigterm()
    shape = (args.applicants, args.coordinators)
    if args.compare_models:
        compare_models(args.rounds, args.seconds, *shape)
        return
    with Cluster() as cluster:
        print(cluster.describe())
        print(f"users: {args.applicants} applicants, {args.coordinators} coordinators, 1 mailing")
        share = CpuShare(cluster)
        run = run_mix(cluster.urls, args.seconds, *shape)
        share.report()
        ratio = report(run, args.seconds)
        mail_report(run, cluster)
    if not args.no_sqlite:
        sqlite_comparison(args.seconds, *shape)
    print(f"load p95 ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
