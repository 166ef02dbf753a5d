"""Exporting the filtered register as CSV or XLSX, only the chosen columns.

Two CSV dialects: the one Excel opens directly in Finland (semicolons, since the
decimal separator is a comma, and UTF-8 with a byte-order mark so that Excel does not
guess Windows-1252), and plain CSV for other programs (commas, UTF-8 without a mark).

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
return at the start) are neutralised with a leading apostrophe.

The register may hold tens of thousands of people, so an export never holds it:
rows come from a narrow query (only the columns the chosen columns read, never whole
Person objects) in batches, label tables are built once per export, the CSV is
streamed to the client as it is written, and the XLSX is written by openpyxl's
write-only mode into a temporary file that is then sent in chunks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement

from kaari.core import db
from kaari.participants.labels import language_level_labels
from kaari.participants.models import ParticipantStatus, Person, PersonRole
from kaari.participants.register_columns import SOURCE_FIELDS, column_values, optional_columns
from kaari.participants.services import Filters, filtered_query, ordered

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500  # people read (and their optional columns looked up) at a time
CHUNK = 64 * 1024  # bytes of a written XLSX file sent at a time


@dataclass(frozen=True)
class Column:
    label: Callable[[], str]
    reads: tuple[ColumnElement[Any], ...]  # the person's columns it needs
    # Given the export's label tables (built once), how to read a row.
    reader: Callable[[dict[str, dict[str, str]]], Callable[[Any], str]]


def _date(value) -> str:
    return value.date().isoformat() if value else ""


def _attribute(name: str) -> Callable[[dict[str, dict[str, str]]], Callable[[Any], str]]:
    return lambda _tables: lambda row: getattr(row, name) or ""


def _labelled(name: str, table: str) -> Callable[[dict[str, dict[str, str]]], Callable[[Any], str]]:
    """A stored value shown by its label; an unknown value as it is."""

    def reader(tables: dict[str, dict[str, str]]) -> Callable[[Any], str]:
        labels = tables[table]
        return lambda row: labels.get(getattr(row, name), getattr(row, name))

    return reader


COLUMNS: dict[str, Column] = {
    "name": Column(lambda: _l("Name"), (Person.name,), _attribute("name")),
    "email": Column(lambda: _l("Email"), (Person.email,), _attribute("email")),
    "phone": Column(
        lambda: _l("Phone"),
        (Person.answers,),
        lambda _tables: lambda row: (row.answers or {}).get("phone", ""),
    ),
    "role": Column(lambda: _l("Role"), (Person.role,), _labelled("role", "role")),
    "status": Column(lambda: _l("Status"), (Person.status,), _labelled("status", "status")),
    "municipality": Column(
        lambda: _l("Municipality"), (Person.municipality,), _attribute("municipality")
    ),
    "language": Column(lambda: _l("Language"), (Person.language,), _attribute("language")),
    "contacted": Column(
        lambda: _l("Contacted"),
        (Person.created_at,),
        lambda _tables: lambda row: _date(row.created_at),
    ),
    "registered": Column(
        lambda: _l("Registered"),
        (Person.registered_at,),
        lambda _tables: lambda row: _date(row.registered_at),
    ),
    "language_level": Column(
        lambda: _l("Finnish level"),
        (Person.language_level,),
        _labelled("language_level", "language_level"),
    ),
}
DEFAULT_COLUMNS = ("name", "role", "status", "municipality", "contacted")


def kind_labels() -> dict[str, str]:
    """The file types offered, the first one chosen by default."""
    return {
        "excel_csv": _l("CSV for Excel in Finland (semicolons, UTF-8)"),
        "csv": _l("CSV for other programs (commas, UTF-8)"),
        "xlsx": _l("Excel workbook (XLSX)"),
    }


def neutralise(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def column_labels() -> dict[str, str]:
    """Every column one can export: the register's own, then the optional ones that
    the list can show too (kaari.participants.register_columns)."""
    own = {key: str(column.label()) for key, column in COLUMNS.items()}
    return {**own, **optional_columns()}


def _label_tables() -> dict[str, dict[str, str]]:
    """Every label an own column shows, translated once for the whole export."""
    return {
        "role": {value: str(label) for value, label in PersonRole.labels().items()},
        "status": {value: str(label) for value, label in ParticipantStatus.labels().items()},
        "language_level": {key: str(label) for key, label in language_level_labels().items()},
    }


def _narrow_query(filters: Filters, columns: Sequence[str], optional: bool):
    """The filtered register in the list's order, with only the columns read."""
    reads: dict[str, ColumnElement[Any]] = {"id": Person.id}
    for column in columns:
        if column in COLUMNS:
            reads.update({read.key: read for read in COLUMNS[column].reads})
    if optional:
        reads.update({name: getattr(Person, name) for name in SOURCE_FIELDS})
    query = ordered(filtered_query(filters), filters.sort)
    return query.with_only_columns(*reads.values()).execution_options(yield_per=BATCH)


def batches(filters: Filters, columns: Sequence[str], language: str) -> Iterator[list[list[str]]]:
    """The header, then the rows a batch of people at a time: a fixed number of
    queries per batch (the optional columns are read for the batch at once), and
    nothing held beyond the batch."""
    labels = column_labels()
    yield [[str(labels[column]) for column in columns]]
    tables = _label_tables()
    own = {column: COLUMNS[column].reader(tables) for column in columns if column in COLUMNS}
    optional = [column for column in columns if column not in COLUMNS]
    result = db.session.execute(_narrow_query(filters, columns, bool(optional)))
    for batch in result.partitions():
        read = column_values(batch, optional, language)
        yield [
            [
                neutralise(str(own[column](row) if column in own else read[column].get(row.id, "")))
                for column in columns
            ]
            for row in batch
        ]


def as_csv(
    filters: Filters, columns: Sequence[str], language: str, *, excel: bool = False
) -> Iterator[str]:
    """The CSV text, a batch of rows at a time, for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    if excel:
        buffer.write("\ufeff")  # so that Excel reads UTF-8
    for batch in batches(filters, columns, language):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def as_xlsx(filters: Filters, columns: Sequence[str], language: str) -> IO[bytes]:
    """The workbook in a temporary file (rewound; closing it removes it): openpyxl's
    write-only mode keeps no cells in memory, and the file is sent by `chunks`."""
    from openpyxl import Workbook  # loaded for the export only, not at every start

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for batch in batches(filters, columns, language):
        for row in batch:
            sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `chunks` once sent)
    workbook.save(output)
    output.seek(0)
    return output


def chunks(file: IO[bytes]) -> Iterator[bytes]:
    """A file's content piece by piece, for a response; the file is closed at the end."""
    with file:
        while chunk := file.read(CHUNK):
            yield chunk
