"""Every UI string exists in Finnish and Swedish (English is the source language)."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

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


def _source_messages() -> set[str]:
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT, METHOD_MAP, keywords=KEYWORDS, options_map={}
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    messages = _source_messages()
    assert len(messages) > 100
    return messages


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_ui_string_is_translated(source_messages, language):
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
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
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.string:
            source = message.id if isinstance(message.id, str) else message.id[0]
            target = message.string if isinstance(message.string, str) else message.string[0]
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                source
            )
