"""Registration forms as one tenant asks them: the built-in form for the role, with the
tenant's own questions added and its optional built-in fields relabelled or hidden
(definitions in kaari.intake.custom_fields)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from kaari.core import formats
from kaari.core.choices import as_choices, labels_of
from kaari.core.i18n import pick
from kaari.intake import custom_fields
from kaari.intake.forms import (
    FORMS,
    LONG,
    SHORT,
    STAFF_LABELS,
    ContactForm,
    RegistrationForm,
    contact_form_class,
    typed,
    yes_no_choices,
)
from kaari.intake.services import coded_labels
from kaari.participants.answers import AnswerReader


@dataclass(frozen=True)
class BuiltinField:
    name: str
    label: str
    required: bool
    hideable: bool


def _requires_answer(validators) -> bool:
    return any(isinstance(v, DataRequired | InputRequired) for v in validators or ())


def _unbound_fields(form_class: type) -> list[tuple[str, Any]]:
    fields = [
        (name, getattr(form_class, name))
        for name in dir(form_class)
        if hasattr(getattr(form_class, name, None), "_formfield")
    ]
    return sorted(fields, key=lambda item: item[1].creation_counter)


def _base(form: str) -> type:
    return ContactForm if form == "contact" else FORMS[form]


def builtin_fields(form: str) -> list[BuiltinField]:
    """The form's built-in fields in form order, and what a tenant may change of them."""
    needed = custom_fields.MATCHING_NEEDS[form]
    fixed = getattr(_base(form), "fixed_fields", ())
    fields = []
    for name, unbound in _unbound_fields(_base(form)):
        if name in fixed:
            continue
        required = _requires_answer(unbound.kwargs.get("validators"))
        hideable = not required and name not in needed
        fields.append(BuiltinField(name, str(unbound.args[0]), required, hideable))
    return fields


def optional_builtins(role: str) -> dict[str, bool]:
    """Optional built-in field name → whether it may be hidden (for check_definition)."""
    return {field.name: field.hideable for field in builtin_fields(role) if not field.required}


def _relabelled(unbound, label: str, help_text: str):
    kwargs = dict(unbound.kwargs)
    if help_text:
        kwargs["description"] = help_text
    field = unbound.field_class(label or unbound.args[0], *unbound.args[1:], **kwargs)
    field.creation_counter = unbound.creation_counter  # keep its place on the form
    return field


def _choices(spec: dict, language: str, default: str) -> list[SelectChoice]:
    return as_choices(
        (choice["key"], pick(choice["label"], language, default)) for choice in spec["choices"]
    )


def custom_field(spec: dict, language: str, default: str):
    """The unbound WTForms field asking one question of a tenant's own (the feedback
    surveys ask their questions with it too)."""
    label = pick(spec["label"], language, default)
    options: dict[str, Any] = {"description": pick(spec.get("help"), language, default)}
    required = spec["required"]
    kind = spec["kind"]
    if kind in ("text", "long_text"):
        presence = DataRequired() if required else Optional()
        field_class = StringField if kind == "text" else TextAreaField
        limit = SHORT if kind == "text" else LONG
        return field_class(label, [presence, Length(max=limit)], **options)
    presence = InputRequired() if required else Optional()
    if kind == "number":
        return DecimalField(
            label, [presence], places=None, render_kw={"inputmode": "decimal"}, **options
        )
    if kind == "date":
        return DateField(label, [presence], **options)
    if kind == "multi_choice":
        return SelectMultipleField(
            label,
            [DataRequired() if required else Optional()],
            choices=_choices(spec, language, default),
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            **options,
        )
    choices = yes_no_choices() if kind == "yes_no" else _choices(spec, language, default)
    return RadioField(label, [presence], choices=choices, **options)


def _with_definition(base: type, definition: dict, language: str, default_language: str):
    """A subclass of `base` with the tenant's changes and questions."""
    attributes: dict[str, Any] = {}
    for name, change in definition.get("builtins", {}).items():
        unbound = getattr(base, name, None)
        if unbound is None:
            continue
        attributes[name] = (
            None  # WTForms drops a field set to None in a subclass
            if change.get("hidden")
            else _relabelled(
                unbound,
                pick(change.get("label"), language, default_language),
                pick(change.get("help"), language, default_language),
            )
        )
    for spec in definition.get("fields", []):
        attributes[custom_fields.answer_key(spec["key"])] = custom_field(
            spec, language, default_language
        )
    return type(f"Tenant{base.__name__}", (base,), attributes)


