"""The shared library of matching criteria.

Each criterion scores every actor of a pool against every mentor at once (an
(actors x mentors) array in [0, 1], built with numpy) and explains a pair's score
with a short reason in the reader's language. Reasons are given for chosen pairs
only, many at once: `reasons(actors, mentors, values, params)` gets two sides of
equal length, actor k paired with mentor k, and those pairs' scores. Rule sets
(kaari.matching.rulesets) weigh the criteria and make some hard constraints. A criterion that lacks the data for a
pair gives 0.5: neither for nor against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from kaari.matching.profiles import Side, word_matrices

UNKNOWN = 0.5
Reason = tuple[str, dict[str, Any]]  # a key of REASONS and its values


@dataclass(frozen=True)
class Lookup:
    """Every pair's score as a small table over the distinct values of each side, and
    each person's row or column in it: gathered into the full matrix once, and read
    directly for the pairs that need explaining."""

    table: np.ndarray  # float32, (distinct actor values x distinct mentor values)
    rows: np.ndarray  # per actor, its row in `table`
    columns: np.ndarray  # per mentor, its column in `table`

    def dense(self, scale: float = 1.0) -> np.ndarray:
        small = self.table * np.float32(scale) if scale != 1.0 else self.table
        return np.take(small[self.rows], self.columns, axis=1)

    def at(self, actors: np.ndarray, mentors: np.ndarray) -> np.ndarray:
        """The scores of pairs given as actor and mentor positions."""
        return self.table[self.rows[actors], self.columns[mentors]]


@dataclass(frozen=True)
class Criterion:
    name: str
    title: Callable[[], str]
    description: Callable[[], str]
    measure: Callable[[Side, Side, dict], np.ndarray | Lookup]
    reasons: Callable[[Side, Side, np.ndarray, dict], list[Reason]]  # pairwise sides
    params: dict[str, Any] = field(default_factory=dict)  # defaults

    def score(self, actors: Side, mentors: Side, params: dict) -> np.ndarray:
        """Every actor against every mentor: an array, or a column or row when only
        one side matters."""
        values = self.measure(actors, mentors, params)
        return values.dense() if isinstance(values, Lookup) else values


CRITERIA: dict[str, Criterion] = {}


def criterion(name: str, title, description, reasons, **params):
    def register(measure):
        CRITERIA[name] = Criterion(name, title, description, measure, reasons, params)
        return measure

    return register


def _keys(conditions: list[np.ndarray], keys: list[str], default: str) -> list[Reason]:
    """Each pair's reason key without values: the first condition that holds."""
    return [(key, {}) for key in np.select(conditions, keys, default).tolist()]


def _per_actor(values: np.ndarray) -> np.ndarray:
    """A score that depends on the actor only, as an (actors x 1) column."""
    return values.astype(np.float32)[:, None]


def _per_mentor(values: np.ndarray) -> np.ndarray:
    """A score that depends on the mentor only, as a (1 x mentors) row."""
    return values.astype(np.float32)[None, :]


def _lookup(left: np.ndarray, right: np.ndarray, table) -> Lookup:
    """Every pair's score, computed once per pair of distinct values.

    Pools have few distinct codes, places or birth years, so `table(distinct_left,
    distinct_right)` is small. A side given as 2-d rows is distinct by whole rows.
    """
    left_values, rows = np.unique(left, axis=0 if left.ndim > 1 else None, return_inverse=True)
    right_values, columns = np.unique(
        right, axis=0 if right.ndim > 1 else None, return_inverse=True
    )
    small = np.asarray(table(left_values, right_values), dtype=np.float32)
    return Lookup(small, rows.reshape(-1), columns.reshape(-1))


def _hierarchy_table(left: np.ndarray, right: np.ndarray, steps) -> np.ndarray:
    known = (left[:, None, 0] >= 0) & (right[None, :, 0] >= 0)
    score = np.zeros((left.shape[0], right.shape[0]))
    for level in range(left.shape[1]):  # deeper levels overwrite shallower ones
        same = (left[:, None, level] == right[None, :, level]) & (left[:, None, level] >= 0)
        score = np.where(same, steps[level], score)
    return np.where(known, score, UNKNOWN)


def _hierarchy(left: np.ndarray, right: np.ndarray, steps: tuple[float, ...]) -> Lookup:
    """Closeness of two coded classifications: the deepest shared level's value;
    UNKNOWN where either side has no code."""
    return _lookup(left, right, lambda a, b: _hierarchy_table(a, b, steps))


