"""Where personal data lives: every table that refers to a person is registered here
by the domain that owns it, with the purpose it serves.

Subject access and erasure read through the registry, so a new table with a person
in it is exported and erased as soon as it is registered, and a test fails while it
is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import InstrumentedAttribute

from kaari.core import db
from kaari.core.domains import record

# Columns never shown in an export: secrets, and the tenant the data belongs to.
HIDDEN_COLUMNS = frozenset(
    {"tenant_id", "token_digest", "portal_token_digest", "search_text", "idempotency_key"}
)

Rows = list[dict[str, Any]]


Erasure = Callable[[Any, InstrumentedAttribute, int], None]


@dataclass(frozen=True)
class PersonData:
    """One place where a person's data is kept."""

    key: str  # unique name, "<table>.<column>"
    table: str
    title: str  # what it is, for the reader of an export (a lazy translation)
    purpose: str  # why it is kept (a lazy translation)
    rows: Callable[[int], Rows]  # the person's rows, as plain values
    erase: Callable[[int], None]  # what erasing the person does here
    effect: str  # and in a word: "removed", "kept", "cleared" or "anonymised"
    # For places whose rows carry long texts (a mail's bodies): the fields the PDF for
    # people shows, a line per row; the JSON keeps every field. Empty: every field.
    summary: tuple[str, ...] = ()


# What erasing a person does to a place (`person_data(..., erasure=...)`).


def delete_rows(model, column: InstrumentedAttribute, person_id: int) -> None:
    """The rows exist only for the person: they go."""
    db.session.execute(delete(model).where(column == person_id))


def keep_rows(_model, _column: InstrumentedAttribute, _person_id: int) -> None:
    """The rows hold nothing that identifies the person once the person's own row is
    anonymised (dates, statuses, counts), and reports need them."""


def blank(**values: Any) -> Erasure:
    """The rows stay for the reports or for the other member of a pair; these
    columns (free texts, names, the link to the person) are set to `values`."""

    def erase(model, column: InstrumentedAttribute, person_id: int) -> None:
        db.session.execute(update(model).where(column == person_id).values(**values))

    erase.effect = "cleared"
    return erase


delete_rows.effect = "removed"
keep_rows.effect = "kept"


REGISTRY: dict[str, PersonData] = {}


def plain(value: Any) -> Any:
    """A value as JSON can carry it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def model_rows(
    model, column: InstrumentedAttribute, order_by=None, hidden: Iterable[str] = ()
) -> Callable[[int], Rows]:
    """The rows of `model` whose `column` is the person, with every column but the
    hidden ones (`HIDDEN_COLUMNS` and the model's own `hidden`)."""
    table = model.__table__
    left_out = HIDDEN_COLUMNS | set(hidden)
    names = [c.name for c in table.columns if c.name not in left_out]

    def rows(person_id: int) -> Rows:
        query = select(model).where(column == person_id)
        query = query.order_by(order_by if order_by is not None else table.c.id)
        return [
            {name: plain(getattr(row, _attribute(model, name))) for name in names}
            for row in db.session.scalars(query)
        ]

    return rows


def _attribute(model, column_name: str) -> str:
    """The mapped attribute of a column (they differ where a column is renamed)."""
    return model.__mapper__.get_property_by_column(model.__table__.c[column_name]).key


def person_data(
    model,
    column: InstrumentedAttribute,
    *,
    title: str,
    purpose: str,
    erasure: Erasure,
    rows: Callable[[int], Rows] | None = None,
    summary: tuple[str, ...] = (),
) -> PersonData:
    """Describe how `model` keeps data about the person in `column`, and what erasing
    the person does to it (`delete_rows`, `keep_rows`, `blank(...)` or a function of
    the same shape), and, where rows hold long texts, the `summary` fields the PDF
    shows of each. The owning domain registers it with `register_person_data`."""
    table = model.__table__.name
    key = f"{table}.{column.property.columns[0].name}"
    return PersonData(
        key,
        table,
        title,
        purpose,
        rows if rows is not None else model_rows(model, column),
        partial(erasure, model, column),
        getattr(erasure, "effect", "anonymised"),
        summary,
    )


def register_person_data(*places: PersonData) -> None:
    """Register places of personal data (from the owning domain's `init_app`)."""
    for place in places:
        record("person_data", place.key)
        REGISTRY[place.key] = place


def registered_columns() -> set[tuple[str, str]]:
    """(table, column) of every registration, for the completeness test."""
    return {tuple(key.split(".", 1)) for key in REGISTRY}


def places() -> list[PersonData]:
    """Every registered place, for pages that explain what is kept where."""
    return list(REGISTRY.values())


def rows_of(key: str, person_id: int) -> Rows:
    """The person's rows of one registered place (e.g. "consents.person_id")."""
    return REGISTRY[key].rows(person_id)
