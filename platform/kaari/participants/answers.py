"""How to read a person's registration answers. The intake domain registers its form
for each role, so the register can label answers without importing intake."""

from __future__ import annotations

ANSWER_FORMS: dict[str, type] = {}


def register_answer_form(role: str, form_class: type) -> None:
    ANSWER_FORMS[role] = form_class


def labelled_answers(role: str, answers: dict) -> list[tuple[str, str]]:
    """The answers with the form's labels (and option labels) in the reader's language."""
    form_class = ANSWER_FORMS.get(role)
    if form_class is None:
        return [(key, str(value)) for key, value in answers.items() if not key.startswith("_")]
    form = form_class(formdata=None, data={}, meta={"csrf": False})
    rows = []
    for name, field in form._fields.items():
        value = answers.get(name, "")
        if not value:
            continue
        choices = dict(field.choices) if getattr(field, "choices", None) else {}
        rows.append((str(field.label.text), str(choices.get(value, value))))
    return rows
