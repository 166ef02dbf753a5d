"""Exporting the filtered register as CSV or XLSX, only the chosen columns.

Two CSV dialects: the one Excel opens directly in Finland (semicolons, since the
decimal separator is a comma, and UTF-8 with a byte-order mark so that Excel does not
guess Windows-1252), and plain CSV for other programs (commas, UTF-8 without a mark).

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
return at the start) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from kaari.core import db
from kaari.participants.labels import language_level_labels
from kaari.participants.models import ParticipantStatus, Person, PersonRole
from kaari.participants.register_columns import column_values, optional_columns
from kaari.participants.services import Filters, filtered_query, ordered

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _date(value) -> str:
    return value.date().isoformat() if value else ""


COLUMNS: dict[str, tuple[Callable[[], str], Callable[[Person], str]]] = {
    "name": (lambda: _l("Name"), lambda p: p.name),
    "email": (lambda: _l("Email"), lambda p: p.email),
    "phone": (lambda: _l("Phone"), lambda p: p.answers.get("phone", "")),
    "role": (lambda: _l("Role"), lambda p: str(PersonRole.label_of(p.role))),
    "status": (lambda: _l("Status"), lambda p: str(ParticipantStatus.label_of(p.status))),
    "municipality": (lambda: _l("Municipality"), lambda p: p.municipality),
    "language": (lambda: _l("Language"), lambda p: p.language),
    "contacted": (lambda: _l("Contacted"), lambda p: _date(p.created_at)),
    "registered": (lambda: _l("Registered"), lambda p: _date(p.registered_at)),
    "language_level": (
        lambda: _l("Finnish level"),
        lambda p: str(language_level_labels().get(p.language_level, p.language_level)),
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
    own = {key: str(label()) for key, (label, _value) in COLUMNS.items()}
    return {**own, **optional_columns()}


def rows(filters: Filters, columns: Sequence[str], language: str) -> Iterator[list[str]]:
    """The header and one row per person, streamed from the database; the optional
    columns are read for each batch of people at once."""
    labels = column_labels()
    yield [str(labels[column]) for column in columns]
    optional = [column for column in columns if column not in COLUMNS]
    query = ordered(filtered_query(filters), filters.sort)
    for batch in db.session.scalars(query.execution_options(yield_per=500)).partitions():
        read = column_values(batch, optional, language)
        for person in batch:
            yield [
                neutralise(
                    str(COLUMNS[column][1](person))
                    if column in COLUMNS
                    else read[column].get(person.id, "")
                )
                for column in columns
            ]


def as_csv(
    filters: Filters, columns: Sequence[str], language: str, *, excel: bool = False
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    if excel:
        buffer.write("\ufeff")  # so that Excel reads UTF-8
    for row in rows(filters, columns, language):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def as_xlsx(filters: Filters, columns: Sequence[str], language: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows(filters, columns, language):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
