"""The solver finds the best pairs: checked against brute force on small pools."""

from __future__ import annotations

from itertools import permutations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kaari.matching.solver import assign


def _brute_force(scores, allowed, capacity, pinned=()):
    """Every way to give each actor a mentor place or none; the best (count, total)."""
    n_actors, n_mentors = scores.shape
    places = [m for m in range(n_mentors) for _ in range(capacity[m])] + [None] * n_actors
    best = {"score": (-1.0,), "count": (-1, -1.0)}
    for choice in set(permutations(places, n_actors)):
        if any(choice[a] != m for a, m in pinned):
            continue
        pairs = [(a, m) for a, m in enumerate(choice) if m is not None]
        if any(not allowed[a, m] and (a, m) not in pinned for a, m in pairs):
            continue
        total = round(sum(scores[a, m] for a, m in pairs), 9)
        best["score"] = max(best["score"], (total,))
        best["count"] = max(best["count"], (len(pairs), total))
    return best


pools = st.tuples(st.integers(1, 4), st.integers(1, 3)).flatmap(
    lambda size: st.tuples(
        st.lists(
            st.floats(0, 1, allow_nan=False), min_size=size[0] * size[1], max_size=size[0] * size[1]
        ),
        st.lists(st.booleans(), min_size=size[0] * size[1], max_size=size[0] * size[1]),
        st.lists(st.integers(1, 2), min_size=size[1], max_size=size[1]),
        st.just(size),
    )
)


@settings(max_examples=150, deadline=None)
@given(pools, st.sampled_from(["score", "count"]))
def test_the_solver_is_as_good_as_trying_every_assignment(pool, objective):
    values, flags, capacity, (n_actors, n_mentors) = pool
    scores = np.array(values).reshape(n_actors, n_mentors)
    allowed = np.array(flags).reshape(n_actors, n_mentors)
    pairs = assign(scores, allowed, np.array(capacity), objective=objective)

    assert all(allowed[a, m] for a, m in pairs)  # hard constraints are never broken
    assert len({a for a, _ in pairs}) == len(pairs)  # an actor has one mentor
    for mentor, places in enumerate(capacity):
        assert sum(1 for _, m in pairs if m == mentor) <= places
    total = round(sum(scores[a, m] for a, m in pairs), 9)
    best = _brute_force(scores, allowed, capacity)
    if objective == "score":
        assert abs(total - best["score"][0]) < 1e-6
    else:
        assert len(pairs) == best["count"][0] and abs(total - best["count"][1]) < 1e-6


def test_pinned_pairs_stay_and_use_the_mentors_place():
    scores = np.array([[0.9, 0.1], [0.8, 0.2]])
    allowed = np.ones((2, 2), dtype=bool)
    pairs = assign(scores, allowed, np.array([1, 1]), pinned=[(1, 0)])
    assert pairs == [(0, 1), (1, 0)]


def test_excluded_pairs_leave_people_unmatched_rather_than_paired_badly():
    scores = np.array([[0.9, 0.5]])
    allowed = np.array([[False, False]])
    assert assign(scores, allowed, np.array([1, 1])) == []


def test_most_matched_first_can_lower_the_total_to_pair_more_people():
    scores = np.array([[1.0, 0.3], [0.6, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    assert assign(scores, allowed, np.array([1, 1]), objective="score") == [(0, 0)]
    assert assign(scores, allowed, np.array([1, 1]), objective="count") == [(0, 1), (1, 0)]


def test_the_same_input_gives_the_same_pairs():
    rng = np.random.default_rng(7)
    scores = rng.random((40, 50))
    allowed = scores > 0.2
    first = assign(scores, allowed, np.ones(50, dtype=int))
    assert all(assign(scores, allowed, np.ones(50, dtype=int)) == first for _ in range(3))
