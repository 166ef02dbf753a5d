"""Proposals: pick a pool, score it, solve, explain; accept or reject proposals.

Plain functions; the coordinator keeps the last word: nothing becomes a pair
until accepted, and pinned or excluded pairs steer the next run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

import numpy as np
from sqlalchemy import func, insert, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.paging import Page, Position, keyset_page
from kaari.matching import past_pairs
from kaari.matching.models import (
    OPEN_PAIR_STATUSES,
    MatchingRun,
    MentorRanking,
    Pair,
    ProposalDetail,
)
from kaari.matching.profiles import Profile, Side, profile_of
from kaari.matching.rulesets import Rules, tenant_rules
from kaari.matching.scoring import explain, score, why_unmatched
from kaari.matching.solver import OBJECTIVES, assign
from kaari.participants import lifecycle
from kaari.participants import services as register
from kaari.participants.models import Person
from kaari.participants.settings import participants_settings
from kaari.tenancy.models import Tenant

WAITING = ("registered", "waiting")
PROFILE_COLUMNS = (
    "id",
    "role",
    "municipality",
    "question",
    "answers",
    "occupation_code",
    "language_level",
    "registered_at",
    "created_at",
    "reconfirmed_at",
    "target_group_id",
)
ALTERNATIVES = 3
DETAILS = ("parts", "alternatives")  # of a proposal, kept in its `ProposalDetail`
PAST_PAIR_ROUNDS = 3  # each round excludes the past pairs found, then solves again


class MatchingError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class PoolOptions:
    """Who is in the pool and how to solve it (kept with the run)."""

    target_group: int | None = None
    objective: str = ""  # "" = the tenant's default
    pinned: list[list[int]] = field(default_factory=list)  # [actor id, mentor id]
    excluded: list[list[int]] = field(default_factory=list)


def _open_pairs_by_person(only: tuple[int, ...] = ()) -> dict[int, int]:
    """How many open pairs each person (or each of `only`) is in: one grouped
    query per side."""
    counts: dict[int, int] = {}
    for column in (Pair.actor_id, Pair.mentor_id):
        query = (
            select(column, func.count()).where(Pair.status.in_(OPEN_PAIR_STATUSES)).group_by(column)
        )
        if only:
            query = query.where(column.in_(only))
        for person_id, count in db.session.execute(query):
            counts[person_id] = counts.get(person_id, 0) + count
    return counts


def pool(
    tenant: Tenant, options: PoolOptions, roles: tuple[str, ...] = ("actor", "mentor")
) -> tuple[list[Profile], list[Profile]]:
    """Waiting actors without a pair, and mentors with a free place, in id order (of
    `roles` only: an actor's shortlist needs no other actors)."""
    busy = _open_pairs_by_person()
    now = utcnow()
    after_days = participants_settings.get(tenant, "reconfirm_after_days")
    # Only the columns matching reads, as rows: no ORM objects for a large pool.
    # (Column selects of a tenant model are tenant-scoped like entity selects.)
    query = select(*(getattr(Person, name) for name in PROFILE_COLUMNS)).where(
        Person.status.in_(WAITING), Person.role.in_(roles)
    )
    rankings: dict[int, dict[int, int]] = {}
    if "actor" in roles:
        for ranking in db.session.execute(
            select(MentorRanking.actor_id, MentorRanking.mentor_id, MentorRanking.rank)
        ):
            rankings.setdefault(ranking.actor_id, {})[ranking.mentor_id] = ranking.rank
    actors, mentors = [], []
    for person in db.session.execute(query.order_by(Person.id)):
        profile = profile_of(
            person, now=now, reconfirm_after_days=after_days, rankings=rankings.get(person.id)
        )
        if person.role == "actor":
            if not busy.get(person.id) and (
                options.target_group is None or person.target_group_id == options.target_group
            ):
                actors.append(profile)
        elif (taken := busy.get(person.id, 0)) < profile.capacity:  # a free place left
            mentors.append(
                replace(profile, capacity=profile.capacity - taken) if taken else profile
            )
    return actors, mentors


def solve(
    actors: list[Profile],
    mentors: list[Profile],
    rules: Rules,
    objective: str,
    options: PoolOptions,
) -> dict:
    """Proposals with explanations, alternatives and reasons for the unmatched."""
    left, right = Side(actors), Side(mentors)
    actor_index = {profile.id: i for i, profile in enumerate(actors)}
    mentor_index = {profile.id: j for j, profile in enumerate(mentors)}
    excluded = None  # a full mask only when the coordinator excluded pairs
    for actor_id, mentor_id in options.excluded:
        if actor_id in actor_index and mentor_id in mentor_index:
            if excluded is None:
                excluded = np.zeros((len(actors), len(mentors)), dtype=bool)
            excluded[actor_index[actor_id], mentor_index[mentor_id]] = True
    scores = score(left, right, rules, excluded)
    pinned = [
        (actor_index[a], mentor_index[m])
        for a, m in options.pinned
        if a in actor_index and m in mentor_index
    ]
    pairs = assign(scores.total, scores.allowed, right.capacity, objective=objective, pinned=pinned)
    ranked = _best_mentors(scores, ALTERNATIVES + 1)
    return _result(scores, left, right, rules, pairs, set(pinned), ranked)


def _best_mentors(scores, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each actor's `count` best allowed mentors, best first: (indices, scores), with a
    score of -1 where fewer are allowed."""
    values = np.where(scores.allowed, scores.total, np.float32(-1))
    count = min(count, values.shape[1])
    if count == 0:
        return np.zeros((len(values), 0), dtype=np.int64), np.zeros((len(values), 0))
    cut = values.shape[1] - count
    best = np.argpartition(values, cut, axis=1)[:, cut:]  # the largest `count`, unordered
    best_values = np.take_along_axis(values, best, axis=1)
    order = np.argsort(-best_values, axis=1, kind="stable")
    return np.take_along_axis(best, order, axis=1), np.take_along_axis(best_values, order, axis=1)


def _alternatives(ranked, pairs: list[tuple[int, int]], mentor_ids) -> list[list[dict]]:
    """For each proposed pair, the actor's next best allowed mentors, best first."""
    best, best_values = ranked
    alternatives = []
    for i, chosen in pairs:
        found: list[dict] = []
        for j, value in zip(best[i].tolist(), best_values[i].tolist(), strict=True):
            if j != chosen and value >= 0 and len(found) < ALTERNATIVES:
                found.append({"mentor": int(mentor_ids[j]), "score": round(value, 3)})
        alternatives.append(found)
    return alternatives


def _result(scores, left: Side, right: Side, rules: Rules, pairs, pinned, ranked) -> dict:
    proposals = []
    explanations = explain(left, right, rules, pairs, scores.lookups)
    others = _alternatives(ranked, pairs, right.ids)
    for (i, j), parts, alternatives in zip(pairs, explanations, others, strict=True):
        proposals.append(
            {
                "actor": int(left.ids[i]),
                "mentor": int(right.ids[j]),
                "score": round(float(scores.total[i, j]), 3),
                "pinned": (i, j) in pinned,
                "parts": parts,
                "alternatives": alternatives,
            }
        )
    matched_actors = {i for i, _ in pairs}
    matched_mentors = {j for _, j in pairs}
    return {
        "proposals": proposals,
        "unmatched_actors": [
            {"actor": int(left.ids[i]), "why": why_unmatched(scores, rules, i)}
            for i in range(len(left))
            if i not in matched_actors
        ],
        "unmatched_mentors": [
            int(right.ids[j]) for j in range(len(right)) if j not in matched_mentors
        ],
        "pool": {"actors": len(left), "mentors": len(right)},
    }


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """A large pool's proposal makes a few hundred thousand small objects (profiles,
    word sets, explanations) that all live until the run is stored. The cyclic
    garbage collector's passes over them free nothing and took a third of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def proposals(tenant: Tenant, options: PoolOptions, *, secret_key: str) -> tuple[Rules, dict]:
    """The pool from the register, scored, solved and explained (not stored). A
    proposed pair whose two people were a pair before they were erased (and have
    registered again) is excluded and the pool solved again."""
    rules, default_objective = tenant_rules()
    if options.objective not in OBJECTIVES:
        options.objective = default_objective
    with _no_collector_pauses():
        actors, mentors = pool(tenant, options)
        result = solve(actors, mentors, rules, options.objective, options)
        for _round in range(PAST_PAIR_ROUNDS):
            proposed = [(p["actor"], p["mentor"]) for p in result["proposals"]]
            again = past_pairs.were_paired(proposed, secret_key)
            if not again:
                break
            options.excluded = options.excluded + [list(pair) for pair in again]
            result = solve(actors, mentors, rules, options.objective, options)
        return rules, result


def propose(
    tenant: Tenant, options: PoolOptions, *, actor_id: int | None, secret_key: str
) -> MatchingRun:
    """Score the pool and store the proposals as a run the coordinator reviews: the
    header (who with whom, the scores) in the run, each proposal's explanation and
    alternatives in a row of its own, read a page at a time."""
    rules, result = proposals(tenant, options, secret_key=secret_key)
    header = [{k: v for k, v in p.items() if k not in DETAILS} for p in result["proposals"]]
    run = MatchingRun(
        created_by=actor_id,
        options=asdict(options),
        rules=rules.as_dict(),
        result=result | {"proposals": header},
    )
    db.session.add(run)
    db.session.flush()
    if header:
        with _no_collector_pauses():  # the explanations are still many small objects
            db.session.execute(
                insert(ProposalDetail),
                [
                    {"tenant_id": tenant.id, "run_id": run.id, "actor_id": p["actor"]}
                    | {key: p[key] for key in DETAILS}
                    for p in result["proposals"]
                ],
            )
    record("matching.proposed", actor_id=actor_id, obj=run, pairs=len(header))
    return run


def with_details(run: MatchingRun, items: list[dict]) -> list[dict]:
    """The run's proposals `items` (from its header) with their explanations and
    alternatives, in one query for them all."""
    actors = [item["actor"] for item in items]
    found = (
        {
            row.actor_id: {key: getattr(row, key) for key in DETAILS}
            for row in db.session.scalars(
                select(ProposalDetail).where(
                    ProposalDetail.run_id == run.id, ProposalDetail.actor_id.in_(actors)
                )
            )
        }
        if actors
        else {}
    )
    return [item | found.get(item["actor"], {key: [] for key in DETAILS}) for item in items]


def proposal_for(run: MatchingRun, actor_id: int) -> dict | None:
    """The run's proposal for an actor with its details (each actor is in one at most)."""
    found = next((p for p in run.result["proposals"] if p["actor"] == actor_id), None)
    return with_details(run, [found])[0] if found else None


@dataclass(frozen=True)
class RunSummary:
    """What the list of earlier runs shows of one."""

    id: int
    created_at: datetime
    rules: str  # the frozen label, "standard v1"
    actors: int
    mentors: int
    proposals: int


def latest_runs(limit: int = 10) -> list[RunSummary]:
    """The newest runs, their figures read inside the database: a run's result is large
    (about a megabyte at 2,000 proposals) and the list shows three numbers of it."""
    result = MatchingRun.result
    query = select(
        MatchingRun.id,
        MatchingRun.created_at,
        MatchingRun.rules["label"].as_string(),
        result[("pool", "actors")].as_integer(),
        result[("pool", "mentors")].as_integer(),
        func.json_array_length(result["proposals"]),
    ).order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
    return [
        RunSummary(run_id, created_at, label or "", *figures)
        for run_id, created_at, label, *figures in db.session.execute(query.limit(limit))
    ]


def rerun(
    tenant: Tenant, run: MatchingRun, *, actor_id: int | None, secret_key: str, **changes
) -> MatchingRun:
    """The same pool again with more pins or exclusions."""
    options = PoolOptions(**run.options)
    for key, pairs in changes.items():
        getattr(options, key).extend(pairs)
    return propose(tenant, options, actor_id=actor_id, secret_key=secret_key)


def _proposal(run: MatchingRun, actor_id: int, mentor_id: int) -> dict | None:
    """The run's proposal for the actor, with `mentor_id` as proposed or as one of the
    alternatives shown (a swap)."""
    proposal = proposal_for(run, actor_id)
    if proposal is None or proposal["mentor"] == mentor_id:
        return proposal
    for alternative in proposal["alternatives"]:
        if alternative["mentor"] == mentor_id:
            return {**proposal, "mentor": mentor_id, "score": alternative["score"], "parts": []}
    return None


def accept(run: MatchingRun, actor_id: int, mentor_id: int, *, staff_id: int, ip: str = "") -> Pair:
    """Make the proposal a pair; both people move to "matched"."""
    proposal = _proposal(run, actor_id, mentor_id)
    if proposal is None:
        raise MatchingError("not_proposed")
    actor, mentor = register.get_person(actor_id), register.get_person(mentor_id)
    if actor is None or mentor is None:
        raise MatchingError("not_proposed")
    busy = _open_pairs_by_person(only=(actor.id, mentor.id))
    capacity = profile_of(mentor, now=utcnow(), reconfirm_after_days=0).capacity
    if busy.get(actor.id) or busy.get(mentor.id, 0) >= capacity:
        raise MatchingError("taken")
    pair = Pair(
        actor_id=actor.id,
        mentor_id=mentor.id,
        status="proposed",
        score=proposal["score"],
        explanation=proposal["parts"],
        rule_set=run.rules.get("label", ""),
        run_id=run.id,
        created_by=staff_id,
    )
    db.session.add(pair)
    db.session.flush()
    for person in (actor, mentor):  # a mentor already in a group with another pair stays there
        lifecycle.advance(person, "matched", "", actor_id=staff_id, ip=ip)
    record("pair.created", actor_id=staff_id, ip=ip, obj=pair, actor=actor.id, mentor=mentor.id)
    return pair


def open_pairs(position: Position) -> Page[Pair]:
    """One page of the pairs waiting for an invitation or answers and the confirmed
    ones, newest first (a network has thousands of pairs over the years)."""
    query = select(Pair).where(Pair.status.in_(OPEN_PAIR_STATUSES))
    keys = (Pair.created_at, Pair.id)
    return keyset_page(
        query, keys, lambda pair: (pair.created_at, pair.id), position, descending=True
    )


def ended_pairs(limit: int = 20) -> list[Pair]:
    """The latest declined and cancelled pairs."""
    query = select(Pair).where(Pair.status.in_(("declined", "cancelled")))
    query = query.order_by(Pair.created_at.desc(), Pair.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def people_by_id(ids: set[int]) -> dict[int, Person]:
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
