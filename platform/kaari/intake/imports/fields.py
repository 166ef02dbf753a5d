"""What a register's columns can become, how Kaari guesses them from the header names
(fi, sv, en), and the organisation's own words for roles, statuses and languages.

A field either sets the person (name, email, role, status, municipality, language)
or one of the registration answers (phone, occupation, education field, year of
birth). `first_name` and `last_name` are joined into the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from kaari.participants.export import COLUMNS
from kaari.participants.models import ParticipantStatus, PersonRole


def _column_label(key: str) -> Callable[[], str]:
    return COLUMNS[key].label


LABELS: dict[str, Callable[[], str]] = {
    "name": _column_label("name"),
    "first_name": lambda: _l("First name"),
    "last_name": lambda: _l("Last name"),
    "email": _column_label("email"),
    "phone": _column_label("phone"),
    "role": _column_label("role"),
    "status": _column_label("status"),
    "municipality": _column_label("municipality"),
    "language": _column_label("language"),
    "occupation": lambda: _l("Occupation"),
    "education_field": lambda: _l("Field of education"),
    "birth_year": lambda: _l("Year of birth"),
}
FIELDS = tuple(LABELS)
# Fields kept in the person's registration answers, under the registration form's names.
ANSWER_FIELDS = ("phone", "occupation", "education_field", "birth_year")

# Header names as organisations write them, normalised (see `normalised`).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("nimi", "koko nimi", "namn", "fullständigt namn", "name", "full name"),
    "first_name": ("etunimi", "etunimet", "förnamn", "first name", "given name"),
    "last_name": ("sukunimi", "efternamn", "last name", "surname", "family name"),
    "email": (
        "sähköposti",
        "sähköpostiosoite",
        "email",
        "e mail",
        "e post",
        "e postadress",
        "epost",
        "email address",
    ),
    "phone": (
        "puhelin",
        "puhelinnumero",
        "puh",
        "matkapuhelin",
        "telefon",
        "telefonnummer",
        "mobil",
        "phone",
        "phone number",
        "mobile",
    ),
    "role": ("rooli", "roll", "role", "osallistuja", "tyyppi"),
    "status": ("tila", "vaihe", "tilanne", "status", "läge", "skede", "state"),
    "municipality": (
        "kotikunta",
        "kunta",
        "paikkakunta",
        "hemkommun",
        "kommun",
        "ort",
        "municipality",
        "home municipality",
        "city",
    ),
    "language": ("kieli", "asiointikieli", "språk", "kontaktspråk", "language"),
    "occupation": ("ammatti", "yrke", "occupation", "profession", "ammattinimike"),
    "education_field": ("koulutusala", "utbildningsområde", "field of education"),
    "birth_year": ("syntymävuosi", "födelseår", "year of birth", "birth year"),
}
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("actor", "aktori", "aktor", "mentoroitava", "aktör", "adept", "mentee"), "actor"
    ),
    **dict.fromkeys(("mentor", "mentori"), "mentor"),
    **dict.fromkeys(("other", "muu", "annan", "vapaaehtoinen", "frivillig", "volunteer"), "other"),
}
LANGUAGE_WORDS: dict[str, str] = {
    **dict.fromkeys(("fi", "suomi", "suomeksi", "finska", "finnish"), "fi"),
    **dict.fromkeys(("sv", "ruotsi", "ruotsiksi", "svenska", "på svenska", "swedish"), "sv"),
    **dict.fromkeys(("en", "englanti", "englanniksi", "engelska", "english"), "en"),
}
# Status words the labels in fi/sv/en do not cover, as registers write them.
STATUS_WORDS: dict[str, str] = {
    "uusi": "contacted",
    "yhteydenotto": "contacted",
    "ilmoittautunut": "registered",
    "odottaa": "waiting",
    "jonossa": "waiting",
    "odottaa paria": "waiting",
    "pari": "matched",
    "parissa": "matched",
    "ryhmässä": "in_group",
    "mukana": "in_group",
    "valmis": "completed",
    "päättynyt": "completed",
    "suorittanut": "completed",
    "keskeyttänyt": "dropped_out",
    "keskeytti": "dropped_out",
    "lopettanut": "withdrawn",
    "peruttu": "withdrawn",
    "väntar": "waiting",
    "i grupp": "in_group",
    "avbröt": "dropped_out",
}
_PUNCTUATION = re.compile(r"[\s_.:;,*()/-]+")


@lru_cache(maxsize=1024)  # every row's role, status and language words: a few distinct
def normalised(text: str) -> str:
    """Lower case, punctuation and runs of space as one space: "E-mail:" -> "e mail"."""
    return _PUNCTUATION.sub(" ", text.lower()).strip()


_HEADER_FIELDS = {name: field for field, names in HEADER_NAMES.items() for name in names}


def proposed_mapping(headers: list[str], saved: dict[str, str] | None = None) -> list[str]:
    """A field (or "") for each header: from a saved mapping, else from the names.
    A field is proposed for one column only, the first that fits."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = normalised(header)
        field = (saved or {}).get(key) if saved is not None else _HEADER_FIELDS.get(key)
        field = field if field in FIELDS and field not in taken else ""
        taken.add(field)
        mapping.append(field)
    return mapping


def _label_words() -> dict[str, str]:
    words = {status: status for status in ParticipantStatus.values()}
    for language in ("fi", "sv", "en"):
        with force_locale(language):
            words.update(
                {normalised(str(label)): key for key, label in ParticipantStatus.labels().items()}
            )
    return words


def proposed_statuses(words: list[str]) -> dict[str, str]:
    """Kaari's status (or "") for each of the organisation's own status words."""
    known = {**_label_words(), **STATUS_WORDS}
    return {word: known.get(normalised(word), "") for word in words}


def role_words() -> dict[str, str]:
    """Every word for a role: the list above and the role labels in fi, sv and en."""
    words = dict(ROLE_WORDS)
    for language in ("fi", "sv", "en"):
        with force_locale(language):
            words.update(
                {normalised(str(label)): role for role, label in PersonRole.labels().items()}
            )
    return words
