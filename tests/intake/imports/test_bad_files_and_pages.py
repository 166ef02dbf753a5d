"""Bad files through the upload page get a clear message and leave nothing behind;
the CSV export's Excel dialect; the import page's query count; who may import."""

from __future__ import annotations

from sqlalchemy import func, select

from kaari.core import db, storage
from kaari.core.scoping import tenant_scope
from kaari.intake.imports.models import RegisterImport
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person
from tests.intake.imports.support import (
    IMPORT_URL,
    csv_bytes,
    import_id_of,
    person_row,
    upload,
)


def _imports(app, world) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(func.count()).select_from(RegisterImport))


def _message_after(client, response) -> str:
    assert response.status_code in (200, 303), response.status_code
    if response.status_code == 303:
        return client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    return response.get_data(as_text=True)


def test_bad_files_are_refused_with_a_message_and_nothing_is_kept(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    before = _imports(app, world)  # the world's own
    client.get(f"{IMPORT_URL}?lang=en")
    cases = [
        (b"%PDF-1.4 ...", "register.pdf", "Kaari reads Excel workbooks (.xlsx) and CSV files."),
        (b"PK\x03\x04broken", "register.xlsx", "The workbook cannot be opened."),
        (b"Nimi;Email\r\n\x81\x8d\x8f\r\n", "register.csv", "The characters of the file cannot"),
        (b"\r\n;;\r\n", "register.csv", "The file has no rows."),
    ]
    for data, name, message in cases:
        assert message in _message_after(client, upload(client, data, name)), name
    assert _imports(app, world) == before


def test_a_file_with_too_many_rows_fails_in_the_reading_job_and_is_deleted(app, client, world):
    """Counting the rows is the reading job's: the upload answers at once, the
    import's page gives the reason, and the file (personal data) is not kept."""
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get(f"{IMPORT_URL}?lang=en")
    app.config["REGISTER_IMPORT_MAX_ROWS"] = 2
    try:
        response = upload(client, csv_bytes([person_row(n) for n in range(3)]))
        page = client.get(response.headers["Location"], follow_redirects=True)
    finally:
        app.config["REGISTER_IMPORT_MAX_ROWS"] = 200_000
    assert "The file has more than 2 rows." in page.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        imported = db.session.get(RegisterImport, import_id_of(response))
        assert (imported.state, imported.failure, imported.file_key) == ("failed", "rows", "")
        assert imported.read_at is None
        assert not [file for file in storage.current().files() if file.key.startswith("imports")]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    before = _imports(app, world)
    client.get(f"{IMPORT_URL}?lang=en")
    app.config["REGISTER_IMPORT_MAX_BYTES"] = 1024 * 1024
    try:
        response = upload(client, csv_bytes([person_row(n) for n in range(40_000)]))
    finally:
        app.config["REGISTER_IMPORT_MAX_BYTES"] = 50 * 1024 * 1024
    assert "The file is larger than 1 MB." in _message_after(client, response)
    assert _imports(app, world) == before


def test_a_file_larger_than_other_forms_may_send_is_accepted(app, client, world):
    """MAX_CONTENT_LENGTH (2 MB) is for the other forms; the import has its own limit."""
    client.login(world.a.coordinator.email, tenant="alpha")
    before = _imports(app, world)
    data = csv_bytes([person_row(n) for n in range(40_000)])
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    assert upload(client, data).status_code == 302
    assert _imports(app, world) == before + 1


def test_group_leaders_and_partners_may_not_import(client, world):
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(IMPORT_URL).status_code == 403
    assert "/import/" not in client.get("/alpha/staff/participants/").get_data(as_text=True)


def test_the_upload_page_costs_the_same_queries_with_1_and_20_imports(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    upload(client, csv_bytes([person_row(1)]))
    client.get(IMPORT_URL)

    def queries() -> int:
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            assert client.get(IMPORT_URL).status_code == 200
        return counter.count

    few = queries()
    for _ in range(19):
        upload(client, csv_bytes([person_row(1)]))
    assert queries() == few


def test_the_export_offers_the_excel_dialect_of_finland_beside_plain_csv(app, client, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, "Äijä; Öljynen", "aija@example.org", status="waiting")
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    listing = client.get("/alpha/staff/participants/?lang=en").get_data(as_text=True)
    assert "CSV for Excel in Finland (semicolons, UTF-8)" in listing
    assert "CSV for other programs (commas, UTF-8)" in listing
    url = "/alpha/staff/participants/export?status=waiting&columns=name&columns=email&lang=en"
    excel = client.get(url + "&format=excel_csv").get_data()
    assert excel.startswith(b"\xef\xbb\xbf")
    assert excel.decode("utf-8-sig").splitlines() == [
        "Name;Email",
        '"Äijä; Öljynen";aija@example.org',
    ]
    plain = client.get(url + "&format=csv").get_data()
    assert plain.decode("utf-8").splitlines() == ["Name,Email", "Äijä; Öljynen,aija@example.org"]
