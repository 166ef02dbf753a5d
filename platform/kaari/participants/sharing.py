"""What a person lets a proposed pair partner see of them before both have accepted.

The registration form asks it per role (the answer `share_with_pair`); a person who
has not chosen (everyone registered before the question existed) shares the minimal
set. The joint invitation and the answer page show only what this module gives."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.core.i18n import LANGUAGE_NAMES
from kaari.participants.labels import language_level_labels

SHARING_KEY = "share_with_pair"
INTRODUCTION_KEY = "pair_introduction"
# Shared unless the person unticks them: the field, languages and the self-introduction
# written for this purpose. The first name is always shown.
MINIMAL = ("field", "languages", "introduction")
# The choices each role is offered, in the order asked.
CHOICES = {
    "actor": (*MINIMAL, "education", "work", "goals", "interests"),
    "mentor": (*MINIMAL, "education", "workplace", "interests"),
}
# The registration answers each choice lets the partner see, per role.
ANSWERS = {
    "field": ("occupation", "education_field"),
    "languages": ("language", "finnish_level"),
    "introduction": (INTRODUCTION_KEY,),
    "education": {"actor": ("education_abroad", "education_here"), "mentor": ("education",)},
    "work": ("work_abroad", "work_here"),
    "goals": ("goals",),
    "interests": ("interests",),
    "workplace": ("workplace",),
}


def choice_labels() -> dict[str, str]:
    """Each choice as the registration form and the person's own pages name it."""
    return {
        "field": _l("My profession and field of education"),
        "languages": _l("The languages I speak"),
        "introduction": _l("My short introduction (below)"),
        "education": _l("My education"),
        "work": _l("My work experience"),
        "goals": _l("My professional goals"),
        "interests": _l("My interests and skills"),
        "workplace": _l("My workplace"),
    }


def chosen(role: str, answers: dict | None) -> tuple[str, ...]:
    """The choices in force: the person's own, or the minimal set if they never chose."""
    offered = CHOICES.get(role, ())
    given = (answers or {}).get(SHARING_KEY)
    if not isinstance(given, list):
        return tuple(choice for choice in MINIMAL if choice in offered)
    return tuple(choice for choice in offered if choice in given)


def first_name(name: str) -> str:
    parts = (name or "").split()
    return parts[0] if parts else ""


def shared_answers(role: str, language: str, answers: dict | None) -> dict[str, str]:
    """Answer key → answer, only for what the person agreed to show the proposed
    partner (the language of messages counts as an answer under "languages")."""
    values = {**(answers or {}), "language": language}
    shared: dict[str, str] = {}
    for choice in chosen(role, answers):
        keys = ANSWERS[choice]
        for key in keys[role] if isinstance(keys, dict) else keys:
            if values.get(key) not in (None, "", []):
                shared[key] = str(values[key])
    return shared


def answer_labels() -> dict[str, str]:
    """How a shared answer is named to the partner (third person: it is about the other)."""
    return {
        "occupation": _l("Profession"),
        "education_field": _l("Field of education"),
        "language": _l("Language"),
        "finnish_level": _l("Finnish"),
        INTRODUCTION_KEY: _l("In their own words"),
        "education_abroad": _l("Education abroad"),
        "education_here": _l("Education in Finland"),
        "work_abroad": _l("Work experience abroad"),
        "work_here": _l("Work experience in Finland"),
        "goals": _l("Professional goals"),
        "interests": _l("Interests"),
        "education": _l("Education"),
        "workplace": _l("Workplace and field"),
    }


def labelled(shared: dict[str, str]) -> list[tuple[str, str]]:
    """(label, answer) rows of `shared_answers`, in the language of the moment."""
    labels, levels = answer_labels(), language_level_labels()
    shown = {"language": LANGUAGE_NAMES, "finnish_level": levels}
    return [
        (str(labels[key]), str(shown[key].get(value, value)) if key in shown else value)
        for key, value in shared.items()
    ]
