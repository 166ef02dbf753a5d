"""Matching at scale: the score matrix, the solver against a greedy baseline, and a
whole proposal through the database against scipy's assignment alone.

Synthetic pools of 200 x 200, 1,000 x 1,000 and 2,000 x 3,000 (actors x mentors)
with ISCO-08 occupations (clustered, so related codes are common), ISCED-F fields of
education, birth years, Finnish levels, interests, municipalities, the mentors'
wished fields, openness, work situation and wishes, waiting days and capacity (10 %
of mentors take two actors). A seeded generator makes every run the same.

For each size: the time to build the matrix (`scoring.score`) and to solve
(`solver.assign`), medians of three, and the total score of our pairs against a
best-first greedy baseline (ours must never be lower). Then the 2,000 x 3,000 pool
goes into a throw-away SQLite file (or BENCH_DATABASE_URL) and a whole proposal,
`services.proposals` (the pool from the database, the matrix, the solver, the
explanations and alternatives), is timed; then what a coordinator waits for, the
proposal asked for on the overview page (stored as a run) and the run's first page
rendered, through the test client, against scipy's `linear_sum_assignment` alone on
the same matrix.

    .venv/bin/python bench/matching.py [--seed 2026]

The last line is `matching overhead ratio: X` (asked for and first page shown /
linear_sum_assignment). Targets: X <= 2, and greedy / ours <= 1 at every size.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import insert
from support import bench_app  # bench/support.py (scripts run from bench/)

from kaari.accounts.services import create_user, grant_role
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.matching import services
from kaari.matching.profiles import Side, profile_of
from kaari.matching.rulesets import publish_shipped, tenant_rules
from kaari.matching.scoring import score
from kaari.matching.solver import assign
from kaari.participants.models import Person
from kaari.tenancy.services import create_tenant

SIZES = ((200, 200), (1000, 1000), (2000, 3000))
REPETITIONS = 5  # medians of five: this machine kind is noisy
PASSWORD = "bench password 2026"
RECONFIRM_AFTER_DAYS = 90  # the tenant setting's default
TAXONOMY = Path(__file__).resolve().parent.parent / "platform" / "kaari" / "taxonomy" / "data"

# Minor groups (ISCO-08, 3 digits) most immigrants and mentors come from, and the
# ISCED-F broad field (2 digits) each sub-major group mostly studied.
COMMON_GROUPS = {
    "214": 6, "215": 3, "251": 8, "252": 2, "221": 3, "222": 5, "226": 2, "231": 2, "233": 3,
    "234": 2, "241": 4, "242": 4, "243": 2, "263": 2, "264": 2, "311": 3, "325": 2, "331": 2,
    "332": 2, "343": 2, "411": 2, "422": 2, "512": 3, "513": 3, "532": 4, "721": 2, "723": 2,
    "741": 2, "832": 2, "911": 4,
}  # fmt: skip
STUDIED = {
    "21": "07", "22": "09", "23": "01", "24": "04", "25": "06", "26": "03", "31": "07",
    "32": "09", "33": "04", "34": "02", "41": "04", "42": "04", "51": "10", "53": "09",
    "72": "07", "74": "07", "83": "10", "91": "00",
}  # fmt: skip
LEVELS = ("a1", "a2", "b1", "b2", "c1", "native")
ACTOR_LEVELS = (0.12, 0.24, 0.32, 0.2, 0.1, 0.02)
MENTOR_LEVELS = (0.0, 0.0, 0.02, 0.06, 0.12, 0.8)
INTERESTS = (
    "football", "running", "swimming", "hiking", "cycling", "skiing", "yoga", "dancing",
    "music", "singing", "guitar", "piano", "choir", "theatre", "cinema", "photography",
    "painting", "drawing", "crafts", "knitting", "cooking", "baking", "gardening", "fishing",
    "reading", "poetry", "writing", "history", "languages", "travelling", "chess", "gaming",
    "programming", "volunteering", "parenting", "animals", "nature", "sauna", "mushrooms",
    "berries",
)  # fmt: skip
PLACES = (
    ("Helsinki", 30), ("Espoo", 14), ("Vantaa", 12), ("Kauniainen", 1), ("Turku", 9),
    ("Kaarina", 2), ("Raisio", 1), ("Tampere", 10), ("Nokia", 1), ("Pirkkala", 1),
    ("Kangasala", 1), ("Oulu", 5), ("Jyväskylä", 4), ("Kuopio", 3), ("Lahti", 3),
    ("Kerava", 1), ("Porvoo", 1),
)  # fmt: skip
SPOKEN = ("Russian", "Arabic", "Ukrainian", "Somali", "Persian", "English", "Estonian", "Kurdish")
SPOKEN_SHARE = (0.2, 0.16, 0.14, 0.08, 0.08, 0.2, 0.1, 0.04)


def _codes(name: str) -> list[str]:
    data = json.loads((TAXONOMY / name).read_text(encoding="utf-8"))
    return [entry["code"] for entry in data if len(entry["code"]) == 4]


class Population:
    """Draws people from one seeded generator: clustered codes, shared vocabularies."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.isco = _codes("isco08.json")
        self.isced = _codes("iscedf2013.json")
        groups = {code[:3] for code in self.isco}
        self.groups = [group for group in COMMON_GROUPS if group in groups]
        weights = np.array([COMMON_GROUPS[group] for group in self.groups], dtype=float)
        self.group_share = weights / weights.sum()
        self.places = [name for name, _ in PLACES]
        shares = np.array([share for _, share in PLACES], dtype=float)
        self.place_share = shares / shares.sum()

    def occupation(self) -> str:
        """Mostly a unit group of a common minor group; now and then any code at all."""
        if self.rng.random() < 0.75:
            group = self.groups[self.rng.choice(len(self.groups), p=self.group_share)]
            units = [code for code in self.isco if code.startswith(group)]
            return str(self.rng.choice(units))
        return str(self.rng.choice(self.isco))

    def education(self, occupation: str) -> str:
        """Mostly a detailed field within the broad field the occupation studies."""
        broad = STUDIED.get(occupation[:2])
        if broad is not None and self.rng.random() < 0.65:
            fields = [code for code in self.isced if code.startswith(broad)]
            return str(self.rng.choice(fields))
        return str(self.rng.choice(self.isced))

    def interests(self) -> str:
        if self.rng.random() < 0.1:
            return ""
        count = self.rng.integers(1, 5)
        return ", ".join(self.rng.choice(INTERESTS, size=count, replace=False))

    def person(self, number: int, role: str, now) -> dict:
        rng = self.rng
        mentor = role == "mentor"
        occupation = self.occupation()
        year = rng.normal(1976, 10) if mentor else rng.normal(1988, 8)
        waited = int(min(rng.exponential(60 if mentor else 140), 900))
        registered = now - timedelta(days=waited, minutes=int(rng.integers(0, 1440)))
        answers = {
            "occupation_code": occupation,
            "education_field_code": self.education(occupation),
            "birth_year": str(int(np.clip(year, 1950, 2005))),
            "finnish_level": str(rng.choice(LEVELS, p=MENTOR_LEVELS if mentor else ACTOR_LEVELS)),
            "interests": self.interests(),
            "other_fields": "yes" if rng.random() < (0.7 if mentor else 0.5) else "no",
            "situation": "employed_own_field"
            if rng.random() < (0.85 if mentor else 0.3)
            else "unemployed",
        }
        if mentor:
            roll = rng.random()
            if roll < 0.55:
                answers["wished_field_code"] = occupation
            elif roll < 0.9:
                answers["wished_field_code"] = self.occupation()
            if rng.random() < 0.1:
                language = rng.choice(SPOKEN[:5])
                answers["wishes"] = f"Someone who speaks {language}"
            if rng.random() < 0.1:
                answers["_capacity"] = 2
        else:
            spoken = rng.choice(SPOKEN, size=rng.integers(1, 3), replace=False, p=SPOKEN_SHARE)
            answers["goals"] = f"A job in my own field. I speak {' and '.join(spoken)}."
        reconfirmed = not mentor and waited > RECONFIRM_AFTER_DAYS and rng.random() < 0.3
        return {
            "role": role,
            "name": f"{role.title()} {number}",
            "email": f"{role}{number}@example.org",
            "municipality": str(rng.choice(self.places, p=self.place_share)),
            "status": "waiting",
            "language": "fi",
            "question": "",
            "answers": answers,
            "occupation_code": occupation,
            "language_level": answers["finnish_level"],
            "search_text": "",
            "registered_at": registered,
            "reconfirmed_at": now - timedelta(days=int(rng.integers(0, 30)))
            if reconfirmed
            else None,
            "created_at": registered,
            "updated_at": registered,
        }

    def pool(self, n_actors: int, n_mentors: int, now) -> tuple[list[dict], list[dict]]:
        actors = [self.person(n, "actor", now) for n in range(n_actors)]
        mentors = [self.person(n, "mentor", now) for n in range(n_mentors)]
        return actors, mentors


