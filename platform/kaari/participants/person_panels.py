"""Sections of the person page that other domains own. The programme sits above the
register in the layers, so it registers a panel (a template and what it shows of a
person) and the person page renders it without importing the programme."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kaari.core.domains import record
from kaari.participants.models import Person


@dataclass(frozen=True)
class PersonPanel:
    name: str
    template: str  # rendered with `panel`, the context's result, and the page's own names
    context: Callable[[Person], Any]  # a fixed number of queries, whatever the person did


_panels: dict[str, PersonPanel] = {}


def register_person_panel(panel: PersonPanel) -> None:
    record("person_panel", panel.name)
    _panels[panel.name] = panel


def panels_for(person: Person) -> list[tuple[str, Any]]:
    """(template, panel) for each registered panel, in registration order."""
    return [(panel.template, panel.context(person)) for panel in _panels.values()]