def registration_form(
    role: str, definition: dict, language: str, default_language: str, *, for_staff: bool = False
) -> type[RegistrationForm]:
    """The role's registration form class as the tenant asks it; `for_staff` words the
    built-in questions about the person instead of to them (the tenant's own wording
    of a question still wins)."""
    base = FORMS[role]
    if for_staff:
        staff_labels = {
            name: _relabelled(getattr(base, name), str(label), "")
            for name, label in STAFF_LABELS[role].items()
        }
        base = type(f"Staff{base.__name__}", (base,), staff_labels)
    return _with_definition(base, definition, language, default_language)


def contact_form(
    questions: list[dict], definition: dict, language: str, default_language: str
) -> type[ContactForm]:
    """The contact form class with target-group questions and the tenant's changes."""
    base = contact_form_class(questions, language, default_language)
    return _with_definition(base, definition, language, default_language)


def custom_answers(form) -> dict:
    """The answers to the tenant's own questions on a filled form."""
    prefix = custom_fields.ANSWER_PREFIX
    return {name: typed(field) for name, field in form._fields.items() if name.startswith(prefix)}


def _parsed(kind: str, value: Any) -> Any:
    """A stored answer as the field expects it; a value that does not parse is dropped."""
    try:
        if kind == "date":
            return date.fromisoformat(value) if value else None
        if kind == "number":
            return Decimal(value) if value else None
    except (ValueError, InvalidOperation):
        return None
    return value


def form_data(definition: dict, answers: dict) -> dict:
    """A person's saved answers as data for the form."""
    data = dict(answers)
    for spec in definition.get("fields", []):
        key = custom_fields.answer_key(spec["key"])
        if key in data:
            data[key] = _parsed(spec["kind"], data[key])
    return data


def _rows(form, answers: dict) -> list[tuple[str, str]]:
    rows = []
    for name, field in form._fields.items():
        value = answers.get(name)
        if value in (None, "", []):
            continue
        shown = labels_of(getattr(field, "choices", None) or [])
        values = value if isinstance(value, list) else [value]
        rows.append((str(field.label.text), ", ".join(str(shown.get(v, v)) for v in values)))
    return rows


def labelled(
    role: str, answers: dict, language: str, default_language: str, for_staff: bool
) -> list:
    """(label, answer) rows for staff, read with the form versions the answers were
    given under, so a later change of a form does not change their meaning. The
    answers to the tenant's own contact-form questions come first."""
    contact = answers.get("contact") or {}
    answers = {**answers, **coded_labels(answers, language)}
    if answers.get("phone"):
        answers["phone"] = formats.phone(answers["phone"])
    rows = []
    if contact:
        definition = custom_fields.definition_of("contact", contact.get(custom_fields.VERSION_KEY))
        only_own = {"fields": definition["fields"], "builtins": {}}
        form_class = _with_definition(FlaskForm, only_own, language, default_language)
        rows += _rows(form_class(formdata=None, data={}, meta={"csrf": False}), contact)
    definition = custom_fields.definition_of(role, answers.get(custom_fields.VERSION_KEY))
    form_class = registration_form(
        role, definition, language, default_language, for_staff=for_staff
    )
    return rows + _rows(form_class(formdata=None, data={}, meta={"csrf": False}), answers)


def missing(role: str, answers: dict, language: str, default_language: str) -> list[str]:
    """Labels of the questions the current form requires and the answers lack."""
    definition = custom_fields.definition_of(role, None)
    form_class = registration_form(role, definition, language, default_language, for_staff=True)
    form = form_class(formdata=None, data={}, meta={"csrf": False})
    return [
        str(field.label.text)
        for name, field in form._fields.items()
        if answers.get(name) in (None, "", []) and _requires_answer(field.validators)
    ]


ANSWER_READER = AnswerReader(labelled=labelled, missing=missing)
