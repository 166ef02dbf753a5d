"""Occupations (ISCO-08) and fields of education (ISCED-F 2013) with fi/sv/en names.

The code lists ship as data files (data/README.md names their sources) and are
read once per process. People choose from a searchable list or type freely;
`parse` keeps the code when the text is one of the list's entries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kaari.core.i18n import pick

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Code:
    code: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return pick(self.names, language, "en")

    def label(self, language: str) -> str:
        return f"{self.code} {self.name(language)}"


def _load(file_name: str) -> dict[str, Code]:
    rows = json.loads((DATA / file_name).read_text(encoding="utf-8"))
    return {row["code"]: Code(row["code"], {k: row[k] for k in ("fi", "sv", "en")}) for row in rows}


@cache
def occupations() -> dict[str, Code]:
    """ISCO-08: major (1 digit), sub-major (2), minor (3) and unit groups (4)."""
    return _load("isco08.json")


@cache
def education_fields() -> dict[str, Code]:
    """ISCED-F 2013: broad (2 digits), narrow (3) and detailed fields (4)."""
    return _load("iscedf2013.json")


def most_detailed(codes: dict[str, Code]) -> list[Code]:
    """The entries people choose from: the 4-digit level of the classification."""
    return [code for key, code in codes.items() if len(key) == 4]


def major_groups(language: str) -> list[tuple[str, str]]:
    """ISCO-08 major groups as (code, name) in the language: the register's field filter."""
    return [(key, code.name(language)) for key, code in occupations().items() if len(key) == 1]


def label_of(code: str | None, codes: dict[str, Code], language: str) -> str:
    """The entry's code and name in the language, or "" for no code or an unknown one."""
    entry = codes.get(code) if code else None
    return entry.label(language) if entry else ""


def parse(text: str, codes: dict[str, Code]) -> str | None:
    """The code of an entry chosen from the list ("2142 Civil engineers"), or None
    for free text. A bare code that exists counts too."""
    first = (text or "").strip().split(" ", 1)[0]
    return first if first in codes else None


def ancestors(code: str) -> list[str]:
    """The code and its parents, most detailed first ("2142" → 2142, 214, 21, 2)."""
    return [code[:length] for length in range(len(code), 0, -1)]


def search(query: str, codes: dict[str, Code], language: str, limit: int = 20) -> list[Code]:
    """Entries whose code or name (in the language, or English) contains the query."""
    needle = query.strip().lower()
    if not needle:
        return []
    found = [
        code
        for code in most_detailed(codes)
        if needle in code.code
        or needle in code.name(language).lower()
        or needle in code.names["en"].lower()
    ]
    return found[:limit]
