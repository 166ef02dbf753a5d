"""Every UI string exists in Finnish and Swedish (English is the source language), and a
count reads right beside its noun: plural messages differ for 1 and 2, and no singular-only
message puts a count straight before a noun (1 paria, 1 dagar)."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from kaari.core.config import PROJECT_ROOT

CATALOGS = PROJECT_ROOT / "platform" / "kaari" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)\w")
METHOD_MAP = [
    ("platform/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}


def _source_messages() -> dict[str, str | tuple[str, str]]:
    """The code's messages by msgid: a string, or (singular, plural) for ngettext."""
    messages = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT, METHOD_MAP, keywords=KEYWORDS, options_map={}
    ):
        messages[message if isinstance(message, str) else message[0]] = message
    return messages


def _catalog(language: str) -> Catalog:
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def source_messages() -> dict[str, str | tuple[str, str]]:
    messages = _source_messages()
    assert len(messages) > 100
    return messages


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_ui_string_is_translated(source_messages, language):
    catalog = _catalog(language)
    missing = sorted(
        message
        for message in source_messages
        if message not in catalog or not catalog[message].string or catalog[message].fuzzy
    )
    assert not missing, (
        f"{len(missing)} strings lack a {language} translation "
        f"(run `make extract-messages` and translate): {missing[:10]}"
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_placeholders_survive_translation(language):
    catalog = _catalog(language)
    for message in catalog:
        if message.id and message.string:
            source = message.id if isinstance(message.id, str) else message.id[0]
            target = message.string if isinstance(message.string, str) else message.string[0]
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                source
            )


# Words that read the same after 1 and after 2, so a plural message may have one form for
# both: Finnish case forms other than the nominative and partitive (1 parilla, 2 parilla),
# verbs, Swedish nouns whose plural is unchanged (1 par, 2 par), and English "and 2 more".
SAME_AFTER_ONE_AND_TWO = {
    "en": {"answered", "more", "recorded"},
    "fi": {
        "ei",
        "henkilölle",
        "henkilötietopyynnön",
        "jäsenestä",
        "laitteella",
        "parilla",
        "parista",
        "tapaamiseen",
        "tunnin",
        "uudelle",
        "vastannut",
        "viikkoon",
        "yhteiskutsuun",
        "yhteydenottajalle",
    },
    "sv": {"deltagare", "har", "par", "svar", "tecken", "till", "år"},
}
COUNT_AND_NEXT_WORD = re.compile(r"%\(num\)[ds]\s+(\w+)")
# A singular-only message may put a number before these words: prepositions (3 av 5),
# units, and verbs that read the same after 1 and after 2. Placeholders named in
# ORDINALS number one thing (question 3, version 2) rather than count things.
NOT_NOUNS = {"fi": {"Mt", "vastasi"}, "sv": {"MB", "av", "på", "svarade"}}
ORDINALS = {"number", "page", "version"}
# A %d count and the word after it, unless the count ends a range of people (1 to below,
# written with an en dash or a hyphen before the count).
COUNT_BEFORE_WORD = re.compile(r"(?<![\u2013-])%\((\w+)\)d\s+(\w+)")


def _translations(catalog: Catalog | None) -> NullTranslations:
    """The catalogue as gettext reads it, plural rule included (None: English msgids)."""
    if catalog is None:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _render(form: str, num: int) -> str:
    """The form with `num` as the count and a fixed value for every other placeholder."""
    values = {
        name: num if name == "num" else 7 if kind == "d" else "X"
        for name, kind in re.findall(r"%\((\w+)\)([a-z])", form)
    }
    return form % values


def _singular_plural_problems(
    language: str, plurals: list[tuple[str, str]], catalog: Catalog | None
) -> list[str]:
    """Plural messages whose form is missing, or that read the same for 1 and 2 although
    the word after the count has two forms."""
    translations = _translations(catalog)
    problems = []
    for singular, plural in plurals:
        if catalog is not None:
            message = catalog.get(singular)
            if message is None or not message.pluralizable or not all(message.string):
                problems.append(f"{language}: a form is missing: {singular!r}")
                continue
        one = _render(translations.ngettext(singular, plural, 1), 1)
        two = _render(translations.ngettext(singular, plural, 2), 2)
        if re.sub(r"\b1\b", "N", one) != re.sub(r"\b2\b", "N", two):
            continue
        word = COUNT_AND_NEXT_WORD.search(translations.ngettext(singular, plural, 1))
        if word is None or word.group(1) not in SAME_AFTER_ONE_AND_TWO[language]:
            problems.append(f"{language}: the same for 1 and 2: {one!r} / {two!r}")
    return problems


def _counts_before_nouns(language: str, catalog: Catalog) -> list[str]:
    """Singular-only messages whose translation puts a count straight before a noun."""
    found = []
    for message in catalog:
        if not message.id or message.pluralizable:
            continue
        for name, word in COUNT_BEFORE_WORD.findall(message.string):
            if name not in ORDINALS and word not in NOT_NOUNS[language]:
                found.append(f"{language}: {message.string!r} (msgid {message.id!r})")
    return found


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_plural_messages_read_differently_for_one_and_two(source_messages, language):
    plurals = [message for message in source_messages.values() if isinstance(message, tuple)]
    assert len(plurals) > 40
    catalog = None if language == "en" else _catalog(language)
    problems = _singular_plural_problems(language, plurals, catalog)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_singular_only_message_puts_a_count_before_a_noun(language):
    found = _counts_before_nouns(language, _catalog(language))
    assert not found, "use ngettext for these:\n" + "\n".join(found)


def test_the_checks_catch_a_plural_form_after_one_and_a_lone_count_before_a_noun():
    """What the reviewer found: "1 paria lisätty ryhmään", "Odottanut 1 päivää"."""
    catalog = Catalog(locale="fi")
    added = ("%(num)d pair added to the group.", "%(num)d pairs added to the group.")
    catalog.add(added, ("%(num)d paria lisätty ryhmään.", "%(num)d paria lisätty ryhmään."))
    days = ("%(num)d day", "%(num)d days")
    catalog.add(days, ("%(num)d päivä", ""))
    catalog.add("Waited %(days)d days", "Odottanut %(days)d päivää")
    assert _singular_plural_problems("fi", [added, days], catalog) == [
        "fi: the same for 1 and 2: '1 paria lisätty ryhmään.' / '2 paria lisätty ryhmään.'",
        "fi: a form is missing: '%(num)d day'",
    ]
    assert _counts_before_nouns("fi", catalog) == [
        "fi: 'Odottanut %(days)d päivää' (msgid 'Waited %(days)d days')"
    ]
