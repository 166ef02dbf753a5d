"""A tenant's own questions on the registration forms, and its changes to built-in ones.

A form's additions are a definition (plain JSON, checked by `check_definition`):

    {"fields": [{"key": "driving_licence", "kind": "yes_no",
                 "label": {"fi": ..., "en": ...}, "help": {...}, "required": false,
                 "choices": [{"key": "b", "label": {...}}]}],
     "builtins": {"work_here": {"hidden": true},
                  "interests": {"label": {...}, "help": {...}}}}

Every saved change is a new `FormVersion`; answers remember the version they
were given under. Staff edit definitions in the form editor, bundles in
`[forms.<role>]` tables (kaari.intake.form_bundle).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from sqlalchemy import func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.intake.models import FormVersion

FORM_NAMES = ("contact", "actor", "mentor", "other")
FIELD_KINDS = ("text", "long_text", "choice", "multi_choice", "number", "date", "yes_no")
CHOICE_KINDS = ("choice", "multi_choice")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 40
MAX_CHOICES = 30
MAX_TEXT = 500
EMPTY: dict[str, Any] = {"fields": [], "builtins": {}}
# Optional built-in answers that matching reads: they may be relabelled, never hidden.
MATCHING_NEEDS = {
    "actor": {"education_field", "interests", "birth_year"},
    "mentor": {"education_field", "interests", "birth_year", "wishes"},
    "other": set(),
    "contact": set(),
}
ANSWER_PREFIX = "custom_"
VERSION_KEY = "_form_version"


class DefinitionError(ValueError):
    """A definition that cannot be saved; `where` names the offending part."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def answer_key(field_key: str) -> str:
    """Where a tenant field's answer is kept among a person's answers."""
    return ANSWER_PREFIX + field_key


def _texts(value: Any, where: str, languages: list[str], default: str, *, required: bool):
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise DefinitionError(where, 'must be a table of languages, e.g. { fi = "..." }')
    unknown = sorted(set(value) - set(languages))
    if unknown:
        raise DefinitionError(f"{where}.{unknown[0]}", "not one of the tenant's languages")
    texts = {code: text.strip() for code, text in value.items() if text.strip()}
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise DefinitionError(where, f"longer than {MAX_TEXT} characters")
    if required and default not in texts:
        raise DefinitionError(f"{where}.{default}", "the default language's text is required")
    return texts


def _check_key(key: Any, where: str, seen: set[str]) -> str:
    if not isinstance(key, str) or not KEY.match(key):
        raise DefinitionError(where, "use lower-case letters, digits and _ and start with a letter")
    if key in seen:
        raise DefinitionError(where, f"{key!r} is used twice")
    seen.add(key)
    return key


def _check_field(spec: Any, where: str, languages: list[str], default: str, seen: set[str]):
    if not isinstance(spec, dict):
        raise DefinitionError(where, "must be a table")
    unknown = sorted(set(spec) - {"key", "kind", "label", "help", "required", "choices"})
    if unknown:
        raise DefinitionError(f"{where}.{unknown[0]}", "unknown key")
    kind = spec.get("kind")
    if kind not in FIELD_KINDS:
        raise DefinitionError(f"{where}.kind", f"must be one of {', '.join(FIELD_KINDS)}")
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise DefinitionError(f"{where}.required", "must be true or false")
    field = {
        "key": _check_key(spec.get("key"), f"{where}.key", seen),
        "kind": kind,
        "label": _texts(spec.get("label"), f"{where}.label", languages, default, required=True),
        "help": _texts(spec.get("help"), f"{where}.help", languages, default, required=False),
        "required": required,
    }
    choices = spec.get("choices", [])
    if kind in CHOICE_KINDS:
        field["choices"] = _check_choices(choices, f"{where}.choices", languages, default)
    elif choices:
        raise DefinitionError(f"{where}.choices", f"only for {' and '.join(CHOICE_KINDS)}")
    return field


def _check_choices(choices: Any, where: str, languages: list[str], default: str) -> list[dict]:
    if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
        raise DefinitionError(where, f"give 2 to {MAX_CHOICES} choices")
    seen: set[str] = set()
    parsed = []
    for index, choice in enumerate(choices):
        at = f"{where}[{index}]"
        if not isinstance(choice, dict):
            raise DefinitionError(at, "must be a table")
        parsed.append(
            {
                "key": _check_key(choice.get("key"), f"{at}.key", seen),
                "label": _texts(
                    choice.get("label"), f"{at}.label", languages, default, required=True
                ),
            }
        )
    return parsed


