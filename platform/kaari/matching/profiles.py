"""What matching knows of a person (`Profile`), and the same for a whole side of a pool
as numpy arrays (`Side`), so criteria score every actor against every mentor at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say nothing about a person's interests or wishes (fi, sv, en).
STOP_WORDS = frozenset(
    [
        "and",
        "the",
        "with",
        "for",
        "from",
        "who",
        "that",
        "this",
        "ja",
        "tai",
        "sekä",
        "kuin",
        "joka",
        "myös",
        "että",
        "och",
        "med",
        "som",
        "för",
        "eller",
        "att",
        "den",
        "det",
        "har",
        "someone",
        "speaks",
        "joku",
        "jonka",
        "puhuu",
        "någon",
        "talar",
    ]
)
LANGUAGE_LEVELS = {"a1": 0.2, "a2": 0.5, "b1": 0.8, "b2": 1.0, "c1": 1.0, "native": 1.0}
WORKING = {"employed_own_field": True, "employed_other_field": True}


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall((text or "").lower()) if w not in STOP_WORDS)


@dataclass(frozen=True)
class Profile:
    """One person as matching sees them; built from the register by `profile_of`."""

    id: int
    occupation: str = ""  # ISCO-08 code chosen from the list, or ""
    wished_field: str = ""  # ISCO-08 code of the field a mentor wants to mentor in
    education_field: str = ""  # ISCED-F code
    birth_year: int | None = None
    gender: str = ""  # from a tenant question with the key "gender", if it asks one
    municipality: str = ""
    interests: str = ""
    about: str = ""  # what the person wrote about themselves (read for the mentor's wishes)
    wishes: str = ""  # a mentor's wishes about the actor's language or culture
    open_to_other_fields: bool | None = None
    working: bool | None = None
    finnish_level: str = ""
    waited_days: int = 0
    reconfirmed: bool = False  # interest re-confirmed since registering
    registration_fresh: bool = True  # younger than the tenant's re-confirmation age
    capacity: int = 1  # how many actors a mentor takes at once
    rankings: dict[int, int] = field(default_factory=dict)  # an actor's mentor id → rank


def _yes_no(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def profile_of(
    person, *, now: datetime, reconfirm_after_days: int, rankings: dict[int, int] | None = None
) -> Profile:
    """The matching view of a register entry (a `Person`)."""
    answers = person.answers or {}
    registered = person.registered_at or person.created_at
    waited = max(0, (now - registered).days)
    birth_year = answers.get("birth_year")
    about = " ".join(
        str(answers.get(key, ""))
        for key in ("education_abroad", "work_abroad", "goals", "interests", "address")
    )
    situation = answers.get("situation")
    return Profile(
        id=person.id,
        occupation=person.occupation_code or "",
        wished_field=answers.get("wished_field_code") or "",
        education_field=answers.get("education_field_code") or "",
        birth_year=int(birth_year) if str(birth_year or "").isdigit() else None,
        gender=str(answers.get("custom_gender") or ""),
        municipality=person.municipality,
        interests=str(answers.get("interests", "")),
        about=f"{about} {person.question}",
        wishes=str(answers.get("wishes", "")),
        open_to_other_fields=_yes_no(answers.get("other_fields")),
        working=WORKING.get(situation, False) if situation else None,
        finnish_level=person.language_level,
        waited_days=waited,
        reconfirmed=person.reconfirmed_at is not None,
        registration_fresh=waited <= reconfirm_after_days,
        capacity=max(1, int(answers.get("_capacity", 1))),
        rankings=rankings or {},
    )


def _code_levels(codes: list[str], levels: int) -> np.ndarray:
    """codes → (n, levels) ints: the code cut to 1..levels digits; -1 where unknown.
    Worked out once per distinct code: a pool has a few hundred among thousands."""
    rows = {
        code: [
            int(code[:level]) + 10**level if level <= len(code) else -1
            for level in range(1, levels + 1)
        ]
        for code in set(codes)
    }  # + 10**level: "02" ≠ "2"
    return np.array([rows[code] for code in codes], dtype=np.int64).reshape(len(codes), levels)


@dataclass
class Side:
    """One side of a pool (actors or mentors) as arrays, in `profiles` order."""

    profiles: list[Profile]

    def __post_init__(self) -> None:
        p = self.profiles
        self.ids = np.array([x.id for x in p], dtype=np.int64)
        self.occupation = _code_levels([x.occupation for x in p], 4)
        self.wished_field = _code_levels([x.wished_field for x in p], 4)
        self.education = _code_levels([x.education_field for x in p], 4)
        self.birth_year = np.array(
            [np.nan if x.birth_year is None else x.birth_year for x in p], dtype=float
        )
        self.gender = np.array([x.gender.lower() for x in p], dtype=object)
        self.municipality = np.array([x.municipality.strip().lower() for x in p], dtype=object)
        self.open = np.array(
            [np.nan if x.open_to_other_fields is None else x.open_to_other_fields for x in p],
            dtype=float,
        )
        self.working = np.array(
            [np.nan if x.working is None else x.working for x in p], dtype=float
        )
        self.level = np.array(
            [LANGUAGE_LEVELS.get(x.finnish_level, np.nan) for x in p], dtype=float
        )
        self.waited = np.array([x.waited_days for x in p], dtype=float)
        self.reconfirmed = np.array([x.reconfirmed for x in p], dtype=bool)
        self.fresh = np.array([x.registration_fresh for x in p], dtype=bool)
        self.capacity = np.array([x.capacity for x in p], dtype=np.int64)
        self.interest_words = [words(x.interests) for x in p]
        self.about_words = [words(f"{x.about} {x.interests}") for x in p]
        self.wish_words = [words(x.wishes) for x in p]
        self.rankings = [x.rankings for x in p]

    def __len__(self) -> int:
        return len(self.profiles)

    def take(self, indices) -> Side:
        """The same side for the given positions only (arrays sliced, not rebuilt)."""
        part = object.__new__(Side)
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(part, name, value[indices])
            else:
                setattr(part, name, [value[i] for i in indices])
        return part


def word_matrices(
    left: list[frozenset[str]], right: list[frozenset[str]]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Both sides' word sets as 0/1 sparse matrices over one vocabulary (SciPy is
    imported here: a web process that never matches does not load it)."""
    from scipy import sparse

    vocabulary: dict[str, int] = {}
    for group in (left, right):
        for found in group:
            for word in found:
                vocabulary.setdefault(word, len(vocabulary))

    def matrix(group: list[frozenset[str]]) -> sparse.csr_matrix:
        rows = [row for row, found in enumerate(group) for _ in found]
        columns = [vocabulary[word] for found in group for word in found]
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix(
            (data, (rows, columns)), shape=(len(group), max(1, len(vocabulary)))
        )

    return matrix(left), matrix(right)