ISCO_STEPS = (0.25, 0.5, 0.75, 1.0)  # major, sub-major, minor, unit group
ISCED_STEPS = (0.0, 0.33, 0.67, 1.0)  # (1 digit means nothing), broad, narrow, detailed


def _depth(values: np.ndarray, steps: tuple[float, ...]) -> np.ndarray:
    """The shared level each hierarchy score stands for (0: none)."""
    depth = np.zeros(len(values), dtype=np.int64)
    for level, step in enumerate(steps):  # deeper levels overwrite shallower ones
        if step > 0:
            depth = np.where(np.abs(values - step) < 0.01, level + 1, depth)
    return depth


def _depth_reasons(
    left: np.ndarray, right: np.ndarray, values: np.ndarray, steps, prefix: str, unknown: str
) -> list[Reason]:
    """`unknown` where either side has no code, else `prefix` and the shared depth
    (at least 1: a depth of 0 reads as 1 where the first level says nothing)."""
    floor = 1 if steps[0] == 0 else 0
    depth = np.maximum(_depth(values, steps), floor).astype(str)
    keys = np.where((left[:, 0] < 0) | (right[:, 0] < 0), unknown, np.char.add(prefix, depth))
    return [(key, {}) for key in keys.tolist()]


def _code_reasons(kind: str):
    def reasons(actors: Side, mentors: Side, values: np.ndarray, _params) -> list[Reason]:
        right = mentors.occupation if kind == "occupation" else mentors.wished_field
        return _depth_reasons(actors.occupation, right, values, ISCO_STEPS, "isco_", "code_unknown")

    return reasons


@criterion(
    "occupation",
    lambda: _l("Occupation"),
    lambda: _l(
        "How close the two occupations are in ISCO-08: same unit group, minor, sub-major or major group."
    ),
    _code_reasons("occupation"),
)
def occupation(actors: Side, mentors: Side, _params: dict) -> Lookup:
    return _hierarchy(actors.occupation, mentors.occupation, ISCO_STEPS)


@criterion(
    "wished_field",
    lambda: _l("Field the mentor wishes to mentor in"),
    lambda: _l(
        "How close the actor's occupation is to the field the mentor would like to mentor in."
    ),
    _code_reasons("wished_field"),
)
def wished_field(actors: Side, mentors: Side, _params: dict) -> Lookup:
    return _hierarchy(actors.occupation, mentors.wished_field, ISCO_STEPS)


def _education_reasons(actors: Side, mentors: Side, values: np.ndarray, _p) -> list[Reason]:
    return _depth_reasons(
        actors.education, mentors.education, values, ISCED_STEPS, "isced_", "education_unknown"
    )


@criterion(
    "education_field",
    lambda: _l("Field of education"),
    lambda: _l(
        "How close the fields of education are in ISCED-F 2013: detailed, narrow or broad field."
    ),
    _education_reasons,
)
def education_field(actors: Side, mentors: Side, _params: dict) -> Lookup:
    return _hierarchy(actors.education, mentors.education, ISCED_STEPS)


def _openness_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    major = actors.occupation[:, 0]
    return _keys(
        [
            (major >= 0) & (major == mentors.occupation[:, 0]),
            np.isnan(mentors.open),
            mentors.open == 1,
        ],
        ["same_major_field", "openness_unknown", "open_to_other_fields"],
        "not_open",
    )


