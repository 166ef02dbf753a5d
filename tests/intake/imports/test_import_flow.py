"""A coordinator imports the organisation's register through the pages: upload,
columns, statuses and consent, the dry run, the import (the job runs inline)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from kaari.audit.models import TenantAuditEvent
from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake.imports import jobs
from kaari.intake.imports.models import MAX_WORDS, ImportMapping, RegisterImport
from kaari.intake.models import Consent
from kaari.participants.models import Person, StatusChange
from tests.intake.imports.support import (
    IMPORT_URL,
    confirm,
    csv_bytes,
    give_details,
    import_id_of,
    map_columns,
    person_row,
    run_through,
    upload,
)


def _people(app, world) -> dict[str, Person]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        people = db.session.scalars(select(Person).where(Person.email.like("henkilo%"))).all()
        return {person.email: person for person in people}


def test_a_coordinator_imports_a_register_and_each_person_says_where_they_came_from(
    app, client, world
):
    client.login(world.a.coordinator.email, tenant="alpha")
    rows = [person_row(1), person_row(2, status="Ryhmässä", role="Mentori"), person_row(3, "")]
    response = upload(client, csv_bytes(rows))
    import_id = import_id_of(response)
    html = client.get(f"{IMPORT_URL}{import_id}/columns?lang=en").get_data(as_text=True)
    assert '<option selected value="email">' in html and '<option selected value="status">' in html
    assert map_columns(client, import_id).status_code == 302
    details = client.get(f"{IMPORT_URL}{import_id}/details?lang=en").get_data(as_text=True)
    assert "Odottaa" in details and "Ryhmässä" in details
    response = give_details(client, import_id, {"word_0": "contacted"})
    assert response.status_code == 302
    report = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "New people: 3" in report and "Errors: 0" in report
    assert _people(app, world) == {}  # the dry run wrote nothing

    assert confirm(client, import_id).status_code == 302
    done = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "The import is done: 3 new people added and 0 people updated." in done
    people = _people(app, world)
    assert {p.status for p in people.values()} == {"waiting", "in_group", "contacted"}
    first = people["henkilo1@example.fi"]
    assert (first.role, first.answers["phone"], first.municipality) == (
        "actor",
        "+358401000001",
        "Espoo",
    )
    assert people["henkilo2@example.fi"].role == "mentor"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        changes = db.session.scalars(select(StatusChange).where(StatusChange.person_id == first.id))
        history = [(c.old_status, c.new_status, c.reason) for c in changes]
        consent = db.session.scalar(select(Consent).where(Consent.person_id == first.id))
        audited = db.session.scalar(
            select(TenantAuditEvent).where(
                TenantAuditEvent.action == "person.imported",
                TenantAuditEvent.object_id == str(first.id),
            )
        )
    assert history == [("", "waiting", f"import:{import_id}")]  # created with its status
    assert consent.form == f"import-{import_id}"
    assert audited.details == {"register_import": import_id, "created": True}
    page = client.get(f"/alpha/staff/participants/{first.id}?lang=en").get_data(as_text=True)
    assert f'href="/alpha/staff/participants/import/{import_id}"' in page


def test_importing_the_same_file_again_updates_and_never_duplicates(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    run_through(client, csv_bytes([person_row(1), person_row(2)]))
    first_ids = {email: p.id for email, p in _people(app, world).items()}
    # The second file: row 1 moved, row 2 found by phone alone (no email), one new.
    second = [
        person_row(1, status="Ryhmässä"),
        ["Henkilö Kaksi", "", "+358401000002", "Aktori", "Odottaa", "Vantaa"],
        person_row(3),
    ]
    import_id = run_through(client, csv_bytes(second))
    people = _people(app, world)
    assert len(people) == 3
    assert people["henkilo1@example.fi"].id == first_ids["henkilo1@example.fi"]
    assert people["henkilo1@example.fi"].status == "in_group"
    assert people["henkilo2@example.fi"].name == "Henkilö Kaksi"
    assert people["henkilo2@example.fi"].municipality == "Vantaa"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        imported = db.session.get(RegisterImport, import_id)
        assert (imported.created_count, imported.updated_count) == (1, 2)
        moved = db.session.scalar(
            select(StatusChange).where(
                StatusChange.person_id == first_ids["henkilo1@example.fi"],
                StatusChange.new_status == "in_group",
            )
        )
        assert moved.reason == f"import:{import_id}"


def test_a_file_with_row_errors_imports_nothing_until_it_is_corrected(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    rows = [
        person_row(1),
        ["", "nimeton@example.fi", "", "Aktori", "Odottaa", "Espoo"],
        ["Huono Posti", "ei-osoite", "", "Aktori", "Odottaa", "Espoo"],
        ["Huono Puhelin", "puhelin@example.fi", "12", "Aktori", "Odottaa", "Espoo"],
        ["Tuntematon Rooli", "rooli@example.fi", "", "Kummi", "Odottaa", "Espoo"],
        ["Kaava", '=HYPERLINK("x")', "", "Aktori", "Odottaa", "Espoo"],
        ["Toinen Kerta", "henkilo1@example.fi", "", "Aktori", "Odottaa", "Espoo"],
    ]
    response = upload(client, csv_bytes(rows))
    import_id = import_id_of(response)
    map_columns(client, import_id)
    give_details(client, import_id)
    report = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "Errors: 6" in report
    for row, message in (
        (3, "The name is missing."),
        (4, "The email address is not valid."),
        (5, "The phone number is not valid."),
        (6, "The role is missing or not known."),
        (7, "The cell contains a formula."),
        (8, "The same email address is on row 2."),
    ):
        assert f"<tr><td>{row}</td>" in report and message in report, (row, message)
    assert "Import 1 rows" not in report
    response = confirm(client, import_id)
    assert _people(app, world) == {}
    assert "Correct the errors" in client.get(f"{IMPORT_URL}?lang=en").get_data(as_text=True)


def test_a_saved_mapping_is_used_for_the_next_file(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    headers = ["Kuka", "Osoite netissä", "Kännykkä", "Rooli"]
    data = csv_bytes([["Aino A", "aino@example.fi", "0401234567", "Aktori"]], headers=headers)
    import_id = import_id_of(upload(client, data))
    custom = {"column_0": "name", "column_1": "email", "column_2": "phone", "save_as": "Vanha"}
    assert map_columns(client, import_id, custom).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        saved = db.session.scalar(select(ImportMapping).where(ImportMapping.name == "Vanha"))
    assert saved.fields == {
        "kuka": "name",
        "osoite netissä": "email",
        "kännykkä": "phone",
        "rooli": "role",
    }
    second = import_id_of(upload(client, data))
    client.submit(
        f"{IMPORT_URL}{second}/saved", {"saved": saved.id}, form_url=f"{IMPORT_URL}{second}/columns"
    )
    html = client.get(f"{IMPORT_URL}{second}/columns").get_data(as_text=True)
    assert html.count('<option selected value="">') == 0


def test_the_example_file_is_recognised_column_by_column(client, world):
    from kaari.intake.imports import example
    from kaari.intake.imports.fields import proposed_mapping

    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.get(f"{IMPORT_URL}example.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data), read_only=True).active
    assert next(sheet.iter_rows(values_only=True)) == example.HEADERS
    assert "" not in proposed_mapping(list(example.HEADERS))
    assert 'href="/alpha/staff/participants/import/example.xlsx"' in client.get(
        IMPORT_URL
    ).get_data(as_text=True)


def test_the_example_file_imports_without_errors(app, client, world):
    from kaari.intake.imports import example

    client.login(world.a.coordinator.email, tenant="alpha")
    import_id = run_through(client, example.workbook(), "rekisteri-esimerkki.xlsx")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        imported = db.session.get(RegisterImport, import_id)
        assert imported.state == "done", imported.report
        assert imported.created_count == len(example.ROWS)
        count = db.session.scalar(select(func.count()).select_from(Person))
    assert count >= len(example.ROWS)


def _age(app, world, import_id: int, minutes: int) -> None:
    """The import's job last reported progress this many minutes ago."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(RegisterImport)
            .where(RegisterImport.id == import_id)
            .values(progressed_at=utcnow() - timedelta(minutes=minutes))
        )
        db.session.commit()


