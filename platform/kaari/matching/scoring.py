"""The score matrix of a pool under a rule set, and explanations of chosen pairs.

The total is the weighted mean of the criteria's scores. A pair is allowed when it
passes every hard constraint, reaches the threshold and was not excluded. Only the
total is kept for the whole pool; the criteria are scored again, in small blocks,
for the pairs that need explaining.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from kaari.matching.criteria import CRITERIA, Lookup
from kaari.matching.profiles import Side
from kaari.matching.rulesets import Rules

EPSILON = 1e-6
BLOCK = 512  # pairs explained per block


@dataclass
class Scores:
    total: np.ndarray  # (actors x mentors) float32, 0..1
    allowed: np.ndarray  # (actors x mentors) bool
    blocked: dict[str, np.ndarray]  # hard rule → per actor, how many mentors it rules out
    passing: np.ndarray  # per actor, how many mentors pass every hard rule
    lookups: dict[str, Lookup]  # criteria given as tables: read again to explain pairs


def _used(rules: Rules) -> list[str]:
    weighted = {name for name, weight in rules.weights.items() if weight > 0}
    return sorted(weighted | set(rules.constraints))


def _weight_sum(rules: Rules) -> float:
    return sum(w for w in rules.weights.values() if w > 0) or 1.0


def score(actors: Side, mentors: Side, rules: Rules, excluded: np.ndarray | None = None) -> Scores:
    shape = (len(actors), len(mentors))
    total = np.zeros(shape, dtype=np.float32)
    # Criteria of one side only answer with a column or a row: summed apart, added once.
    per_actor = np.zeros((shape[0], 1), dtype=np.float32)
    per_mentor = np.zeros((1, shape[1]), dtype=np.float32)
    allowed = np.ones(shape, dtype=bool)
    blocked, lookups = {}, {}
    weight_sum = _weight_sum(rules)
    for name in _used(rules):
        values = CRITERIA[name].measure(actors, mentors, rules.params.get(name, {}))
        if name in rules.constraints:
            floor = rules.constraints[name] - EPSILON
            if isinstance(values, Lookup):
                passes = replace(values, table=values.table >= floor).dense()
            else:
                passes = np.broadcast_to(values >= floor, shape)
            blocked[name] = shape[1] - np.count_nonzero(passes, axis=1)
            allowed &= passes
        weight = np.float32(rules.weights.get(name, 0.0) / weight_sum)
        if isinstance(values, Lookup):
            lookups[name] = values
            if weight > 0:
                total += values.dense(weight)  # the small table scaled, not the matrix
        elif weight > 0:
            into = {per_actor.shape: per_actor, per_mentor.shape: per_mentor}.get(
                values.shape, total
            )
            values *= weight  # a fresh array of the criterion's: scaled in place
            into += values
    total += per_actor
    total += per_mentor
    passing = np.count_nonzero(allowed, axis=1)
    allowed &= total >= rules.threshold - EPSILON
    if excluded is not None:
        allowed &= ~excluded
    return Scores(total, allowed, blocked, passing, lookups)


def explain(
    actors: Side,
    mentors: Side,
    rules: Rules,
    pairs: list[tuple[int, int]],
    lookups: dict[str, Lookup] | None = None,
) -> list[list]:
    """For each pair, every criterion's part: [name, score, share of the total, reason],
    largest share first. Criteria found in `lookups` (from `score`) are read from
    their tables; the others are scored again for the pairs, block by block."""
    weight_sum = _weight_sum(rules)
    names = _used(rules)
    lookups = lookups or {}
    explained: list[list] = []
    for start in range(0, len(pairs), BLOCK):
        block = pairs[start : start + BLOCK]
        rows, columns = np.array([i for i, _ in block]), np.array([j for _, j in block])
        left, right = actors.take(rows), mentors.take(columns)
        parts_by_criterion = []
        for name in names:
            params = rules.params.get(name, {})
            if name in lookups:
                values = lookups[name].at(rows, columns)
            else:
                values = np.broadcast_to(
                    CRITERIA[name].score(left, right, params), (len(block), len(block))
                ).diagonal()
            values = np.round(values.astype(np.float64), 2)  # as shown, and as reasons read them
            weight = max(rules.weights.get(name, 0.0), 0.0) / weight_sum
            reasons = CRITERIA[name].reasons(left, right, values, params)
            shares = np.round(values * weight, 3).tolist()
            parts_by_criterion.append(zip(values.tolist(), shares, reasons, strict=True))
        for row in zip(*parts_by_criterion, strict=True):
            parts = [
                [name, value, share, list(reason)]
                for name, (value, share, reason) in zip(names, row, strict=True)
            ]
            explained.append(sorted(parts, key=lambda part: -part[2]))
    return explained


def why_unmatched(scores: Scores, rules: Rules, i: int) -> list:
    """Why an actor got no proposal: a [reason key, values] pair."""
    if len(scores.passing) and scores.passing[i] == 0 and scores.blocked:
        worst = max(scores.blocked, key=lambda name: scores.blocked[name][i])
        return ["blocked_by", {"criterion": worst}]
    if not scores.allowed[i].any():
        best = float(scores.total[i].max()) if scores.total.shape[1] else 0.0
        return ["below_threshold", {"best": round(best, 2), "threshold": rules.threshold}]
    return ["taken", {}]
