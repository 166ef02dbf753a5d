"""Optional columns and filters of the register that other domains own. The programme
(groups, pairs, agreements, meetings, outcomes) sits above the register in the layers,
so it registers how to read those facts for a page of people and how to filter by
them; the register list and its export then show them without importing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import ColumnElement

from kaari.core.domains import record

# What optional columns may read of a person: the export reads only these columns of
# the register (a narrow query, kaari.participants.export), the list whole people.
SOURCE_FIELDS = ("id", "partner_id", "occupation_code", "answers")


class PersonFields(Protocol):
    """A person as optional columns see it: a Person, or a row of those fields."""

    @property
    def id(self) -> int: ...
    @property
    def partner_id(self) -> int | None: ...
    @property
    def occupation_code(self) -> str | None: ...
    @property
    def answers(self) -> dict: ...


# (people, column keys wanted, reader's language) → {key: {person id: text}}, in a
# fixed number of queries whatever the number of people.
ColumnValues = Callable[[Sequence[PersonFields], Sequence[str], str], dict[str, dict[int, str]]]


@dataclass(frozen=True)
class ColumnSource:
    name: str
    labels: Callable[[], dict[str, str]]  # column key → heading, in display order
    values: ColumnValues


@dataclass(frozen=True)
class RegisterFilter:
    key: str  # the query argument
    label: Callable[[], str]
    choices: Callable[[], dict[str, str]]  # value → label, in display order
    # The condition on Person for a chosen value; None for a value it does not know.
    condition: Callable[[str], ColumnElement[bool] | None]


_sources: dict[str, ColumnSource] = {}
_filters: dict[str, RegisterFilter] = {}


def register_column_source(source: ColumnSource) -> None:
    record("register_columns", source.name)
    _sources[source.name] = source


def register_filters(*filters: RegisterFilter) -> None:
    for register_filter in filters:
        record("register_filter", register_filter.key)
        _filters[register_filter.key] = register_filter


def column_sources() -> list[ColumnSource]:
    return list(_sources.values())


def registered_filters() -> dict[str, RegisterFilter]:
    return dict(_filters)


def optional_columns() -> dict[str, str]:
    """Every optional column's key and heading, source by source."""
    return {key: label for source in _sources.values() for key, label in source.labels().items()}


def column_values(
    people: Sequence[PersonFields], keys: Sequence[str], language: str
) -> dict[str, dict[int, str]]:
    """The chosen optional columns' texts for these people; a source none of whose
    columns were chosen runs no query."""
    values: dict[str, dict[int, str]] = {}
    for source in _sources.values():
        wanted = [key for key in keys if key in source.labels()]
        if wanted and people:
            values.update(source.values(people, wanted, language))
    return {key: values.get(key, {}) for key in keys}
