"""Options for WTForms' select, radio and checkbox-list fields.

WTForms takes `SelectChoice` objects (3.3 deprecates tuple choices, 3.4 removes
them). The platform writes its option lists as (value, label) pairs and turns
them into choices here, at one place; `labels_of()` reads them back as a lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectChoice


def as_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """The choices for a field, from (value, label) pairs in display order."""
    return [SelectChoice(value, label) for value, label in pairs]


def labels_of(choices: Iterable[SelectChoice]) -> dict[Any, Any]:
    """Each choice's label by its value."""
    return {choice.value: choice.label for choice in choices}
