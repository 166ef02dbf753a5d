"""The shipped code lists are complete, consistent and named in fi, sv and en."""

from __future__ import annotations

from collections import Counter

import pytest

from kaari.taxonomy import services as taxonomy


def test_isco08_has_every_level_of_the_classification():
    levels = Counter(len(code) for code in taxonomy.occupations())
    assert levels == {1: 10, 2: 43, 3: 130, 4: 436}


def test_iscedf_has_broad_narrow_and_detailed_fields():
    levels = Counter(len(code) for code in taxonomy.education_fields())
    assert levels[2] >= 11 and levels[3] >= 29 and levels[4] >= 80


@pytest.mark.parametrize("codes", [taxonomy.occupations, taxonomy.education_fields])
def test_every_code_has_its_parent_and_three_names(codes):
    entries = codes()
    shortest = min(len(code) for code in entries)
    for code, entry in entries.items():
        if len(code) > shortest:
            assert code[:-1] in entries, code
        assert all(entry.names[language].strip() for language in ("fi", "sv", "en")), code


def test_a_chosen_entry_keeps_its_code_and_free_text_none():
    codes = taxonomy.occupations()
    assert taxonomy.parse("2142 Civil engineers", codes) == "2142"
    assert taxonomy.parse("2142", codes) == "2142"
    assert taxonomy.parse("Bridge designer", codes) is None
    assert taxonomy.parse("9999 Made up", codes) is None


def test_search_finds_by_name_in_the_language_and_by_code():
    codes = taxonomy.occupations()
    assert "2142" in [c.code for c in taxonomy.search("civil eng", codes, "en")]
    assert "2142" in [c.code for c in taxonomy.search("214", codes, "fi")]
    assert taxonomy.search("", codes, "fi") == []


def test_ancestors_walk_up_the_hierarchy():
    assert taxonomy.ancestors("2142") == ["2142", "214", "21", "2"]
