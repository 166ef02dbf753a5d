"""National reporting at scale: the national dashboard's query set at one tenth and at
full size.

Full size is 500 organisations with 200,000 participants in total (sizes skewed: a
few large networks, many small ones; 90 % report nationally), registered over five
years, each with an arc: contact, registration, waiting, a pair, a group, completion
or a drop-out with its reason, a waiting-time band and the situation at the end and
a year on. One tenth is 50 organisations with 20,000 participants, drawn the same way.

The nightly refresh that turns people into `ReportFact` rows lives on another branch,
so this script does its job for it: it draws the population in memory and writes the
fact rows that refresh would write for it (one row per organisation, year, measure,
category, role, target group, ISCO major group and ISCED broad field), straight into
a throw-away SQLite file (or BENCH_DATABASE_URL), then rebuilds the national
rollup from them (`rollup.rebuild_national_facts`, the hourly job; timed once). The
national query set is `national.national_report` (every table of the dashboard,
suppression included), median of five. One organisation's own dashboard needs that branch too; until it is
merged the script says so and skips it.

    .venv/bin/python bench/reporting.py [--seed 2026]

The last line is `national report scaling ratio: X` (full / one tenth). Target: X <= 3.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import time
from collections import Counter

from flask import Flask
from sqlalchemy import func, insert, select
from support import bench_app  # bench/support.py (scripts run from bench/)

from kaari import db
from kaari.reporting.disclosure import DEFAULT_THRESHOLD
from kaari.reporting.models import NationalFact, ReportFact
from kaari.reporting.national import national_report
from kaari.reporting.rollup import rebuild_national_facts
from kaari.tenancy.models import Tenant
from kaari.tenancy.scoping import cross_tenant

ORGANISATIONS, PARTICIPANTS = 500, 200_000
YEARS = range(2022, 2027)
REPETITIONS = 5
REGIONS = (
    "Uusimaa",
    "Pirkanmaa",
    "Varsinais-Suomi",
    "Pohjois-Pohjanmaa",
    "Keski-Suomi",
    "Pohjois-Savo",
    "Satakunta",
    "Päijät-Häme",
    "Lappi",
    "Pohjanmaa",
)
TARGET_GROUPS = ("women", "youth", "graduates", "over-50", "refugees", "")
ISCO = ("1", "2", "2", "2", "3", "3", "4", "5", "7", "9", "")
ISCED = ("01", "02", "03", "04", "04", "05", "06", "06", "07", "07", "09", "10", "")
STAGES = ("contacts", "registered", "waiting", "matched", "in_group", "completed")
REASONS = ("moved", "work", "health", "no_time", "not_reachable")
BANDS = ("0-29", "30-89", "90-179", "180+")
OUTCOMES = (
    "employed_own_field",
    "employed_other_field",
    "internship_own_field",
    "studies",
    "other",
    "none",
    "not_known",
)


def facts_of(rng: random.Random, organisations: int, participants: int) -> Counter:
    """(organisation, year, measure, category, role, target group, ISCO, ISCED) -> people."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(organisations)]  # a few large ones
    homes = rng.choices(range(organisations), weights=weights, k=participants)
    facts: Counter = Counter()
    for organisation in homes:
        role = "actor" if rng.random() < 0.6 else "mentor"
        cell = (
            rng.choice(TARGET_GROUPS) if role == "actor" else "",
            rng.choice(ISCO),
            rng.choice(ISCED),
        )
        year = rng.choice(YEARS)
        reached = rng.choices(range(1, len(STAGES) + 1), weights=(2, 2, 2, 2, 3, 9))[0]
        for stage in STAGES[:reached]:
            facts[(organisation, year, "funnel", stage, role, *cell)] += 1
        if reached >= 4:
            facts[(organisation, year, "waiting_days", rng.choice(BANDS), role, *cell)] += 1
        if reached < len(STAGES) and rng.random() < 0.5:
            facts[(organisation, year, "dropped_out", rng.choice(REASONS), role, *cell)] += 1
        if reached == len(STAGES) and role == "actor":
            for measure in ("outcome_end", "outcome_12m"):
                facts[(organisation, year, measure, rng.choice(OUTCOMES), role, *cell)] += 1
    return facts


def load(organisations: int, participants: int, seed: int) -> Flask:
    """An app on a fresh database with the organisations and their fact rows."""
    rng = random.Random(seed)
    app = bench_app()
    facts = facts_of(rng, organisations, participants)
    with app.app_context(), cross_tenant():
        db.session.execute(
            insert(Tenant),
            [
                {
                    "slug": f"network-{n}",
                    "name": f"Network {n}",
                    "region": rng.choice(REGIONS),
                    "national_reporting": rng.random() < 0.9,
                }
                for n in range(organisations)
            ],
        )
        ids = list(db.session.scalars(select(Tenant.id).order_by(Tenant.id)))
        keys = ("year", "measure", "category", "role", "target_group", "isco_major", "isced_broad")
        rows = [
            {"tenant_id": ids[key[0]], **dict(zip(keys, key[1:], strict=True)), "people": people}
            for key, people in facts.items()
        ]
        for start in range(0, len(rows), 50_000):
            db.session.execute(insert(ReportFact), rows[start : start + 50_000])
        db.session.commit()
        started = time.perf_counter()
        rebuild_national_facts()
        db.session.commit()
        app.config["BENCH_REBUILD"] = time.perf_counter() - started
        app.config["BENCH_ROWS"] = [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (ReportFact, NationalFact)
        ]
    return app


def time_national(app) -> float:
    times = []
    with app.test_request_context("/national/"):
        for _ in range(REPETITIONS):
            started = time.perf_counter()
            report = national_report(None, DEFAULT_THRESHOLD, "fi")
            times.append(time.perf_counter() - started)
            assert report.year == YEARS[-1] and report.tables
            db.session.rollback()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    seed = parser.parse_args().seed
    results = {}
    for label, share in (("one tenth", 10), ("full size", 1)):
        started = time.perf_counter()
        app = load(ORGANISATIONS // share, PARTICIPANTS // share, seed)
        made = time.perf_counter() - started
        results[label] = time_national(app)
        facts, rollup = app.config["BENCH_ROWS"]
        print(
            f"{label}: {ORGANISATIONS // share} organisations, {PARTICIPANTS // share:,}"
            f" participants, {facts:,} fact rows (made in {made:.1f} s), {rollup:,} rollup rows"
            f" (rebuilt in {app.config['BENCH_REBUILD']:.1f} s);"
            f" national dashboard query set {results[label] * 1000:.0f} ms"
            f" (median of {REPETITIONS})"
        )
    if importlib.util.find_spec("kaari.reporting.facts") is None:
        print(
            "one organisation's dashboard: skipped, its refresh (refresh_facts) and page"
            " come with the tenant reporting branch (wired at merge)"
        )
    print(f"national report scaling ratio: {results['full size'] / results['one tenth']:.2f}")


if __name__ == "__main__":
    main()
