"""Each criterion of the shared library: its scores at the edges and its reasons."""

from __future__ import annotations

import numpy as np
import pytest

from kaari.matching.criteria import CRITERIA, REASONS, UNKNOWN, reason_text
from kaari.matching.profiles import Profile, Side


def _score(name: str, actor: Profile, mentor: Profile, **params) -> float:
    criterion = CRITERIA[name]
    actors, mentors = Side([actor]), Side([mentor])
    values = criterion.score(actors, mentors, {**criterion.params, **params})
    assert values.shape == (1, 1) and 0 <= values[0, 0] <= 1
    return round(float(values[0, 0]), 4)  # scores are float32


def _reason(name: str, actor: Profile, mentor: Profile) -> str:
    criterion = CRITERIA[name]
    actors, mentors = Side([actor]), Side([mentor])
    value = _score(name, actor, mentor)
    (reason,) = criterion.reasons(actors, mentors, np.array([value]), criterion.params)
    return reason_text(reason)


@pytest.mark.parametrize(
    ("actor", "mentor", "expected"),
    [
        ("2142", "2142", 1.0),
        ("2142", "2143", 0.75),
        ("2142", "2151", 0.5),
        ("2142", "2221", 0.25),
        ("2142", "5120", 0.0),
        ("", "2142", UNKNOWN),
    ],
)
def test_occupation_follows_the_isco_hierarchy(actor, mentor, expected):
    assert (
        _score("occupation", Profile(1, occupation=actor), Profile(2, occupation=mentor))
        == expected
    )


def test_wished_field_compares_the_actors_occupation_with_the_mentors_wish():
    actor = Profile(1, occupation="2512")
    assert _score("wished_field", actor, Profile(2, occupation="1111", wished_field="2512")) == 1.0
    assert _score("wished_field", actor, Profile(2, occupation="2512")) == UNKNOWN


@pytest.mark.parametrize(
    ("actor", "mentor", "expected"),
    [("0732", "0732", 1.0), ("0732", "0731", 0.67), ("0732", "0714", 0.33), ("0732", "0912", 0.0)],
)
def test_education_field_follows_isced(actor, mentor, expected):
    actor, mentor = Profile(1, education_field=actor), Profile(2, education_field=mentor)
    assert _score("education_field", actor, mentor) == expected


def test_openness_matters_only_across_fields():
    actor = Profile(1, occupation="2142")
    assert (
        _score("openness", actor, Profile(2, occupation="2512", open_to_other_fields=False)) == 1.0
    )
    assert (
        _score("openness", actor, Profile(2, occupation="5120", open_to_other_fields=False)) == 0.0
    )
    assert (
        _score("openness", actor, Profile(2, occupation="5120", open_to_other_fields=True)) == 1.0
    )
    assert _score("openness", actor, Profile(2, occupation="5120")) == UNKNOWN


def test_age_difference_is_full_inside_the_range_and_fades_outside():
    actor = Profile(1, birth_year=1990)
    assert _score("age_difference", actor, Profile(2, birth_year=1975)) == 1.0
    assert _score("age_difference", actor, Profile(2, birth_year=1960)) == pytest.approx(0.5)
    assert _score("age_difference", actor, Profile(2, birth_year=1940)) == 0.0
    assert _score("age_difference", actor, Profile(2, birth_year=2000)) == pytest.approx(0.5)
    assert (
        _score("age_difference", actor, Profile(2, birth_year=1975), min_years=0, max_years=5)
        == 0.0
    )
    assert _score("age_difference", actor, Profile(2)) == UNKNOWN
    assert "15" in _reason("age_difference", actor, Profile(2, birth_year=1975))


def test_gender_is_one_only_for_the_same_known_gender():
    assert _score("gender", Profile(1, gender="female"), Profile(2, gender="Female")) == 1.0
    assert _score("gender", Profile(1, gender="female"), Profile(2, gender="male")) == 0.0
    assert _score("gender", Profile(1, gender="female"), Profile(2)) == UNKNOWN


