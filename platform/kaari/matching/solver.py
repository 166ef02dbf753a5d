"""Optimal pairs from a score matrix: a maximum-weight assignment (scipy's
`linear_sum_assignment`) that leaves people unmatched rather than pair them against
a hard constraint, honours mentor capacity and the coordinator's pinned pairs.

Two objectives: the highest total score ("score"), or as many pairs as possible
and then the highest total score ("count"). Plain numpy in, index pairs out.
"""

from __future__ import annotations

import numpy as np

OBJECTIVES = ("score", "count")


def assign(
    scores: np.ndarray,
    allowed: np.ndarray,
    capacity: np.ndarray,
    *,
    objective: str = "score",
    pinned: list[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """(actor index, mentor index) pairs, sorted by actor index.

    `scores` and `allowed` are (actors x mentors); `capacity` says how many actors
    each mentor takes. Pinned pairs are kept as given and use up their capacity.
    Disallowed pairs never appear, so a person with no allowed partner stays unmatched.
    """
    n_actors, n_mentors = scores.shape
    left = np.asarray(capacity, dtype=np.int64).copy()
    taken = np.zeros(n_actors, dtype=bool)
    result = []
    for actor, mentor in pinned:
        if not taken[actor] and left[mentor] > 0:
            taken[actor] = True
            left[mentor] -= 1
            result.append((actor, mentor))
    rows = np.flatnonzero(~taken)
    slots = np.repeat(np.arange(n_mentors), np.maximum(left, 0))  # one column per place
    if len(rows) and len(slots):
        if not np.array_equal(slots, np.arange(n_mentors)):  # some take two, or none
            scores, allowed = scores[:, slots], allowed[:, slots]
        if len(rows) < n_actors:
            scores, allowed = scores[rows], allowed[rows]
        # scipy minimises, and would copy the matrix to negate it: the costs are built
        # negated here instead. A disallowed pair costs 0, as if left unmatched.
        cost = np.multiply(scores, allowed, dtype=np.float64)
        if objective == "count":
            # Each pair is worth more than all scores together: the most pairs win first.
            cost += allowed * float(min(len(rows), len(slots)) + 1)
        np.negative(cost, out=cost)
        from scipy.optimize import linear_sum_assignment  # SciPy loads only to match

        chosen_rows, chosen_slots = linear_sum_assignment(cost)
        for r, s in zip(chosen_rows.tolist(), chosen_slots.tolist(), strict=True):
            if allowed[r, s]:
                result.append((int(rows[r]), int(slots[s])))
    return sorted(result)
