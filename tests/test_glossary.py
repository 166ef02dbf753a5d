"""The catalogues and the content texts use the glossary's words (docs/GLOSSARY.md)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from kaari.core.config import PROJECT_ROOT

GLOSSARY = PROJECT_ROOT / "docs" / "GLOSSARY.md"
CATALOGS = PROJECT_ROOT / "platform" / "kaari" / "translations"
# Content written in code and bundles rather than in the catalogues.
CONTENT = [
    PROJECT_ROOT / "platform" / "kaari" / "materials" / "texts.py",
    PROJECT_ROOT / "platform" / "kaari" / "programme" / "surveys" / "defaults.py",
    *sorted((PROJECT_ROOT / "tenants").glob("*.toml")),
]
COLUMNS = {"fi": 4, "sv": 5}  # the glossary table's "Retired" columns


def retired_words() -> dict[str, list[str]]:
    words: dict[str, list[str]] = {"fi": [], "sv": []}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("Concept", "---"):
            continue
        for language, column in COLUMNS.items():
            words[language] += [word.strip() for word in cells[column].split(",") if word.strip()]
    return words


def uses(text: str, words: list[str]) -> list[str]:
    """The retired words at the start of a word of `text` (inflected forms included)."""
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE)]


def test_the_glossary_retires_the_reviewed_synonyms():
    words = retired_words()
    assert {"starträff", "avslutningsträff", "parmöte"} <= set(words["sv"])
    assert {"rekisteröityi", "Kaaren teksti"} <= set(words["fi"])


def test_a_retired_word_is_found_in_its_inflected_forms():
    assert uses("Ni är inbjudna till gruppens starträff.", ["starträff"]) == ["starträff"]
    assert uses("Antecknade parmöten: 3", ["parmöte"]) == ["parmöte"]
    assert uses("Työuramentorointi", ["uramentorointi"]) == []  # not at a word's start


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_catalogue_uses_no_retired_word(language):
    words = retired_words()[language]
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in texts:
            if text and (hits := uses(text, words)):
                found.append((hits, text[:80]))
    assert found == []


@pytest.mark.parametrize("path", CONTENT, ids=lambda path: path.name)
def test_the_content_texts_use_no_retired_word(path):
    words = retired_words()
    assert uses(path.read_text(encoding="utf-8"), words["fi"] + words["sv"]) == []
