"""National reporting at scale: the national dashboard's query set and one
organisation's own dashboard, each at one tenth and at full size.

Full size is 500 organisations with 200,000 participants in total (sizes skewed: a
few large networks, many small ones; 90 % report nationally), registered over five
years, each with an arc: contact, registration, waiting, a pair, a group, completion
or a drop-out with its reason, a waiting-time band and the situation at the end and
a year on. One tenth is 50 organisations with 20,000 participants, drawn the same way.

National: the script draws the population in memory and writes the fact rows the
nightly refresh would write for it (one row per organisation, year, measure,
category, role, target group, ISCO major group and ISCED broad field), straight into
a throw-away SQLite file (or BENCH_DATABASE_URL), then rebuilds the national rollup
from them (`rollup.rebuild_national_facts`, the hourly job; timed once). The national
query set is `national.national_report` (every table of the dashboard, suppression
included), median of five.

One organisation: the largest network of the full-size draw becomes real rows (people
with their status history, pairs, groups with their pairs, group meetings with
invitations and attendance, outcomes), bulk-inserted into the largest organisation
of each size: all of its people at full size, every tenth of them at one tenth (the
largest network of the one-tenth draw itself is only about five times smaller, the
skew being flatter over fewer organisations), then ANALYZE. Timed:
the staff reports page's tables for `REPORT_YEAR`: counted once (`cache.count_again`,
what the nightly job or the day's first reader does), then read as the page reads
them (`cache.report_tables`), median of 25.

    .venv/bin/python bench/reporting.py [--seed 2026]

The lines before the last give the organisation's times, and
`organisation dashboard scaling ratio: Y` (the page's read, full / one tenth); the last
line is `national report scaling ratio: X` (full / one tenth). Targets: X <= 3, Y <= 1.5.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time

from flask import Flask, g
from flask_babel import force_locale
from sqlalchemy import func, insert, select, text
from support import bench_app  # bench/support.py (scripts run from bench/)

from kaari.core import db
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import Person, StatusChange
from kaari.programme.groups.models import (
    GROUP_MEETINGS,
    Group,
    GroupPair,
    Meeting,
    MeetingInvitation,
)
from kaari.programme.outcomes.models import OUTCOME_KINDS, Outcome
from kaari.reporting.cache import count_again, report_tables
from kaari.reporting.disclosure import DEFAULT_THRESHOLD
from kaari.reporting.indicators import STAGES, Period
from kaari.reporting.models import NationalFact, ReportFact
from kaari.reporting.national import national_report
from kaari.reporting.rollup import rebuild_national_facts
from kaari.tenancy.models import TargetGroup, Tenant

ORGANISATIONS, PARTICIPANTS = 500, 200_000
YEARS = range(2022, 2027)
REPORT_YEAR = 2025  # the organisation's dashboard: the last whole year
TODAY = date(2026, 12, 1)  # groups that ended before it are closed
REPETITIONS = 5
READS = 25  # the cached read takes a millisecond: more of them for a steady median
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


@dataclass(frozen=True)
class Arc:
    """One participant as drawn: how far along the arc they came and what happened."""

    role: str
    cell: tuple[str, str, str]  # target group, ISCO major, ISCED broad
    year: int
    reached: int  # how many of STAGES
    band: str | None  # waiting-time band, when matched
    reason: str | None  # why they left, when they dropped out
    outcomes: tuple[str, str] | None  # at the end and a year on, completed actors


def draw_arc(rng: random.Random) -> Arc:
    role = "actor" if rng.random() < 0.6 else "mentor"
    cell = (
        rng.choice(TARGET_GROUPS) if role == "actor" else "",
        rng.choice(ISCO),
        rng.choice(ISCED),
    )
    year = rng.choice(YEARS)
    reached = rng.choices(range(1, len(STAGES) + 1), weights=(2, 2, 2, 2, 3, 9))[0]
    band = rng.choice(BANDS) if reached >= 4 else None
    reason = None
    if reached < len(STAGES) and rng.random() < 0.5:
        reason = rng.choice(REASONS)
    outcomes = None
    if reached == len(STAGES) and role == "actor":
        outcomes = (rng.choice(OUTCOMES), rng.choice(OUTCOMES))
    return Arc(role, cell, year, reached, band, reason, outcomes)


def population(rng: random.Random, organisations: int, participants: int) -> list:
    """(home organisation, arc) of every participant."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(organisations)]  # a few large ones
    homes = rng.choices(range(organisations), weights=weights, k=participants)
    return [(home, draw_arc(rng)) for home in homes]


