"""The score matrix of a pool under a rule set, and explanations of chosen pairs.

The total is the weighted mean of the criteria's scores. A pair is allowed when it
passes every hard constraint, reaches the threshold and was not excluded. Only the
total is kept for the whole pool; the criteria are scored again, in small blocks,
for the pairs that need explaining.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kaari.matching.criteria import CRITERIA
from kaari.matching.profiles import Side
from kaari.matching.rulesets import Rules

EPSILON = 1e-6
BLOCK = 256  # pairs explained per block


@dataclass
class Scores:
    total: np.ndarray  # (actors x mentors) float32, 0..1
    allowed: np.ndarray  # (actors x mentors) bool
    blocked: dict[str, np.ndarray]  # hard rule → per actor, how many mentors it rules out
    passing: np.ndarray  # per actor, how many mentors pass every hard rule


def _used(rules: Rules) -> list[str]:
    weighted = {name for name, weight in rules.weights.items() if weight > 0}
    return sorted(weighted | set(rules.constraints))


def _weight_sum(rules: Rules) -> float:
    return sum(w for w in rules.weights.values() if w > 0) or 1.0


def score(actors: Side, mentors: Side, rules: Rules, excluded: np.ndarray | None = None) -> Scores:
    shape = (len(actors), len(mentors))
    total = np.zeros(shape, dtype=np.float32)
    allowed = np.ones(shape, dtype=bool)
    blocked = {}
    weight_sum = _weight_sum(rules)
    for name in _used(rules):
        # A criterion may answer with a column or a row when only one side matters.
        values = CRITERIA[name].score(actors, mentors, rules.params.get(name, {}))
        if name in rules.constraints:
            passes = np.broadcast_to(values >= rules.constraints[name] - EPSILON, shape)
            blocked[name] = shape[1] - np.count_nonzero(passes, axis=1)
            allowed &= passes
        weight = np.float32(rules.weights.get(name, 0.0) / weight_sum)
        if weight > 0 and values.shape == shape:
            values *= weight  # a fresh array of the criterion's: scaled in place
            total += values
        elif weight > 0:
            total += values * weight
    passing = np.count_nonzero(allowed, axis=1)
    allowed &= total >= rules.threshold - EPSILON
    if excluded is not None:
        allowed &= ~excluded
    return Scores(total, allowed, blocked, passing)


def explain(actors: Side, mentors: Side, rules: Rules, pairs: list[tuple[int, int]]) -> list[list]:
    """For each pair, every criterion's part: [name, score, share of the total, reason],
    largest share first."""
    weight_sum = _weight_sum(rules)
    names = _used(rules)
    explained: list[list] = []
    for start in range(0, len(pairs), BLOCK):
        block = pairs[start : start + BLOCK]
        rows, columns = [i for i, _ in block], [j for _, j in block]
        left, right = actors.take(rows), mentors.take(columns)
        values, shares = {}, {}
        for name in names:
            column = np.broadcast_to(
                CRITERIA[name].score(left, right, rules.params.get(name, {})),
                (len(block), len(block)),
            ).diagonal()
            weight = max(rules.weights.get(name, 0.0), 0.0) / weight_sum
            values[name] = np.round(column, 2).tolist()
            shares[name] = np.round(column * weight, 3).tolist()
        for k in range(len(block)):
            parts = [
                [
                    name,
                    values[name][k],
                    shares[name][k],
                    list(
                        CRITERIA[name].reason(
                            left, right, k, k, values[name][k], rules.params.get(name, {})
                        )
                    ),
                ]
                for name in names
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
