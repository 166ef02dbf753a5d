"""How to read a person's registration answers. The intake domain, which owns the
forms (and each tenant's own questions), registers a reader, so the register can
label answers without importing intake."""

from __future__ import annotations

from collections.abc import Callable

AnswerReader = Callable[[str, dict, str, str], list[tuple[str, str]]]
_readers: list[AnswerReader] = []


def register_answer_reader(reader: AnswerReader) -> None:
    _readers[:] = [reader]


def labelled_answers(
    role: str, answers: dict, language: str, default_language: str
) -> list[tuple[str, str]]:
    """(label, answer) pairs in the reader's language, in the form's order."""
    if _readers:
        return _readers[0](role, answers, language, default_language)
    return [(key, str(value)) for key, value in answers.items() if not key.startswith("_")]