def test_an_import_whose_worker_died_is_failed_by_the_sweep_and_can_be_started_again(
    app, client, world, monkeypatch
):
    client.login(world.a.coordinator.email, tenant="alpha")
    import_id = import_id_of(upload(client, csv_bytes([person_row(1)])))
    map_columns(client, import_id)
    monkeypatch.setattr(jobs, "check_import", lambda *_ids: None)  # the worker dies
    give_details(client, import_id)
    page = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "Checking the rows" in page
    _age(app, world, import_id, 20)
    with app.app_context():
        assert jobs.sweep_lost_imports() == 0  # still within its time
    _age(app, world, import_id, 40)
    with app.app_context():
        assert jobs.sweep_lost_imports() == 1
        assert jobs.sweep_lost_imports() == 0
    page = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "stopped without finishing" in page and "Nothing was imported" in page
    page = client.get(f"{IMPORT_URL}{import_id}?lang=fi").get_data(as_text=True)
    assert "keskeytyi kesken" in page
    monkeypatch.undo()  # a worker again: the check runs from the details page
    assert give_details(client, import_id).status_code == 302
    assert "New people: 1" in client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    _age(app, world, import_id, 120)
    with app.app_context():
        assert jobs.sweep_lost_imports() == 0  # a checked import is not running