def profiles(rows: list[dict], first_id: int, now) -> list:
    """The rows as matching sees them, through the same `profile_of` the pool uses."""
    return [
        profile_of(
            SimpleNamespace(id=first_id + n, **row),
            now=now,
            reconfirm_after_days=RECONFIRM_AFTER_DAYS,
        )
        for n, row in enumerate(rows)
    ]


def greedy(total: np.ndarray, allowed: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Best first: walk the allowed pairs from the highest score down, take what is free."""
    flat = np.flatnonzero(allowed)
    order = flat[np.argsort(-total.ravel()[flat], kind="stable")]
    left = capacity.copy()
    taken = np.zeros(total.shape[0], dtype=bool)
    pairs = []
    places = int(left.sum())
    for actor, mentor in zip(*np.unravel_index(order, total.shape), strict=True):
        if not taken[actor] and left[mentor] > 0:
            taken[actor] = True
            left[mentor] -= 1
            pairs.append((int(actor), int(mentor)))
            if len(pairs) == min(len(taken), places):
                break
    return pairs


def median_time(work, repetitions: int = REPETITIONS):
    """The median seconds of `repetitions` calls, and the last call's result."""
    timings = []
    for _ in range(repetitions):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def in_memory(rules, actor_rows, mentor_rows, now) -> None:
    actors = Side(profiles(actor_rows, 1, now))
    mentors = Side(profiles(mentor_rows, len(actor_rows) + 1, now))
    building, scores = median_time(lambda: score(actors, mentors, rules))
    capacity = mentors.capacity
    solving, ours = median_time(lambda: assign(scores.total, scores.allowed, capacity))
    baseline = greedy(scores.total, scores.allowed, capacity)
    our_total = sum(float(scores.total[i, j]) for i, j in ours)
    greedy_total = sum(float(scores.total[i, j]) for i, j in baseline)
    assert our_total >= greedy_total - 1e-9, (our_total, greedy_total)
    print(
        f"{len(actors):,} x {len(mentors):,} ({int(capacity.sum()):,} mentor places,"
        f" {np.count_nonzero(scores.allowed) / scores.allowed.size:.0%} of pairs allowed):"
        f" matrix {building * 1000:.0f} ms, solve {solving * 1000:.0f} ms;"
        f" ours {len(ours)} pairs, total {our_total:.2f};"
        f" greedy {len(baseline)} pairs, total {greedy_total:.2f};"
        f" greedy / ours {greedy_total / our_total:.4f}"
    )


def solver_input(scores, capacity: np.ndarray) -> np.ndarray:
    """The matrix `assign` hands to scipy: one column per mentor place, 0 where not allowed."""
    slots = np.repeat(np.arange(len(capacity)), capacity)
    return np.where(scores.allowed[:, slots], scores.total[:, slots], 0.0)


def add_people(tenant_id: int, rows: list[dict]) -> None:
    rows = [{"tenant_id": tenant_id, **row} for row in rows]
    with tenant_scope(tenant_id):
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Person), rows[chunk : chunk + 5000])
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    seed = parser.parse_args().seed

    app = bench_app(WTF_CSRF_ENABLED=True)  # the run page's forms carry their tokens
    with app.app_context():
        publish_shipped()
        tenant = create_tenant("bench", "Bench Network", "fi", ["fi"])
        db.session.commit()
        with tenant_scope(tenant.id):
            rules, _objective = tenant_rules()

        now = utcnow()
        population = Population(seed)
        print(f"rules: {rules.label}, threshold {rules.threshold}; seed {seed}")
        for n_actors, n_mentors in SIZES:
            actor_rows, mentor_rows = population.pool(n_actors, n_mentors, now)
            in_memory(rules, actor_rows, mentor_rows, now)

        # The largest pool again, through the register.
        add_people(tenant.id, actor_rows + mentor_rows)
        user = create_user("coordinator@bench.example.org", password=PASSWORD)
        with tenant_scope(tenant.id):
            grant_role(user, "coordinator", actor=None)
        db.session.commit()
        with tenant_scope(tenant.id):

            def whole():
                _rules, result = services.proposals(
                    tenant, services.PoolOptions(), secret_key="bench"
                )
                return len(result["proposals"])

            proposing, proposals = median_time(whole)
            actors, mentors = services.pool(tenant, services.PoolOptions())
            left, right = Side(actors), Side(mentors)
            value = solver_input(score(left, right, rules), right.capacity)
            solving, _chosen = median_time(lambda: linear_sum_assignment(value, maximize=True))

    # What the coordinator waits for: the proposal asked for on the overview (scored,
    # solved, explained and stored as a run), then the run's first page.
    client = app.test_client()
    token = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
    login = token.search(client.get("/bench/login").get_data(as_text=True)).group(1)
    client.post(
        "/bench/login",
        data={"email": "coordinator@bench.example.org", "password": PASSWORD, "csrf_token": login},
    )
    overview = token.search(client.get("/bench/staff/matching/").get_data(as_text=True)).group(1)
    pages: list[int] = []

    def asked_and_shown():
        asked = client.post(
            "/bench/staff/matching/", data={"objective": "score", "csrf_token": overview}
        )
        assert asked.status_code == 302, asked.status_code
        shown = client.get(asked.headers["Location"])
        assert shown.status_code == 200, shown.status_code
        pages.append(len(shown.data))

    waiting, _ = median_time(asked_and_shown)
    started = time.perf_counter()
    client.get("/bench/staff/matching/")
    overview = time.perf_counter() - started

    print(
        f"whole proposal through the database, {len(actors):,} x {len(mentors):,}"
        f" ({proposals} proposals with explanations): {proposing * 1000:.0f} ms"
    )
    print(
        f"asked for on the overview, stored as a run and its first page shown:"
        f" {waiting * 1000:.0f} ms (first page {pages[-1] / 1024:.0f} KB);"
        f" the overview with {len(pages)} runs: {overview * 1000:.0f} ms"
    )
    print(
        f"linear_sum_assignment alone on its {value.shape[0]:,} x {value.shape[1]:,} matrix:"
        f" {solving * 1000:.0f} ms"
    )
    print(f"timings are medians of {REPETITIONS} runs")
    print(f"matching overhead ratio: {waiting / solving:.2f}")


if __name__ == "__main__":
    main()