def largest(people: list) -> tuple[int, list[Arc]]:
    """The organisation with the most participants and their arcs."""
    home = Counter(home for home, _arc in people).most_common(1)[0][0]
    return home, [arc for organisation, arc in people if organisation == home]


def facts_of(people: list) -> Counter:
    """(organisation, year, measure, category, role, target group, ISCO, ISCED) -> people."""
    facts: Counter = Counter()
    for organisation, arc in people:
        cell = (arc.role, *arc.cell)
        found = [("funnel", stage) for stage in STAGES[: arc.reached]]
        found += [("waiting_days", arc.band)] * bool(arc.band)
        found += [("dropped_out", arc.reason)] * bool(arc.reason)
        found += zip(("outcome_end", "outcome_12m"), arc.outcomes or (), strict=False)
        for measure, category in found:
            facts[(organisation, arc.year, measure, category, *cell)] += 1
    return facts


def load(organisations: int, participants: int, seed: int) -> Flask:
    """An app on a fresh database with the organisations and their fact rows; the
    largest organisation's id is `BENCH_LARGEST`."""
    rng = random.Random(seed)
    app = bench_app()
    drawn = population(rng, organisations, participants)
    facts = facts_of(drawn)
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
        app.config["BENCH_LARGEST"] = ids[largest(drawn)[0]]
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


# One organisation's register, as real rows


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, dt_time(rng.randrange(8, 18)), UTC)


