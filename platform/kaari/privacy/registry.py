"""Where personal data lives: every table that refers to a person is registered here
by the domain that owns it, with the purpose it serves.

Subject access reads through the registry, so a new table with a person in it is
exported as soon as it is registered, and a test fails while it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from kaari import db

# Columns never shown in an export: secrets, and the tenant the data belongs to.
HIDDEN_COLUMNS = frozenset({"tenant_id", "token_digest", "search_text", "idempotency_key"})

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class PersonData:
    """One place where a person's data is kept."""

    key: str  # unique name, "<table>.<column>"
    table: str
    title: str  # what it is, for the reader of an export (a lazy translation)
    purpose: str  # why it is kept (a lazy translation)
    rows: Callable[[int], Rows]  # the person's rows, as plain values


REGISTRY: dict[str, PersonData] = {}


def plain(value: Any) -> Any:
    """A value as JSON can carry it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def model_rows(model, column: InstrumentedAttribute, order_by=None) -> Callable[[int], Rows]:
    """The rows of `model` whose `column` is the person, with every column but the
    hidden ones."""
    table = model.__table__
    names = [c.name for c in table.columns if c.name not in HIDDEN_COLUMNS]

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


def register_person_data(
    model,
    column: InstrumentedAttribute,
    *,
    title: str,
    purpose: str,
    rows: Callable[[int], Rows] | None = None,
) -> None:
    """Declare that `model` keeps data about the person in `column`."""
    table = model.__table__.name
    key = f"{table}.{column.property.columns[0].name}"
    REGISTRY[key] = PersonData(
        key, table, title, purpose, rows if rows is not None else model_rows(model, column)
    )


def registered_columns() -> set[tuple[str, str]]:
    """(table, column) of every registration, for the completeness test."""
    return {tuple(key.split(".", 1)) for key in REGISTRY}