def test_the_mentors_language_wish_is_read_from_what_the_actor_wrote():
    wish = Profile(2, wishes="Someone who speaks Russian")
    assert _score("language_wish", Profile(1, about="I speak Russian and Ukrainian"), wish) == 1.0
    assert _score("language_wish", Profile(1, about="I speak Arabic"), wish) == 0.3
    assert _score("language_wish", Profile(1, about="I speak Arabic"), Profile(2)) == 1.0
    assert "russian" in _reason("language_wish", Profile(1, about="Russian"), wish)


def test_shared_interests_count_words_in_common():
    actor = Profile(1, interests="Chess, hiking and cooking")
    assert _score("interests", actor, Profile(2, interests="chess")) == 0.5
    assert _score("interests", actor, Profile(2, interests="Hiking, chess")) == 0.8
    assert _score("interests", actor, Profile(2, interests="cooking, hiking, chess")) == 1.0
    assert _score("interests", actor, Profile(2, interests="football")) == 0.0
    assert _score("interests", actor, Profile(2)) == UNKNOWN
    assert "chess, hiking" in _reason("interests", actor, Profile(2, interests="hiking chess"))


def test_per_person_criteria():
    anyone = Profile(1)
    assert _score("mentor_working", anyone, Profile(2, working=True)) == 1.0
    assert _score("mentor_working", anyone, Profile(2, working=False)) == 0.0
    assert _score("language_level", Profile(1, finnish_level="a1"), anyone) == 0.2
    assert _score("language_level", Profile(1, finnish_level="b2"), anyone) == 1.0
    assert _score("waiting_time", Profile(1, waited_days=365), anyone) == 1.0
    assert _score("waiting_time", Profile(1, waited_days=73), anyone) == pytest.approx(0.2)
    assert _score("commitment", Profile(1, reconfirmed=True), anyone) == 1.0
    assert _score("commitment", Profile(1, registration_fresh=False), anyone) == 0.3


def test_municipality_knows_nearby_places():
    actor = Profile(1, municipality="Espoo")
    assert _score("municipality", actor, Profile(2, municipality="espoo")) == 1.0
    assert _score("municipality", actor, Profile(2, municipality="Vantaa")) == 0.7
    assert _score("municipality", actor, Profile(2, municipality="Oulu")) == 0.2
    assert _score("municipality", actor, Profile(2, municipality="Oulu"), nearby=[]) == 0.2


def test_matrices_match_pair_by_pair_scores():
    rng = np.random.default_rng(3)
    codes = ["2142", "2143", "2512", "5120", ""]
    actors = [
        Profile(i, occupation=codes[rng.integers(5)], birth_year=int(rng.integers(1960, 2000)))
        for i in range(6)
    ]
    mentors = [
        Profile(10 + j, occupation=codes[rng.integers(5)], birth_year=int(rng.integers(1950, 1995)))
        for j in range(4)
    ]
    for name in ("occupation", "age_difference"):
        criterion = CRITERIA[name]
        matrix = criterion.score(Side(actors), Side(mentors), criterion.params)
        for i, actor in enumerate(actors):
            for j, mentor in enumerate(mentors):
                assert round(float(matrix[i, j]), 4) == _score(name, actor, mentor)


def test_a_reason_with_a_count_takes_the_form_of_the_count():
    actor = Profile(1, birth_year=1970)
    assert _reason("age_difference", actor, Profile(2, birth_year=1971)) == "Age difference 1 year"
    assert _reason("age_difference", actor, Profile(2, birth_year=1972)) == "Age difference 2 years"
    assert reason_text(("waited", {"days": 1})) == "Waited 1 day"
    assert reason_text(("waited", {"days": 30})) == "Waited 30 days"


def test_every_reason_key_is_translatable():
    assert all(str(text) for text in REASONS.values())
    assert all(criterion.title() and criterion.description() for criterion in CRITERIA.values())


