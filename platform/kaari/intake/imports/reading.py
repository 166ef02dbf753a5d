"""Reading an uploaded register: CSV (comma or semicolon; UTF-8 with or without a
byte-order mark, else Windows-1252) or XLSX (openpyxl's read-only mode).

Nothing in a file is evaluated: an XLSX cell holding a formula comes back as its
text (`=SUM(A1:A3)`), and the checks refuse it as a row error, as they refuse a
CSV cell starting with `=`. Rows are numbered as the spreadsheet shows them: the
header is row 1. Rows with nothing in them are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("csv", "xlsx")
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = (";", ",", "\t")


class ImportFileError(ValueError):
    """A file that cannot be imported at all; `code` names why (see views' messages)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it
    cells: list[str]


def kind_of(filename: str, data: bytes) -> str:
    """ "csv" or "xlsx" by name and content, or ImportFileError("type")."""
    name = filename.lower()
    if name.endswith(".xlsx") and data.startswith(ZIP_MAGIC):
        return "xlsx"
    if name.endswith((".csv", ".txt")) and b"\x00" not in data[:65536]:
        return "csv"
    raise ImportFileError("type")


def decoded(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError("encoding") from None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = decoded(data)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # loaded for an import only, not at every start

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError("broken") from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_text(value) for value in values]
    finally:
        workbook.close()


def raw_rows(data: bytes, kind: str) -> Iterator[list[str]]:
    return _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)


def table(data: bytes, kind: str, *, max_rows: int) -> tuple[list[str], Iterator[Row]]:
    """The header and the data rows; ImportFileError when there is no header, or
    (while iterating) when the file has more than `max_rows` data rows."""
    rows = enumerate(raw_rows(data, kind), start=1)
    for _number, header in rows:
        header = [cell.strip() for cell in header]
        while header and not header[-1]:
            header.pop()
        if any(header):
            break
    else:
        raise ImportFileError("empty")
    return header, _numbered(rows, len(header), max_rows)


def _numbered(rows: Iterator[tuple[int, list[str]]], width: int, max_rows: int) -> Iterator[Row]:
    count = 0
    for number, cells in rows:
        cells = [cell.strip() for cell in cells[:width]]
        if not any(cells):
            continue
        count += 1
        if count > max_rows:
            raise ImportFileError("rows")
        yield Row(number, cells + [""] * (width - len(cells)))
