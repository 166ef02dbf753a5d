"""The shared library of matching criteria.

Each criterion scores every actor of a pool against every mentor at once (an
(actors x mentors) array in [0, 1], built with numpy) and explains one pair's score
with a short reason in the reader's language. Rule sets (kaari.matching.rulesets)
weigh them and make some hard constraints. A criterion that lacks the data for a
pair gives 0.5: neither for nor against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flask_babel import lazy_gettext as _l

from kaari.matching.profiles import Side, word_matrices

UNKNOWN = 0.5
Reason = tuple[str, dict[str, Any]]  # a key of REASONS and its values


@dataclass(frozen=True)
class Criterion:
    name: str
    title: Callable[[], str]
    description: Callable[[], str]
    score: Callable[[Side, Side, dict], np.ndarray]
    reason: Callable[[Side, Side, int, int, float, dict], Reason]
    params: dict[str, Any] = field(default_factory=dict)  # defaults


CRITERIA: dict[str, Criterion] = {}


def criterion(name: str, title, description, reason, **params):
    def register(score):
        CRITERIA[name] = Criterion(name, title, description, score, reason, params)
        return score

    return register


def _per_actor(values: np.ndarray) -> np.ndarray:
    """A score that depends on the actor only, as an (actors x 1) column."""
    return values.astype(np.float32)[:, None]


def _per_mentor(values: np.ndarray) -> np.ndarray:
    """A score that depends on the mentor only, as a (1 x mentors) row."""
    return values.astype(np.float32)[None, :]


def _lookup(left: np.ndarray, right: np.ndarray, table) -> np.ndarray:
    """Every pair's score, computed once per pair of distinct values and gathered.

    Pools have few distinct codes, places or birth years, so `table(distinct_left,
    distinct_right)` is small and the (actors x mentors) result is one gather.
    """
    axis = 0 if left.ndim > 1 else None
    left_values, left_index = np.unique(left, axis=axis, return_inverse=True)
    right_values, right_index = np.unique(right, axis=axis, return_inverse=True)
    small = np.asarray(table(left_values, right_values), dtype=np.float32)
    return np.take(small[left_index.reshape(-1)], right_index.reshape(-1), axis=1)


def _hierarchy_table(left: np.ndarray, right: np.ndarray, steps) -> np.ndarray:
    known = (left[:, None, 0] >= 0) & (right[None, :, 0] >= 0)
    score = np.zeros((left.shape[0], right.shape[0]))
    for level in range(left.shape[1]):  # deeper levels overwrite shallower ones
        same = (left[:, None, level] == right[None, :, level]) & (left[:, None, level] >= 0)
        score = np.where(same, steps[level], score)
    return np.where(known, score, UNKNOWN)


def _hierarchy(left: np.ndarray, right: np.ndarray, steps: tuple[float, ...]) -> np.ndarray:
    """Closeness of two coded classifications: the deepest shared level's value;
    UNKNOWN where either side has no code."""
    return _lookup(left, right, lambda a, b: _hierarchy_table(a, b, steps))


ISCO_STEPS = (0.25, 0.5, 0.75, 1.0)  # major, sub-major, minor, unit group
ISCED_STEPS = (0.0, 0.33, 0.67, 1.0)  # (1 digit means nothing), broad, narrow, detailed


def _depth(score: float, steps: tuple[float, ...]) -> int:
    """The shared level a hierarchy score stands for (0: none)."""
    for level in range(len(steps) - 1, -1, -1):
        if steps[level] > 0 and abs(score - steps[level]) < 0.01:
            return level + 1
    return 0


def _code_reason(kind: str):
    def reason(actors: Side, mentors: Side, i: int, j: int, score: float, _params) -> Reason:
        right = mentors.occupation if kind == "occupation" else mentors.wished_field
        if actors.occupation[i, 0] < 0 or right[j, 0] < 0:
            return "code_unknown", {}
        return f"isco_{_depth(score, ISCO_STEPS)}", {}

    return reason


@criterion(
    "occupation",
    lambda: _l("Occupation"),
    lambda: _l(
        "How close the two occupations are in ISCO-08: same unit group, minor, sub-major or major group."
    ),
    _code_reason("occupation"),
)
def occupation(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _hierarchy(actors.occupation, mentors.occupation, ISCO_STEPS)


@criterion(
    "wished_field",
    lambda: _l("Field the mentor wishes to mentor in"),
    lambda: _l(
        "How close the actor's occupation is to the field the mentor would like to mentor in."
    ),
    _code_reason("wished_field"),
)
def wished_field(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _hierarchy(actors.occupation, mentors.wished_field, ISCO_STEPS)


def _education_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if actors.education[i, 0] < 0 or mentors.education[j, 0] < 0:
        return "education_unknown", {}
    return f"isced_{max(_depth(score, ISCED_STEPS), 1)}", {}


@criterion(
    "education_field",
    lambda: _l("Field of education"),
    lambda: _l(
        "How close the fields of education are in ISCED-F 2013: detailed, narrow or broad field."
    ),
    _education_reason,
)
def education_field(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _hierarchy(actors.education, mentors.education, ISCED_STEPS)


def _openness_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if actors.occupation[i, 0] >= 0 and actors.occupation[i, 0] == mentors.occupation[j, 0]:
        return "same_major_field", {}
    if np.isnan(mentors.open[j]):
        return "openness_unknown", {}
    return ("open_to_other_fields", {}) if mentors.open[j] else ("not_open", {})


@criterion(
    "openness",
    lambda: _l("Mentor's openness to other fields"),
    lambda: _l(
        "Full score when the two share a major occupation group or the mentor can mentor someone from another field."
    ),
    _openness_reason,
)
def openness(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    same = _lookup(
        actors.occupation[:, 0],
        mentors.occupation[:, 0],
        lambda a, b: (a[:, None] == b[None, :]) & (a[:, None] >= 0),
    )
    willing = _per_mentor(np.where(np.isnan(mentors.open), UNKNOWN, mentors.open))
    return np.where(same > 0, np.float32(1.0), willing)


def _age_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    if np.isnan(actors.birth_year[i]) or np.isnan(mentors.birth_year[j]):
        return "age_unknown", {}
    return "age_difference", {"years": int(abs(actors.birth_year[i] - mentors.birth_year[j]))}


@criterion(
    "age_difference",
    lambda: _l("Age difference"),
    lambda: _l(
        "Full score when the mentor is older than the actor by an amount within the preferred range; less the further outside it."
    ),
    _age_reason,
    min_years=-5,
    max_years=25,
    tolerance_years=10,
)
def age_difference(actors: Side, mentors: Side, params: dict) -> np.ndarray:
    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        older_by = left[:, None] - right[None, :]
        outside = np.maximum(params["min_years"] - older_by, older_by - params["max_years"])
        score = np.clip(1 - np.maximum(outside, 0) / max(params["tolerance_years"], 1), 0, 1)
        return np.where(np.isnan(older_by), UNKNOWN, score)

    return _lookup(actors.birth_year, mentors.birth_year, table)


def _gender_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if not actors.gender[i] or not mentors.gender[j]:
        return "gender_unknown", {}
    return ("same_gender", {}) if score == 1 else ("different_gender", {})


@criterion(
    "gender",
    lambda: _l("Gender"),
    lambda: _l(
        'Same gender scores 1. Read from a tenant question with the key "gender"; as a hard rule, unknown gender does not pass.'
    ),
    _gender_reason,
)
def gender(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        known = (left[:, None] != "") & (right[None, :] != "")
        return np.where(known, (left[:, None] == right[None, :]).astype(float), UNKNOWN)

    return _lookup(actors.gender, mentors.gender, table)


def _wish_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if not mentors.wish_words[j]:
        return "no_wishes", {}
    shared = sorted(mentors.wish_words[j] & actors.about_words[i])
    return ("wish_met", {"words": ", ".join(shared)}) if shared else ("wish_not_met", {})


@criterion(
    "language_wish",
    lambda: _l("Mentor's language or culture wish"),
    lambda: _l(
        "Full score when the mentor has no wish, or a word of the wish appears in what the actor wrote."
    ),
    _wish_reason,
)
def language_wish(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    score = np.ones((len(actors), len(mentors)), dtype=np.float32)
    wishing = [j for j, wish in enumerate(mentors.wish_words) if wish]  # usually few
    if wishing:
        about, wishes = word_matrices(actors.about_words, [mentors.wish_words[j] for j in wishing])
        met = (about @ wishes.T).toarray() > 0
        score[:, wishing] = np.where(met, np.float32(1.0), np.float32(0.3))
    return score


def _interest_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if not actors.interest_words[i] or not mentors.interest_words[j]:
        return "interests_unknown", {}
    shared = sorted(actors.interest_words[i] & mentors.interest_words[j])
    return ("shared_interests", {"words": ", ".join(shared)}) if shared else ("no_shared", {})


@criterion(
    "interests",
    lambda: _l("Shared interests"),
    lambda: _l("One shared interest word scores 0.5, two 0.8, three or more 1."),
    _interest_reason,
)
def interests(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    left, right = word_matrices(actors.interest_words, mentors.interest_words)
    shared = np.minimum((left @ right.T).toarray(), 3).astype(np.int8)
    score = np.array([0.0, 0.5, 0.8, 1.0], dtype=np.float32)[shared]
    known_actors = np.array([bool(w) for w in actors.interest_words])[:, None]
    known_mentors = np.array([bool(w) for w in mentors.interest_words])[None, :]
    return np.where(known_actors & known_mentors, score, np.float32(UNKNOWN))


def _working_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    if np.isnan(mentors.working[j]):
        return "situation_unknown", {}
    return ("mentor_working", {}) if mentors.working[j] else ("mentor_not_working", {})


@criterion(
    "mentor_working",
    lambda: _l("Mentor working now"),
    lambda: _l("A mentor who works now has working-life networks to share."),
    _working_reason,
)
def mentor_working(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_mentor(np.where(np.isnan(mentors.working), UNKNOWN, mentors.working))


def _level_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    level = actors.profiles[i].finnish_level
    return ("finnish_level", {"level": level.upper()}) if level else ("level_unknown", {})


@criterion(
    "language_level",
    lambda: _l("Finnish level"),
    lambda: _l(
        "Pairs meet in Finnish: a higher self-assessed level scores higher (A1 0.2, A2 0.5, B1 0.8, B2 and above 1)."
    ),
    _level_reason,
)
def language_level(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_actor(np.where(np.isnan(actors.level), UNKNOWN, actors.level))


def _place_reason(actors: Side, mentors: Side, i: int, j: int, score: float, _p) -> Reason:
    if score == 1:
        return "same_municipality", {"place": actors.profiles[i].municipality}
    return ("nearby", {}) if score >= 0.7 else ("far", {})


@criterion(
    "municipality",
    lambda: _l("Municipality"),
    lambda: _l(
        "Same municipality scores 1, municipalities in one of the rule set's nearby groups 0.7, others 0.2."
    ),
    _place_reason,
    nearby=[
        ["helsinki", "espoo", "vantaa", "kauniainen"],
        ["turku", "kaarina", "raisio", "naantali"],
        ["tampere", "nokia", "pirkkala", "kangasala", "ylöjärvi", "lempäälä"],
    ],
)
def municipality(actors: Side, mentors: Side, params: dict) -> np.ndarray:
    area = {name.lower(): index for index, group in enumerate(params["nearby"]) for name in group}

    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        left_area = np.array([area.get(m, -1 - i) for i, m in enumerate(left)])
        right_area = np.array([area.get(m, -(10**6) - j) for j, m in enumerate(right)])
        same = left[:, None] == right[None, :]
        near = left_area[:, None] == right_area[None, :]
        known = (left[:, None] != "") & (right[None, :] != "")
        return np.where(known, np.where(same, 1.0, np.where(near, 0.7, 0.2)), UNKNOWN)

    return _lookup(actors.municipality, mentors.municipality, table)


def _wait_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    return "waited", {"days": int(actors.waited[i])}


@criterion(
    "waiting_time",
    lambda: _l("Waiting time"),
    lambda: _l(
        "Those who have waited longer come first: the score grows with the days since registering, full after the rule set's number of days."
    ),
    _wait_reason,
    full_after_days=365,
)
def waiting_time(actors: Side, mentors: Side, params: dict) -> np.ndarray:
    return _per_actor(np.clip(actors.waited / max(params["full_after_days"], 1), 0, 1))


def _commitment_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    if actors.reconfirmed[i]:
        return "reconfirmed", {}
    return ("fresh", {}) if actors.fresh[i] else ("not_reconfirmed", {})


@criterion(
    "commitment",
    lambda: _l("Re-confirmed interest"),
    lambda: _l(
        "An actor who re-confirmed interest scores 1, a recent registration 0.8, an old one not re-confirmed 0.3."
    ),
    _commitment_reason,
)
def commitment(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_actor(np.where(actors.reconfirmed, 1.0, np.where(actors.fresh, 0.8, 0.3)))


RANK_SCORES = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2}
NOT_RANKED = 0.3  # the actor ranked others, not this mentor


def _preference_reason(actors: Side, mentors: Side, i: int, j: int, _s, _p) -> Reason:
    ranks = actors.rankings[i]
    if not ranks:
        return "no_ranking", {}
    rank = ranks.get(int(mentors.ids[j]))
    return ("ranked", {"rank": rank}) if rank else ("not_ranked", {})


@criterion(
    "actor_preference",
    lambda: _l("Actor's own ranking"),
    lambda: _l(
        "When the network lets actors rank a shortlist of mentors: first choice scores 1, fifth 0.2, a mentor the actor did not rank 0.3; no ranking at all 0.5."
    ),
    _preference_reason,
)
def actor_preference(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    score = np.full((len(actors), len(mentors)), UNKNOWN, dtype=np.float32)
    column = {mentor_id: j for j, mentor_id in enumerate(mentors.ids.tolist())}
    for i, ranks in enumerate(actors.rankings):
        if ranks:  # only actors who answered: usually few
            score[i, :] = NOT_RANKED
            for mentor_id, rank in ranks.items():
                if mentor_id in column:
                    score[i, column[mentor_id]] = RANK_SCORES.get(rank, NOT_RANKED)
    return score


REASONS = {
    "code_unknown": _l("Occupation not chosen from the list on one side"),
    "isco_4": _l("Same occupation (unit group)"),
    "isco_3": _l("Close occupations (same minor group)"),
    "isco_2": _l("Related occupations (same sub-major group)"),
    "isco_1": _l("Same broad occupation group"),
    "isco_0": _l("Different occupation groups"),
    "education_unknown": _l("Field of education not chosen from the list on one side"),
    "isced_4": _l("Same detailed field of education"),
    "isced_3": _l("Same narrow field of education"),
    "isced_2": _l("Same broad field of education"),
    "isced_1": _l("Different fields of education"),
    "isced_0": _l("Different fields of education"),
    "same_major_field": _l("Both in the same broad field"),
    "open_to_other_fields": _l("The mentor can mentor someone from another field"),
    "not_open": _l("The mentor prefers the same field"),
    "openness_unknown": _l("Unknown whether the mentor can mentor another field"),
    "age_unknown": _l("Age of one of them not known"),
    "age_difference": _l("Age difference %(years)d years"),
    "gender_unknown": _l("Gender of one of them not known"),
    "same_gender": _l("Same gender"),
    "different_gender": _l("Different gender"),
    "no_wishes": _l("The mentor has no wishes about language or culture"),
    "wish_met": _l("The mentor's wish is met: %(words)s"),
    "wish_not_met": _l("The mentor's wish is not met"),
    "interests_unknown": _l("Interests not given on one side"),
    "shared_interests": _l("Shared interests: %(words)s"),
    "no_shared": _l("No shared interests"),
    "situation_unknown": _l("The mentor's work situation is not known"),
    "mentor_working": _l("The mentor works now"),
    "mentor_not_working": _l("The mentor does not work now"),
    "finnish_level": _l("Finnish level %(level)s"),
    "level_unknown": _l("Finnish level not given"),
    "same_municipality": _l("Both in %(place)s"),
    "nearby": _l("Nearby municipalities"),
    "far": _l("Different areas"),
    "waited": _l("Waited %(days)d days"),
    "reconfirmed": _l("Interest re-confirmed"),
    "fresh": _l("Recent registration"),
    "not_reconfirmed": _l("Old registration, interest not re-confirmed"),
    "no_ranking": _l("The actor has not ranked mentors"),
    "ranked": _l("The actor's choice number %(rank)d"),
    "not_ranked": _l("The actor did not rank this mentor"),
}


def reason_text(reason: Reason) -> str:
    key, values = reason
    return str(REASONS[key]) % values if values else str(REASONS[key])
