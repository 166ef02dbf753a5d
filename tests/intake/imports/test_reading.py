"""Reading register files: both CSV dialects, the encodings, XLSX, and bad files."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kaari.intake.imports.reading import ImportFileError, kind_of, table
from tests.intake.imports.support import HEADERS, csv_bytes, xlsx_bytes

ROW = ["Äijä Öljynen", "aija@example.fi", "040 1234567", "Aktori", "Odottaa", "Espoo"]


def _read(data: bytes, kind: str, max_rows: int = 100):
    header, rows = table(data, kind, max_rows=max_rows)
    return header, [(row.number, row.cells) for row in rows]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_csv_in_each_dialect_and_encoding_reads_the_same(delimiter, encoding):
    data = csv_bytes([ROW], delimiter=delimiter, encoding=encoding)
    assert _read(data, kind_of("rekisteri.csv", data)) == (HEADERS, [(2, ROW)])


def test_quoted_cells_keep_their_delimiters_and_line_breaks():
    data = 'Nimi;Huomio\r\n"Virtanen; Aino";"kaksi\r\nriviä"\r\nToinen;x\r\n'.encode()
    _header, rows = _read(data, "csv")
    assert rows == [(2, ["Virtanen; Aino", "kaksi\r\nriviä"]), (3, ["Toinen", "x"])]


def test_empty_rows_are_skipped_and_the_numbers_are_the_spreadsheets():
    data = csv_bytes([ROW, ["", "", "", "", "", ""], ROW])
    assert [number for number, _cells in _read(data, "csv")[1]] == [2, 4]


def test_xlsx_reads_values_and_leaves_formulas_as_text():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["Aino", "aino@example.fi", 401234567, "Aktori", "Odottaa", '=A2&"x"'])
    output = io.BytesIO()
    book.save(output)
    data = output.getvalue()
    assert kind_of("Rekisteri.XLSX", data) == "xlsx"
    _header, rows = _read(data, "xlsx")
    assert rows == [(2, ["Aino", "aino@example.fi", "401234567", "Aktori", "Odottaa", '=A2&"x"'])]


def test_xlsx_and_csv_of_the_same_rows_read_the_same():
    assert _read(xlsx_bytes([ROW]), "xlsx") == _read(csv_bytes([ROW]), "csv")


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("rekisteri.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "type"),
        ("rekisteri.pdf", b"%PDF-1.4", "type"),
        ("rekisteri.csv", b"Nimi\x00\x00;x", "type"),
        ("rekisteri.xlsx", b"Nimi;Email\r\n", "type"),  # a CSV under an Excel name
    ],
)
def test_files_of_another_type_are_refused(filename, data, code):
    with pytest.raises(ImportFileError) as error:
        kind_of(filename, data)
    assert error.value.code == code


def test_a_broken_workbook_is_refused():
    with pytest.raises(ImportFileError) as error:
        table(b"PK\x03\x04 not really a zip", "xlsx", max_rows=10)
    assert error.value.code == "broken"


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    with pytest.raises(ImportFileError) as error:
        table("Nimi\r\nÄijä\r\n".encode("utf-16-le") + b"\x81\x8d", "csv", max_rows=10)
    assert error.value.code == "encoding"


def test_a_file_without_a_header_is_refused():
    with pytest.raises(ImportFileError) as error:
        table(b";;;\r\n\r\n", "csv", max_rows=10)
    assert error.value.code == "empty"


def test_more_rows_than_allowed_are_refused():
    _header, rows = table(csv_bytes([ROW] * 4), "csv", max_rows=3)
    with pytest.raises(ImportFileError) as error:
        list(rows)
    assert error.value.code == "rows"
