"""Status vocabularies: each one an enum whose members carry their translated labels.

The owning domain declares its vocabulary once, value and label side by side:

    class PairStatus(Vocabulary):
        PROPOSED = "proposed", _l("Accepted, not yet invited")
        INVITED = "invited", _l("Invited")

A member is its string value (a `StrEnum`), so it is stored, compared and put into
URLs as before; `.label` is its lazy-translated name, `labels()` every label by value
(templates look stored strings up there) and `choices()` the options of a form field.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from wtforms import SelectChoice

from kaari.core.choices import as_choices


class Vocabulary(StrEnum):
    _label: Any

    def __new__(cls, value: str, label: Any):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> Any:
        """The lazy-translated name, in the language of the request that shows it."""
        return self._label

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every value, in declaration order (`value in X.values()` for a stored string)."""
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict[str, Any]:
        """Each member's label by its value."""
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, value: str) -> Any:
        """The label of a stored value; an unknown value is shown as it is."""
        return cls(value).label if value in cls.values() else value

    @classmethod
    def choices(cls, members: Iterable[Vocabulary] | None = None) -> list[SelectChoice]:
        """The options of a form field: `members` (default: all) in declaration order."""
        return as_choices((member.value, member.label) for member in members or cls)
