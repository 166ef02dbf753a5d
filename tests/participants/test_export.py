"""The register's export at any size: the same columns and content in CSV and XLSX,
read a batch at a time with a fixed number of queries whatever the number of people."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from tests.helpers import QueryCounter

EXPORT = "/alpha/staff/participants/export"
OWN = ("name", "email", "phone", "role", "status", "municipality", "language", "contacted",
       "registered", "language_level")  # fmt: skip
EVERY = (*OWN, "occupation", "education", "referrer")


def _add_people(app, world, count: int, start: int) -> None:
    rows = [
        {
            "tenant_id": world.a.tenant_id,
            "role": ("actor", "mentor")[n % 2],
            "name": f"Export {n}",
            "email": f"export{n}@example.org",
            "municipality": "Espoo",
            "status": ("registered", "waiting")[n % 2],
            "language": "sv",
            "question": "",
            "wants_job_placement": False,
            "answers": {
                "phone": f"+35840{n:07d}",
                "occupation_code": "2142",
                "education_field_code": "0613",
            },
            "occupation_code": "2142",
            "language_level": "b1",
            "partner_id": world.a.partner_id,
            "registered_at": utcnow(),
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        for n in range(start, start + count)
    ]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(insert(Person), rows)
        db.session.commit()


def _url(kind: str, columns=EVERY) -> str:
    return f"{EXPORT}?format={kind}&sort=name&lang=en&" + "&".join(f"columns={c}" for c in columns)


@pytest.mark.parametrize("kind", ["csv", "excel_csv", "xlsx"])
def test_the_export_runs_as_many_queries_for_many_people_as_for_few(app, client, world, kind):
    client.login(world.a.coordinator.email, tenant="alpha")
    _add_people(app, world, 3, 0)
    client.get(_url(kind)).get_data()

    def export() -> tuple[int, int]:
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            response = client.get(_url(kind))
            assert response.status_code == 200
            size = len(response.get_data())  # the CSV is read as it streams
        return counter.count, size

    few, few_size = export()
    _add_people(app, world, 120, 3)
    many, many_size = export()
    assert many == few and many_size > few_size


def test_the_xlsx_holds_what_the_csv_holds(app, client, world):
    """Every column, read back with openpyxl, cell for cell as in the CSV."""
    _add_people(app, world, 2, 0)
    client.login(world.a.coordinator.email, tenant="alpha")
    text = client.get(_url("csv")).get_data(as_text=True)
    from_csv = list(csv.reader(io.StringIO(text)))
    response = client.get(_url("xlsx"))
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0]
    from_xlsx = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert from_xlsx == from_csv
    assert from_xlsx[0] == [
        "Name", "Email", "Phone", "Role", "Status", "Municipality", "Language", "Contacted",
        "Registered", "Finnish level", "Occupation", "Field of education", "Referred by",
    ]  # fmt: skip
    first = dict(zip(from_xlsx[0], from_xlsx[1], strict=True))
    assert first["Name"] == "Export 0" and first["Phone"] == "'+358400000000"
    assert first["Role"] == "Actor" and first["Status"] == "Registered"
    assert first["Finnish level"] == "Intermediate (B1)" and first["Language"] == "sv"
    assert first["Occupation"].startswith("2142 ") and first["Field of education"].startswith(
        "0613"
    )
    assert first["Referred by"] and first["Registered"] == first["Contacted"]
