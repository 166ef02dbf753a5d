"""Keyset paging for lists that grow with the data (a mailing's 20,000 recipients, the
audit log): a page is read from the key of the row before it, so the last page costs
what the first does, and a page holds PAGE_SIZE rows whatever the list's length.

A list is ordered by keys (integers, or times: e.g. a state's rank then the id, or
the time then the id) that together identify a row. The position travels in the URL
as `after=3.1207`, `before=...` or `last=1` (a time as microseconds since 1970);
anything unreadable is the first page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Select, literal, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from kaari.core import db
from kaari.core.db import UTCDateTime

PAGE_SIZE = 50
MAX_KEY_TEXT = 60  # a URL's key longer than this is not one we wrote
POSITION_ARGS = ("after", "before", "last")

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

T = TypeVar("T")
Key = tuple[int | datetime, ...]


def _text(key: Key) -> str:
    return ".".join(
        str((part - EPOCH) // MICROSECOND if isinstance(part, datetime) else part) for part in key
    )


def _key(text: str | None) -> tuple[int, ...] | None:
    if not text or len(text) > MAX_KEY_TEXT:
        return None
    parts = text.split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


@dataclass(frozen=True)
class Position:
    """Where the asked-for page starts: after or before a row's key, or at the end."""

    after: tuple[int, ...] | None = None
    before: tuple[int, ...] | None = None
    last: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str], width: int) -> Position:
        """The position a URL's query asks for; a key of the wrong width is ignored."""
        after, before = _key(args.get("after")), _key(args.get("before"))
        if after is not None and len(after) == width:
            return cls(after=after)
        if before is not None and len(before) == width:
            return cls(before=before)
        return cls(last=args.get("last") == "1")

    @property
    def forward(self) -> bool:
        return self.before is None and not self.last


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and the keys that lead to its neighbours."""

    rows: list[T]
    has_previous: bool
    has_next: bool
    first_key: Key | None = None
    last_key: Key | None = None

    def link(self, to: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """`args` (the list's filters, the URL's own values) with the position of the
        page `to` ("first", "previous", "next" or "last"), for url_for."""
        kept = {key: value for key, value in args.items() if key not in POSITION_ARGS}
        if to == "previous" and self.first_key is not None:
            kept["before"] = _text(self.first_key)
        elif to == "next" and self.last_key is not None:
            kept["after"] = _text(self.last_key)
        elif to == "last":
            kept["last"] = 1
        return kept


def keyset_page(
    query: Select,
    keys: Sequence[ColumnElement | InstrumentedAttribute],
    key_of: Callable[[Any], Key],
    position: Position,
    *,
    descending: bool = False,
    size: int = PAGE_SIZE,
) -> Page:
    """The page of `query` at `position` in the order of `keys` (one statement; two
    when a step back reaches the start, which then shows the first page whole)."""
    forward = position.forward
    ascending = forward != descending
    bound = position.after if forward else position.before
    statement = query
    if bound is not None:
        row, at = tuple_(*keys), tuple_(*map(_bound, keys, bound))
        statement = statement.where(row > at if ascending else row < at)
    order = [key.asc() if ascending else key.desc() for key in keys]
    rows = _rows(statement.order_by(*order).limit(size + 1))
    page = page_of(rows, key_of, position, size)
    if page is None:
        return keyset_page(query, keys, key_of, Position(), descending=descending, size=size)
    return page


def page_of(rows: list, key_of: Callable[[Any], Key], position: Position, size: int) -> Page | None:
    """The page from up to `size + 1` rows read from `position` in its direction (the
    one past the page says there is more); None when a step back reached the start,
    where the first page should be shown instead."""
    forward = position.forward
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        if not more and not position.last:
            return None
        rows.reverse()
    has_previous = more if not forward else position.after is not None
    has_next = more if forward else not position.last
    return Page(
        rows,
        has_previous=has_previous,
        has_next=has_next and bool(rows),
        first_key=key_of(rows[0]) if rows else None,
        last_key=key_of(rows[-1]) if rows else None,
    )


def time_of(value: int) -> datetime:
    """A time key's value from the URL."""
    return EPOCH + value * MICROSECOND


def _bound(key: ColumnElement | InstrumentedAttribute, value: int) -> BindParameter:
    """A key's value from the URL, as the column's type (a time from microseconds)."""
    if isinstance(key.type, UTCDateTime):
        return literal(time_of(value), key.type)
    return literal(value, key.type)


def _rows(statement: Select) -> list:
    """ORM objects for a select of one entity, else rows."""
    if len(statement.column_descriptions) == 1:
        return list(db.session.scalars(statement))
    return list(db.session.execute(statement).all())
