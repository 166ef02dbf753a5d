"""How to read a person's registration answers. The intake domain, which owns the
forms (and each tenant's own questions), registers a reader, so the register can
label answers and name missing ones without importing intake."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kaari.core.domains import record


@dataclass(frozen=True)
class AnswerReader:
    # (role, answers, language, default_language, for_staff) → [(label, answer)] in form order
    labelled: Callable[[str, dict, str, str, bool], list[tuple[str, str]]]
    # (role, answers, language, default_language) → labels of required questions unanswered
    missing: Callable[[str, dict, str, str], list[str]]


_readers: list[AnswerReader] = []


def register_answer_reader(reader: AnswerReader) -> None:
    record("answer_reader", "reader")
    _readers[:] = [reader]


def labelled_answers(
    role: str, answers: dict, language: str, default_language: str, *, for_staff: bool = True
) -> list[tuple[str, str]]:
    """(label, answer) pairs in the reader's language, in the form's order: the
    questions worded about the person for staff, as asked for the person themselves."""
    if _readers:
        return _readers[0].labelled(role, answers, language, default_language, for_staff)
    return [(key, str(value)) for key, value in answers.items() if not key.startswith("_")]


def missing_answers(role: str, answers: dict, language: str, default_language: str) -> list[str]:
    """The questions the tenant's current form requires that the person has not answered."""
    if _readers:
        return _readers[0].missing(role, answers, language, default_language)
    return []