def test_the_file_is_read_by_a_job_and_its_columns_wait_for_it(app, client, world, monkeypatch):
    """The upload request only keeps the file and its header; counting the rows and
    collecting the status words is the reading job's, and the columns page waits."""
    client.login(world.a.coordinator.email, tenant="alpha")
    monkeypatch.setattr(jobs, "read_file", lambda *_ids: None)  # the worker has not run yet
    response = upload(client, csv_bytes([person_row(n, status=f"Tila {n % 3}") for n in range(7)]))
    import_id = import_id_of(response)
    waiting = client.get(response.headers["Location"])
    assert waiting.headers["Location"].endswith(f"/import/{import_id}")
    page = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "Reading the file" in page and 'data-refresh="3"' in page
    monkeypatch.undo()
    with app.app_context():
        jobs.read_file(import_id, world.a.tenant_id)
    assert client.get(f"{IMPORT_URL}{import_id}/columns").status_code == 200
    assert map_columns(client, import_id).status_code == 302
    details = client.get(f"{IMPORT_URL}{import_id}/details").get_data(as_text=True)
    assert all(f"Tila {n}" in details for n in range(3))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(RegisterImport, import_id).total_rows == 7


def test_a_status_column_with_more_values_than_status_words_is_refused(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    rows = [person_row(n, status=f"Tila {n}") for n in range(MAX_WORDS + 1)]
    import_id = import_id_of(upload(client, csv_bytes(rows)))
    client.get(f"{IMPORT_URL}{import_id}/columns?lang=en")
    page = map_columns(client, import_id).get_data(as_text=True)
    assert f"has more than {MAX_WORDS} different values" in page
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(RegisterImport, import_id).state == "uploaded"


def test_the_file_of_an_import_left_unfinished_is_deleted_after_a_week(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    import_id = import_id_of(upload(client, csv_bytes([person_row(1)])))
    map_columns(client, import_id)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        key = db.session.get(RegisterImport, import_id).file_key
        db.session.execute(
            update(RegisterImport)
            .where(RegisterImport.id == import_id)
            .values(created_at=utcnow() - timedelta(days=6))
        )
        db.session.commit()
    with app.app_context():
        jobs.sweep_lost_imports()
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert storage.current().exists(key)
        db.session.execute(
            update(RegisterImport)
            .where(RegisterImport.id == import_id)
            .values(created_at=utcnow() - timedelta(days=8))
        )
        db.session.commit()
    with app.app_context():
        jobs.sweep_lost_imports()
    with app.app_context(), tenant_scope(world.a.tenant_id):
        imported = db.session.get(RegisterImport, import_id)
        assert (imported.state, imported.failure, imported.file_key) == ("failed", "gone", "")
        assert not storage.current().exists(key)
    page = client.get(f"{IMPORT_URL}{import_id}?lang=en").get_data(as_text=True)
    assert "The uploaded file is no longer there. Upload it again." in page