@criterion(
    "openness",
    lambda: _l("Mentor's openness to other fields"),
    lambda: _l(
        "Full score when the two share a major occupation group or the mentor can mentor someone from another field."
    ),
    _openness_reasons,
)
def openness(actors: Side, mentors: Side, _params: dict) -> Lookup:
    def table(majors: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        same = (majors[:, None] == mentor[None, :, 0]) & (majors[:, None] >= 0)
        willing = np.where(mentor[:, 1] < 0, UNKNOWN, mentor[:, 1])  # -1: not known
        return np.where(same, 1.0, willing[None, :])

    open_to_others = np.where(np.isnan(mentors.open), -1, mentors.open)
    mentor = np.column_stack([mentors.occupation[:, 0], open_to_others])
    return _lookup(actors.occupation[:, 0], mentor, table)


def _age_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    years = np.abs(actors.birth_year - mentors.birth_year)
    return [
        ("age_unknown", {}) if np.isnan(gap) else ("age_difference", {"years": int(gap)})
        for gap in years.tolist()
    ]


@criterion(
    "age_difference",
    lambda: _l("Age difference"),
    lambda: _l(
        "Full score when the mentor is older than the actor by an amount within the preferred range; less the further outside it."
    ),
    _age_reasons,
    min_years=-5,
    max_years=25,
    tolerance_years=10,
)
def age_difference(actors: Side, mentors: Side, params: dict) -> Lookup:
    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        older_by = left[:, None] - right[None, :]
        outside = np.maximum(params["min_years"] - older_by, older_by - params["max_years"])
        score = np.clip(1 - np.maximum(outside, 0) / max(params["tolerance_years"], 1), 0, 1)
        return np.where(np.isnan(older_by), UNKNOWN, score)

    return _lookup(actors.birth_year, mentors.birth_year, table)


def _gender_reasons(actors: Side, mentors: Side, values: np.ndarray, _p) -> list[Reason]:
    return _keys(
        [(actors.gender == "") | (mentors.gender == ""), values == 1],
        ["gender_unknown", "same_gender"],
        "different_gender",
    )


@criterion(
    "gender",
    lambda: _l("Gender"),
    lambda: _l(
        'Same gender scores 1. Read from a tenant question with the key "gender"; as a hard rule, unknown gender does not pass.'
    ),
    _gender_reasons,
)
def gender(actors: Side, mentors: Side, _params: dict) -> Lookup:
    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        known = (left[:, None] != "") & (right[None, :] != "")
        return np.where(known, (left[:, None] == right[None, :]).astype(float), UNKNOWN)

    return _lookup(actors.gender, mentors.gender, table)


def _shared_words(
    left: list[frozenset[str]], right: list[frozenset[str]], empty: str, met: str, unmet: str
) -> list[Reason]:
    """Per pair: `empty` when the right side gave no words, else the words both share."""
    found = []
    for mine, theirs in zip(left, right, strict=True):
        shared = ", ".join(sorted(mine & theirs)) if theirs else ""
        found.append((met, {"words": shared}) if shared else (unmet if theirs else empty, {}))
    return found


def _wish_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    return _shared_words(
        actors.about_words, mentors.wish_words, "no_wishes", "wish_met", "wish_not_met"
    )


@criterion(
    "language_wish",
    lambda: _l("Mentor's language or culture wish"),
    lambda: _l(
        "Full score when the mentor has no wish, or a word of the wish appears in what the actor wrote."
    ),
    _wish_reasons,
)
def language_wish(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    score = np.ones((len(actors), len(mentors)), dtype=np.float32)
    wishing = [j for j, wish in enumerate(mentors.wish_words) if wish]  # usually few
    if wishing:
        about, wishes = word_matrices(actors.about_words, [mentors.wish_words[j] for j in wishing])
        met = (about @ wishes.T).toarray() > 0
        score[:, wishing] = np.where(met, np.float32(1.0), np.float32(0.3))
    return score


def _interest_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    # An actor without interests shares none with anyone: "unknown" as when the mentor has none.
    mentor_words = [
        words if mine else frozenset()
        for mine, words in zip(actors.interest_words, mentors.interest_words, strict=True)
    ]
    return _shared_words(
        actors.interest_words, mentor_words, "interests_unknown", "shared_interests", "no_shared"
    )


INTEREST_SCORES = np.array([0.0, 0.5, 0.8, 1.0], dtype=np.float32)  # by words in common


@criterion(
    "interests",
    lambda: _l("Shared interests"),
    lambda: _l("One shared interest word scores 0.5, two 0.8, three or more 1."),
    _interest_reasons,
)
def interests(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    left, right = word_matrices(actors.interest_words, mentors.interest_words)
    shared = (left.astype(np.int16) @ right.T.astype(np.int16)).toarray()  # words in common
    score = np.take(INTEREST_SCORES, np.minimum(shared, 3, out=shared))
    score[[not w for w in actors.interest_words], :] = UNKNOWN
    score[:, [not w for w in mentors.interest_words]] = UNKNOWN
    return score


def _working_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    return _keys(
        [np.isnan(mentors.working), mentors.working == 1],
        ["situation_unknown", "mentor_working"],
        "mentor_not_working",
    )


@criterion(
    "mentor_working",
    lambda: _l("Mentor working now"),
    lambda: _l("A mentor who works now has working-life networks to share."),
    _working_reasons,
)
def mentor_working(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_mentor(np.where(np.isnan(mentors.working), UNKNOWN, mentors.working))


def _level_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    return [
        ("finnish_level", {"level": p.finnish_level.upper()})
        if p.finnish_level
        else ("level_unknown", {})
        for p in actors.profiles
    ]


@criterion(
    "language_level",
    lambda: _l("Finnish level"),
    lambda: _l(
        "Pairs meet in Finnish: a higher self-assessed level scores higher (A1 0.2, A2 0.5, B1 0.8, B2 and above 1)."
    ),
    _level_reasons,
)
def language_level(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_actor(np.where(np.isnan(actors.level), UNKNOWN, actors.level))


def _place_reasons(actors: Side, mentors: Side, values: np.ndarray, _p) -> list[Reason]:
    return [
        ("same_municipality", {"place": p.municipality})
        if value == 1
        else ("nearby" if value >= 0.7 else "far", {})
        for p, value in zip(actors.profiles, values.tolist(), strict=True)
    ]


@criterion(
    "municipality",
    lambda: _l("Municipality"),
    lambda: _l(
        "Same municipality scores 1, municipalities in one of the rule set's nearby groups 0.7, others 0.2."
    ),
    _place_reasons,
    nearby=[
        ["helsinki", "espoo", "vantaa", "kauniainen"],
        ["turku", "kaarina", "raisio", "naantali"],
        ["tampere", "nokia", "pirkkala", "kangasala", "ylöjärvi", "lempäälä"],
    ],
)
def municipality(actors: Side, mentors: Side, params: dict) -> Lookup:
    area = {name.lower(): index for index, group in enumerate(params["nearby"]) for name in group}

    def table(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        left_area = np.array([area.get(m, -1 - i) for i, m in enumerate(left)])
        right_area = np.array([area.get(m, -(10**6) - j) for j, m in enumerate(right)])
        same = left[:, None] == right[None, :]
        near = left_area[:, None] == right_area[None, :]
        known = (left[:, None] != "") & (right[None, :] != "")
        return np.where(known, np.where(same, 1.0, np.where(near, 0.7, 0.2)), UNKNOWN)

    return _lookup(actors.municipality, mentors.municipality, table)


def _wait_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    return [("waited", {"days": int(days)}) for days in actors.waited.tolist()]


@criterion(
    "waiting_time",
    lambda: _l("Waiting time"),
    lambda: _l(
        "Those who have waited longer come first: the score grows with the days since registering, full after the rule set's number of days."
    ),
    _wait_reasons,
    full_after_days=365,
)
def waiting_time(actors: Side, mentors: Side, params: dict) -> np.ndarray:
    return _per_actor(np.clip(actors.waited / max(params["full_after_days"], 1), 0, 1))


def _commitment_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    return _keys([actors.reconfirmed, actors.fresh], ["reconfirmed", "fresh"], "not_reconfirmed")


@criterion(
    "commitment",
    lambda: _l("Re-confirmed interest"),
    lambda: _l(
        "An actor who re-confirmed interest scores 1, a recent registration 0.8, an old one not re-confirmed 0.3."
    ),
    _commitment_reasons,
)
def commitment(actors: Side, mentors: Side, _params: dict) -> np.ndarray:
    return _per_actor(np.where(actors.reconfirmed, 1.0, np.where(actors.fresh, 0.8, 0.3)))


RANK_SCORES = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2}
NOT_RANKED = 0.3  # the actor ranked others, not this mentor


def _preference_reasons(actors: Side, mentors: Side, _values, _p) -> list[Reason]:
    found = []
    for ranks, mentor_id in zip(actors.rankings, mentors.ids.tolist(), strict=True):
        rank = ranks.get(mentor_id)
        found.append(
            ("ranked", {"rank": rank}) if rank else ("not_ranked" if ranks else "no_ranking", {})
        )
    return found


@criterion(
    "actor_preference",
    lambda: _l("Actor's own ranking"),
    lambda: _l(
        "When the network lets actors rank a shortlist of mentors: first choice scores 1, fifth 0.2, a mentor the actor did not rank 0.3; no ranking at all 0.5."
    ),
    _preference_reasons,
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


# A reason's text; one whose noun follows a count is a function of the reason's values,
# so that the noun takes the count's form (1 päivä, 2 päivää).
REASONS: dict[str, Any] = {
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
    "age_difference": lambda values: ngettext(
        "Age difference %(num)d year", "Age difference %(num)d years", values["years"]
    ),
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
    "waited": lambda values: ngettext("Waited %(num)d day", "Waited %(num)d days", values["days"]),
    "reconfirmed": _l("Interest re-confirmed"),
    "fresh": _l("Recent registration"),
    "not_reconfirmed": _l("Old registration, interest not re-confirmed"),
    "no_ranking": _l("The actor has not ranked mentors"),
    "ranked": _l("The actor's choice number %(rank)d"),
    "not_ranked": _l("The actor did not rank this mentor"),
}


def reason_text(reason: Reason) -> str:
    key, values = reason
    text = REASONS[key]
    if callable(text):
        return text(values)
    return str(text) % values if values else str(text)