def check_definition(
    definition: Any, optional_builtins: dict[str, bool], languages: list[str], default: str
) -> dict[str, Any]:
    """The definition, cleaned; raises DefinitionError naming the first problem.

    `optional_builtins` maps each optional built-in field of the form to whether
    it may be hidden; required built-ins cannot be changed at all.
    """
    if not isinstance(definition, dict):
        raise DefinitionError("form", "must be a table")
    unknown = sorted(set(definition) - {"fields", "builtins"})
    if unknown:
        raise DefinitionError(unknown[0], "unknown key")
    fields = definition.get("fields", [])
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        raise DefinitionError("fields", f"must be a list of at most {MAX_FIELDS} questions")
    seen: set[str] = set()
    clean = {
        "fields": [
            _check_field(spec, f"fields[{i}]", languages, default, seen)
            for i, spec in enumerate(fields)
        ],
        "builtins": {},
    }
    builtins = definition.get("builtins", {})
    if not isinstance(builtins, dict):
        raise DefinitionError("builtins", "must be a table of built-in field names")
    for name, change in builtins.items():
        where = f"builtins.{name}"
        if name not in optional_builtins:
            raise DefinitionError(where, "not an optional built-in field of this form")
        if not isinstance(change, dict) or set(change) - {"hidden", "label", "help"}:
            raise DefinitionError(where, "may only set hidden, label and help")
        hidden = change.get("hidden", False)
        if hidden is not False and (hidden is not True or not optional_builtins[name]):
            raise DefinitionError(f"{where}.hidden", "matching needs this field: it stays")
        cleaned = {
            "hidden": hidden,
            "label": _texts(
                change.get("label"), f"{where}.label", languages, default, required=False
            ),
            "help": _texts(change.get("help"), f"{where}.help", languages, default, required=False),
        }
        if cleaned["hidden"] or cleaned["label"] or cleaned["help"]:
            clean["builtins"][name] = cleaned
    return clean


def current_version(form: str) -> FormVersion | None:
    """The newest version of the tenant's additions to the form, if any."""
    query = select(FormVersion).where(FormVersion.form == form)
    return db.session.scalar(query.order_by(FormVersion.number.desc()).limit(1))


def versions(form: str) -> list[FormVersion]:
    query = select(FormVersion).where(FormVersion.form == form)
    return list(db.session.scalars(query.order_by(FormVersion.number.desc())))


def definition_of(form: str, number: int | None) -> dict[str, Any]:
    """The definition a version had (the current one for None); empty without one."""
    if number is None:
        version = current_version(form)
    else:
        version = db.session.scalar(
            select(FormVersion).where(FormVersion.form == form, FormVersion.number == number)
        )
    return copy.deepcopy(version.definition) if version else copy.deepcopy(EMPTY)


def save_definition(
    form: str, definition: dict[str, Any], *, actor_id: int | None, ip: str = ""
) -> FormVersion | None:
    """Store the definition as the form's next version; None when nothing changed."""
    current = current_version(form)
    if (current.definition if current else EMPTY) == definition:
        return None
    latest = db.session.scalar(select(func.max(FormVersion.number)).where(FormVersion.form == form))
    version = FormVersion(
        form=form, number=(latest or 0) + 1, definition=definition, created_by=actor_id
    )
    db.session.add(version)
    db.session.flush()
    record("form.changed", actor_id=actor_id, ip=ip, obj=version, form=form, number=version.number)
    return version


def new_key(text: str, taken: set[str]) -> str:
    """A key made from a label ("Ajokortti?" → "ajokortti"), unique among `taken`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:30] or "question"
    if not base[0].isalpha():
        base = f"q_{base}"[:30]
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def field_of(definition: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((spec for spec in definition["fields"] if spec["key"] == key), None)


def move_field(definition: dict[str, Any], key: str, step: int) -> None:
    """Move a question up (-1) or down (+1) on the form."""
    fields = definition["fields"]
    index = next(i for i, spec in enumerate(fields) if spec["key"] == key)
    target = index + step
    if 0 <= target < len(fields):
        fields[index], fields[target] = fields[target], fields[index]
