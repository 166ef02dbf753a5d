"""The register's own optional columns: who referred the person, and their occupation
and field of education named in the reader's language (never the bare code)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from kaari.participants.referrers import partner_names
from kaari.participants.register_columns import ColumnSource, PersonFields
from kaari.taxonomy import services as taxonomy


def occupation(person: PersonFields, language: str) -> str:
    """The occupation in the language ("2142 Rakennusinsinöörit"), or what the person
    typed when it is not an entry of the list."""
    return taxonomy.label_of(person.occupation_code, taxonomy.occupations(), language) or str(
        person.answers.get("occupation", "")
    )


def education(person: PersonFields, language: str) -> str:
    code = person.answers.get("education_field_code")
    return taxonomy.label_of(code, taxonomy.education_fields(), language) or str(
        person.answers.get("education_field", "")
    )


def _labels() -> dict[str, str]:
    return {
        "referrer": _l("Referred by"),
        "occupation": _l("Occupation"),
        "education": _l("Field of education"),
    }


def _values(people: Sequence[PersonFields], keys: Sequence[str], language: str):
    partners = partner_names() if "referrer" in keys else {}
    readers = {
        "referrer": lambda p: partners.get(p.partner_id, "") if p.partner_id else "",
        "occupation": lambda p: occupation(p, language),
        "education": lambda p: education(p, language),
    }
    return {key: {p.id: readers[key](p) for p in people} for key in keys}


PROFILE_COLUMNS = ColumnSource("profile", _labels, _values)