def test_explanations_add_up_to_the_matrix_total():
    """Explaining pairs block by block gives the same scores as the whole matrix."""
    import tomllib

    from kaari.matching.rulesets import SHIPPED, Rules, check_rules
    from kaari.matching.scoring import explain, score

    definition = check_rules(tomllib.loads((SHIPPED / "standard.toml").read_text())["rules"])
    rules = Rules(
        label="standard",
        weights={n: c["weight"] for n, c in definition["criteria"].items()},
        params={n: c["params"] for n, c in definition["criteria"].items()},
        constraints={},
        threshold=0.0,
    )
    rng = np.random.default_rng(11)
    codes, places = ["2142", "2143", "2512", "5120", ""], ["Espoo", "Vantaa", "Oulu", ""]
    words = ["chess", "music", "hiking", "russian", "cooking"]

    def person(n: int) -> Profile:
        return Profile(
            n,
            occupation=str(rng.choice(codes)),
            wished_field=str(rng.choice(codes)),
            education_field=str(rng.choice(["0732", "0613", ""])),
            birth_year=int(rng.integers(1955, 2000)) if rng.random() > 0.2 else None,
            municipality=str(rng.choice(places)),
            interests=" ".join(rng.choice(words, 2)),
            about=str(rng.choice(words)),
            wishes=str(rng.choice(["", "russian"])),
            open_to_other_fields=bool(rng.random() > 0.5),
            working=bool(rng.random() > 0.3),
            finnish_level=str(rng.choice(["a1", "b1", "c1", ""])),
            waited_days=int(rng.integers(0, 400)),
        )

    actors, mentors = (
        Side([person(i) for i in range(90)]),
        Side([person(100 + j) for j in range(70)]),
    )
    scores = score(actors, mentors, rules)
    assert scores.lookups  # the table criteria are read from their tables
    pairs = [(int(rng.integers(90)), int(rng.integers(70))) for _ in range(150)]
    rescored = explain(actors, mentors, rules, pairs)
    from_tables = explain(actors, mentors, rules, pairs, scores.lookups)
    assert from_tables == rescored
    for (i, j), parts in zip(pairs, from_tables, strict=True):
        assert sum(part[2] for part in parts) == pytest.approx(float(scores.total[i, j]), abs=0.01)
        assert all(reason_text(tuple(part[3])) for part in parts)


def test_reasons_for_many_pairs_at_once_are_those_of_each_pair_alone():
    rng = np.random.default_rng(5)
    codes, places = ["2142", "2143", "2512", "5120", ""], ["Espoo", "Vantaa", "Oulu", ""]
    words = ["chess", "music", "hiking", "russian", ""]

    def person(n: int) -> Profile:
        return Profile(
            n,
            occupation=str(rng.choice(codes)),
            wished_field=str(rng.choice(codes)),
            education_field=str(rng.choice(["0732", "0731", "0613", ""])),
            birth_year=int(rng.integers(1955, 2000)) if rng.random() > 0.2 else None,
            gender=str(rng.choice(["female", "male", ""])),
            municipality=str(rng.choice(places)),
            interests=str(rng.choice(words)),
            about=str(rng.choice(words)),
            wishes=str(rng.choice(["", "", "russian"])),
            open_to_other_fields=[None, True, False][int(rng.integers(3))],
            working=[None, True, False][int(rng.integers(3))],
            finnish_level=str(rng.choice(["a1", "b1", ""])),
            waited_days=int(rng.integers(0, 400)),
            reconfirmed=bool(rng.random() > 0.7),
            registration_fresh=bool(rng.random() > 0.5),
            rankings={200 + int(rng.integers(40)): 1} if rng.random() > 0.5 else {},
        )

    actors = [person(n) for n in range(40)]
    mentors = [person(200 + n) for n in range(40)]
    for name, criterion in CRITERIA.items():
        left, right = Side(actors), Side(mentors)
        values = np.round(
            np.broadcast_to(criterion.score(left, right, criterion.params), (40, 40))
            .diagonal()
            .astype(float),
            2,
        )
        together = criterion.reasons(left, right, values, criterion.params)
        alone = [
            _reason(name, actor, mentor) for actor, mentor in zip(actors, mentors, strict=True)
        ]
        assert [reason_text(reason) for reason in together] == alone, name
        assert len({key for key, _ in together}) > 1 or name in {"waiting_time"}, name
