"""Files and the user's steps through the import pages, for the import tests."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

HEADERS = ["Nimi", "Sähköposti", "Puhelin", "Rooli", "Tila", "Kotikunta"]
IMPORT_URL = "/alpha/staff/participants/import/"


def csv_bytes(rows, *, headers=HEADERS, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(headers), *(delimiter.join(str(c) for c in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, *, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def person_row(n: int, status: str = "Odottaa", role: str = "Aktori") -> list[str]:
    return [f"Henkilö {n}", f"henkilo{n}@example.fi", f"040 {1000000 + n}", role, status, "Espoo"]


def upload(client, data: bytes, filename: str = "rekisteri.csv"):
    return client.submit(
        IMPORT_URL,
        {"register_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def import_id_of(response) -> int:
    return int(re.search(r"/import/(\d+)/", response.headers["Location"]).group(1))


def _selected(html: str, prefix: str) -> dict[str, str]:
    pattern = rf'<select[^>]*name="({prefix}_\d+)".*?<option selected value="([^"]*)"'
    return dict(re.findall(pattern, html, re.S))


def map_columns(client, import_id: int, data: dict | None = None):
    """Post the columns page as proposed (the selects' selected options), changed by `data`."""
    url = f"{IMPORT_URL}{import_id}/columns"
    html = client.get(url).get_data(as_text=True)
    chosen = _selected(html, "column")
    return client.submit(url, {**chosen, **(data or {})})


def give_details(client, import_id: int, statuses: dict | None = None, **data):
    url = f"{IMPORT_URL}{import_id}/details"
    html = client.get(url).get_data(as_text=True)
    chosen = _selected(html, "word")
    form = {
        **chosen,
        "consent_basis": "Existing register, informed by email",
        "informed_on": "2026-11-30",
        **(statuses or {}),
        **data,
    }
    return client.submit(url, form)


def confirm(client, import_id: int):
    return client.submit(f"{IMPORT_URL}{import_id}/confirm", form_url=f"{IMPORT_URL}{import_id}")


def run_through(client, data: bytes, filename: str = "rekisteri.csv") -> int:
    """Upload, accept the proposals, dry run and import: the import's id."""
    response = upload(client, data, filename)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    import_id = import_id_of(response)
    assert map_columns(client, import_id).status_code == 302
    assert give_details(client, import_id).status_code == 302
    assert confirm(client, import_id).status_code == 302
    return import_id
