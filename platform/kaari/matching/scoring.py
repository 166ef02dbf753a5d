"""The score matrix of a pool under a rule set, and explanations of single pairs.

The total is the weighted mean of the criteria's scores. A pair is allowed when it
passes every hard constraint, reaches the threshold and was not excluded. Each
criterion's matrix is kept as bytes (a score to 1/255), enough to explain any pair
afterwards without scoring again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kaari.matching.criteria import CRITERIA
from kaari.matching.profiles import Side
from kaari.matching.rulesets import Rules

EPSILON = 1e-9


@dataclass
class Scores:
    total: np.ndarray  # (actors x mentors) float, 0..1
    allowed: np.ndarray  # (actors x mentors) bool
    parts: dict[str, np.ndarray]  # criterion → (actors x mentors) uint8 score x 255
    blocked: dict[str, np.ndarray]  # constraint → per actor, how many mentors it rules out
    passing: np.ndarray  # per actor, how many mentors pass every constraint


def score(actors: Side, mentors: Side, rules: Rules, excluded: np.ndarray | None = None) -> Scores:
    shape = (len(actors), len(mentors))
    total = np.zeros(shape)
    allowed = np.ones(shape, dtype=bool)
    parts, blocked = {}, {}
    weight_sum = sum(w for w in rules.weights.values() if w > 0) or 1.0
    used = set(rules.constraints) | {name for name, w in rules.weights.items() if w > 0}
    for name in sorted(used):
        values = CRITERIA[name].score(actors, mentors, rules.params.get(name, {}))
        weight = rules.weights.get(name, 0.0)
        if weight > 0:
            total += values * (weight / weight_sum)
        if name in rules.constraints:
            passes = values >= rules.constraints[name] - EPSILON
            blocked[name] = np.count_nonzero(~passes, axis=1)
            allowed &= passes
        parts[name] = np.rint(values * 255).astype(np.uint8)
    passing = np.count_nonzero(allowed, axis=1)
    allowed &= total >= rules.threshold - EPSILON
    if excluded is not None:
        allowed &= ~excluded
    return Scores(total, allowed, parts, blocked, passing)


def explain(
    scores: Scores, actors: Side, mentors: Side, rules: Rules, i: int, j: int
) -> list[list]:
    """Each criterion's part of one pair's score: [name, score, contribution, reason]."""
    weight_sum = sum(w for w in rules.weights.values() if w > 0) or 1.0
    rows = []
    for name, matrix in scores.parts.items():
        value = float(matrix[i, j]) / 255
        weight = max(rules.weights.get(name, 0.0), 0.0)
        reason = CRITERIA[name].reason(actors, mentors, i, j, value, rules.params.get(name, {}))
        rows.append([name, round(value, 2), round(value * weight / weight_sum, 3), list(reason)])
    return sorted(rows, key=lambda row: -row[2])


def why_unmatched(scores: Scores, rules: Rules, i: int) -> list:
    """Why an actor got no proposal: a [reason key, values] pair."""
    if len(scores.passing) and scores.passing[i] == 0 and scores.blocked:
        worst = max(scores.blocked, key=lambda name: scores.blocked[name][i])
        return ["blocked_by", {"criterion": worst}]
    if not scores.allowed[i].any():
        best = float(scores.total[i].max()) if scores.total.shape[1] else 0.0
        return ["below_threshold", {"best": round(best, 2), "threshold": rules.threshold}]
    return ["taken", {}]
