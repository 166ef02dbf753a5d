"""A network's feedback questions for actors and for mentors.

A question is plain JSON like the intake forms' own questions (kaari.intake.custom_fields),
with one more kind, `scale` (1-5, with optional end labels `low` and `high`):

    {"key": "satisfaction", "kind": "scale", "required": true,
     "label": {"fi": ...}, "low": {"fi": ...}, "high": {"fi": ...}}

The set is read when a survey opens and copied into it, so editing it later never
changes the meaning of answers already given.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.intake import custom_fields
from kaari.intake.custom_fields import DefinitionError
from kaari.programme.surveys.defaults import DEFAULT_QUESTIONS
from kaari.programme.surveys.models import SurveyQuestionSet

QUESTION_KINDS = (*custom_fields.FIELD_KINDS, "scale")
SCALE = range(1, 6)
END_LABEL_MAX = 100


def question_set(role: str) -> list[dict[str, Any]]:
    """The tenant's questions for the role (a copy to change freely), or the defaults."""
    row = db.session.scalar(select(SurveyQuestionSet).where(SurveyQuestionSet.role == role))
    return copy.deepcopy(row.questions if row else DEFAULT_QUESTIONS[role])


def _end_label(value: Any, where: str, languages: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise DefinitionError(where, "must be a table of languages")
    if set(value) - set(languages):
        raise DefinitionError(where, "not one of the tenant's languages")
    texts = {code: text.strip() for code, text in value.items() if text.strip()}
    if any(len(text) > END_LABEL_MAX for text in texts.values()):
        raise DefinitionError(where, f"longer than {END_LABEL_MAX} characters")
    return texts


def check_questions(questions: Any, languages: list[str], default: str) -> list[dict[str, Any]]:
    """The questions, cleaned; raises DefinitionError naming the first problem.

    Everything but the scale's end labels is checked by the intake forms' own rules,
    so a survey question is held to the same standard as a registration question."""
    if not isinstance(questions, list) or not questions:
        raise DefinitionError("questions", "give at least one question")
    as_fields = []
    for index, spec in enumerate(questions):
        if not isinstance(spec, dict):
            raise DefinitionError(f"questions[{index}]", "must be a table")
        scale = spec.get("kind") == "scale"
        plain = {k: v for k, v in spec.items() if k not in ("low", "high")}
        if (spec.keys() & {"low", "high"}) and not scale:
            raise DefinitionError(f"questions[{index}].low", "only for scales")
        as_fields.append({**plain, "kind": "text"} if scale else plain)
    checked = custom_fields.check_definition({"fields": as_fields}, {}, languages, default)
    clean = []
    for index, (spec, field) in enumerate(zip(questions, checked["fields"], strict=True)):
        if spec.get("kind") == "scale":
            field["kind"] = "scale"
            for end in ("low", "high"):
                field[end] = _end_label(spec.get(end), f"questions[{index}].{end}", languages)
        clean.append(field)
    return clean


def _in_languages(spec: Any, languages: list[str]) -> Any:
    if not isinstance(spec, dict):
        return spec
    trimmed = dict(spec)
    for name in ("label", "help", "low", "high"):
        if isinstance(spec.get(name), dict):
            trimmed[name] = {code: text for code, text in spec[name].items() if code in languages}
    if isinstance(spec.get("choices"), list):
        trimmed["choices"] = [_in_languages(choice, languages) for choice in spec["choices"]]
    return trimmed


def save_question_set(
    role: str, questions: list[dict[str, Any]], *, tenant, actor_id: int, ip: str = ""
) -> None:
    """Check and store the role's questions (raises DefinitionError); audit-logged.

    The defaults speak fi, sv and en; a network keeps only the texts of its own
    languages, so that a network without Swedish can still save its changes."""
    own = [_in_languages(spec, tenant.languages) for spec in questions]
    clean = check_questions(own, tenant.languages, tenant.default_language)
    row = db.session.scalar(select(SurveyQuestionSet).where(SurveyQuestionSet.role == role))
    if row is None:
        row = SurveyQuestionSet(role=role)
        db.session.add(row)
    row.questions, row.changed_at = clean, utcnow()
    db.session.flush()
    record(
        "survey.questions_changed",
        actor_id=actor_id,
        ip=ip,
        obj=row,
        role=role,
        keys=[spec["key"] for spec in clean],
    )


def question_of(questions: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    return custom_fields.field_of({"fields": questions}, key)


def move_question(questions: list[dict[str, Any]], key: str, step: int) -> None:
    custom_fields.move_field({"fields": questions}, key, step)