def _insert(model, rows: list[dict]) -> list[int]:
    """Bulk-insert the rows, their ids in the same order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _register(tenant_id: int, arcs: list[Arc], rng: random.Random) -> None:
    """People (with when they reached each stage), their pairs, groups of ten pairs with
    the three group meetings and who came, and the completed actors' outcomes."""
    groups_of = dict(
        zip(
            (key for key in TARGET_GROUPS if key),
            _insert(
                TargetGroup,
                [
                    {"tenant_id": tenant_id, "key": key, "name": {"fi": key, "en": key}}
                    for key in TARGET_GROUPS
                    if key
                ],
            ),
            strict=True,
        )
    )
    # Contact, registration, waiting and the match, from each arc.
    reached: list[dict[str, datetime]] = []
    for arc in arcs:
        day = date(arc.year, 1, 1) + timedelta(days=rng.randrange(300))
        moments = {"contacted": _moment(day, rng)}
        if arc.reached >= 2:
            day += timedelta(days=rng.randrange(1, 21))
            moments["registered"] = _moment(day, rng)
        if arc.reached >= 3:
            day += timedelta(days=rng.randrange(3))
            moments["waiting"] = _moment(day, rng)
        if arc.band:
            low, _, high = arc.band.partition("-")
            lower = int(low.rstrip("+"))
            day += timedelta(days=rng.randint(lower, int(high) if high else 300))
            moments["matched"] = _moment(day, rng)
        reached.append(moments)
    # Pairs: matched actors in the order of their match, each with a matched mentor
    # (mentors being fewer, most take two actors).
    actors = sorted(
        (n for n, arc in enumerate(arcs) if arc.role == "actor" and arc.band),
        key=lambda n: reached[n]["matched"],
    )
    mentors = sorted(
        (n for n, arc in enumerate(arcs) if arc.role == "mentor" and arc.band),
        key=lambda n: reached[n]["matched"],
    )
    couples = [(n, mentors[i * len(mentors) // len(actors)]) for i, n in enumerate(actors)]
    # Groups: ten pairs of actors who reached a group, starting a week after the last
    # of them was matched and ending eight months later.
    grouped = [(a, m) for a, m in couples if arcs[a].reached >= 5]
    groups = []
    for start in range(0, len(grouped), 10):
        members = grouped[start : start + 10]
        starts = max(reached[a]["matched"] for a, _m in members).date() + timedelta(days=7)
        groups.append((members, starts, starts + timedelta(days=240)))
    group_of = {a: index for index, (members, _s, _e) in enumerate(groups) for a, _m in members}
    # The rest of every arc: in a group, completed, or off it with the reason.
    for n, (arc, moments) in enumerate(zip(arcs, reached, strict=True)):
        if arc.reached >= 5:
            if n in group_of:
                _members, starts, ends = groups[group_of[n]]
                moments["in_group"] = _moment(starts, rng)
                ends_at = _moment(ends, rng)
            else:
                moments["in_group"] = moments["matched"] + timedelta(days=rng.randrange(5, 30))
                ends_at = moments["in_group"] + timedelta(days=240)
            if arc.reached == len(STAGES):
                moments["completed"] = ends_at
        if arc.reason:
            exit_status = "not_reachable" if arc.reason == "not_reachable" else "dropped_out"
            last = max(moments.values())
            moments[exit_status if arc.reached > 1 else "withdrawn"] = last + timedelta(
                days=rng.randrange(1, 60)
            )
    people = _insert(
        Person,
        [
            {
                "tenant_id": tenant_id,
                "role": arc.role,
                "name": f"Person {n}",
                "email": f"person{n}@example.org",
                "status": list(moments)[-1],
                "target_group_id": groups_of.get(arc.cell[0]),
                "occupation_code": f"{arc.cell[1]}100" if arc.cell[1] else None,
                "answers": {"education_field_code": f"{arc.cell[2]}11"} if arc.cell[2] else {},
                "created_at": moments["contacted"],
                "registered_at": moments.get("registered"),
            }
            for n, (arc, moments) in enumerate(zip(arcs, reached, strict=True))
        ],
    )
    changes = []
    for person, moments in zip(people, reached, strict=True):
        steps = list(moments.items())
        for (old, _at), (new, at) in itertools.pairwise(steps):
            changes.append(
                {
                    "tenant_id": tenant_id,
                    "person_id": person,
                    "old_status": old,
                    "new_status": new,
                    "at": at,
                }
            )
    _insert(StatusChange, changes)
    pairs = _insert(
        Pair,
        [
            {
                "tenant_id": tenant_id,
                "actor_id": people[a],
                "mentor_id": people[m],
                "status": "confirmed",
                "created_at": reached[a]["matched"],
            }
            for a, m in couples
        ],
    )
    pair_of = {a: pair for (a, _m), pair in zip(couples, pairs, strict=True)}
    group_ids = _insert(
        Group,
        [
            {
                "tenant_id": tenant_id,
                "name": f"G{index}",
                "target_group_id": groups_of.get(arcs[members[0][0]].cell[0]),
                "status": "closed" if ends < TODAY else "running",
                "planned_start": starts,
                "planned_end": ends,
                "closed_at": _moment(ends, rng) if ends < TODAY else None,
            }
            for index, (members, starts, ends) in enumerate(groups)
        ],
    )
    _insert(
        GroupPair,
        [
            {"tenant_id": tenant_id, "group_id": group_ids[index], "pair_id": pair_of[a]}
            for index, (members, _s, _e) in enumerate(groups)
            for a, _m in members
        ],
    )
    meetings, invited = [], []
    for group, (members, starts, ends) in zip(group_ids, groups, strict=True):
        for kind, day in zip(
            GROUP_MEETINGS, (starts, starts + timedelta(days=120), ends), strict=True
        ):
            at = _moment(day, rng)
            meetings.append(
                {
                    "tenant_id": tenant_id,
                    "group_id": group,
                    "kind": kind,
                    "starts_at": at,
                    "ends_at": at,
                }
            )
            invited.append(dict.fromkeys(people[n] for pair in members for n in pair))
    invitations = [
        {
            "tenant_id": tenant_id,
            "meeting_id": meeting,
            "person_id": person,
            "attended": rng.random() < 0.8,
        }
        for meeting, guests in zip(_insert(Meeting, meetings), invited, strict=True)
        for person in guests
    ]
    _insert(MeetingInvitation, invitations)
    outcomes = []
    for n, arc in enumerate(arcs):
        if not arc.outcomes or n not in group_of:
            continue
        ends = groups[group_of[n]][2]
        for kind, day in zip(
            arc.outcomes,
            (
                ends - timedelta(days=rng.randrange(60)),
                ends + timedelta(days=rng.randrange(60, 330)),
            ),
            strict=True,
        ):
            if kind in OUTCOME_KINDS:
                outcomes.append(
                    {
                        "tenant_id": tenant_id,
                        "person_id": people[n],
                        "kind": kind,
                        "happened_on": day,
                    }
                )
    _insert(Outcome, outcomes)


def add_register(app: Flask, arcs: list[Arc], seed: int) -> int:
    """The arcs as the largest organisation's register; returns how many people."""
    tenant_id = app.config["BENCH_LARGEST"]
    with app.app_context(), tenant_scope(tenant_id):
        _register(tenant_id, arcs, random.Random(seed))
        db.session.commit()
        # The planner's statistics, as a live database has them (autovacuum on
        # PostgreSQL): without them right after the bulk load, SQLite's plan for the
        # outcome query and PostgreSQL's for the referrals grow with the square of
        # the people (seconds, not milliseconds, at full size).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return db.session.scalar(select(func.count(Person.id)))


def time_dashboard(app: Flask) -> tuple[float, float]:
    """The staff reports page's tables for the year: counted once as the nightly job
    (or the first reader of the day) does, then read as every later reader does
    (`cache.report_tables`, median of five). Returns (count, read)."""
    tenant_id = app.config["BENCH_LARGEST"]
    with app.app_context(), tenant_scope(tenant_id):
        tenant = db.session.get(Tenant, tenant_id)
        url = f"/{tenant.slug}/staff/reports/?year={REPORT_YEAR}"
        times = []
        with app.test_request_context(url), force_locale("fi"):
            g.tenant = tenant
            started = time.perf_counter()
            count_again(tenant, Period.year(REPORT_YEAR), "fi")
            db.session.commit()
            counting = time.perf_counter() - started
            for _ in range(READS):
                started = time.perf_counter()
                tables, _counted_at = report_tables(tenant, Period.year(REPORT_YEAR), "fi")
                times.append(time.perf_counter() - started)
                assert any(table.rows for table in tables)
                db.session.rollback()
    return counting, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    seed = parser.parse_args().seed
    network = largest(population(random.Random(seed), ORGANISATIONS, PARTICIPANTS))[1]
    national, dashboard, counting, people = {}, {}, {}, {}
    for label, share in (("one tenth", 10), ("full size", 1)):
        started = time.perf_counter()
        app = load(ORGANISATIONS // share, PARTICIPANTS // share, seed)
        made = time.perf_counter() - started
        national[label] = time_national(app)
        facts, rollup = app.config["BENCH_ROWS"]
        print(
            f"{label}: {ORGANISATIONS // share} organisations, {PARTICIPANTS // share:,}"
            f" participants, {facts:,} fact rows (made in {made:.1f} s), {rollup:,} rollup rows"
            f" (rebuilt in {app.config['BENCH_REBUILD']:.1f} s);"
            f" national dashboard query set {national[label] * 1000:.0f} ms"
            f" (median of {REPETITIONS})"
        )
        started = time.perf_counter()
        people[label] = add_register(app, network[::share], seed)
        made = time.perf_counter() - started
        counting[label], dashboard[label] = time_dashboard(app)
        print(
            f"{label}: the largest organisation with {people[label]:,} people in real rows"
            f" (made in {made:.1f} s); its dashboard for {REPORT_YEAR} counted in"
            f" {counting[label] * 1000:.0f} ms (nightly, or the day's first reader), read"
            f" {dashboard[label] * 1000:.1f} ms (median of {READS})"
        )
    print(
        f"organisation dashboard counted: {counting['one tenth'] * 1000:.0f} ms"
        f" ({people['one tenth']:,} people), {counting['full size'] * 1000:.0f} ms"
        f" ({people['full size']:,} people); ratio"
        f" {counting['full size'] / counting['one tenth']:.2f} (not what readers wait for)"
    )
    print(
        f"organisation dashboard: {dashboard['one tenth'] * 1000:.1f} ms"
        f" ({people['one tenth']:,} people), {dashboard['full size'] * 1000:.1f} ms"
        f" ({people['full size']:,} people)"
    )
    print(
        "organisation dashboard scaling ratio:"
        f" {dashboard['full size'] / dashboard['one tenth']:.2f}"
    )
    print(f"national report scaling ratio: {national['full size'] / national['one tenth']:.2f}")


if __name__ == "__main__":
    main()
