"""The example register offered on the import page: a workbook as a Finnish
organisation keeps it (Finnish headers and status words, first and last name apart,
phone numbers as people write them). Built when asked, so it never goes stale; the
tests import it and expect every column to be recognised."""

from __future__ import annotations

import io

HEADERS = (
    "Etunimi",
    "Sukunimi",
    "Sähköposti",
    "Puhelin",
    "Rooli",
    "Tila",
    "Kotikunta",
    "Kieli",
    "Ammatti",
    "Syntymävuosi",
)
ROWS = (
    (
        "Aino",
        "Virtanen",
        "aino.virtanen@example.fi",
        "040 123 4567",
        "Aktori",
        "Odottaa paria",
        "Helsinki",
        "suomi",
        "Kirjanpitäjä",
        1988,
    ),
    (
        "Mikael",
        "Lindholm",
        "mikael.lindholm@example.fi",
        "+358 50 765 4321",
        "Mentori",
        "Ryhmässä",
        "Espoo",
        "ruotsi",
        "Talouspäällikkö",
        1971,
    ),
    (
        "Fatima",
        "Hassan",
        "fatima.hassan@example.fi",
        "044 987 6543",
        "Aktori",
        "Ilmoittautunut",
        "Vantaa",
        "suomi",
        "Sairaanhoitaja",
        1992,
    ),
    (
        "Olga",
        "Ivanova",
        "",
        "045 111 2233",
        "Aktori",
        "Uusi",
        "Helsinki",
        "englanti",
        "Ohjelmistokehittäjä",
        1990,
    ),
)
WIDTHS = (12, 14, 30, 18, 10, 16, 14, 10, 22, 14)


def workbook() -> bytes:
    from openpyxl import Workbook  # loaded for the example only, not at every start
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Rekisteri"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(row)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
