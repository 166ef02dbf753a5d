"""The coordinator's register: find people, read a person (audit-logged), change
status with history, write notes; the list costs the same queries at any size."""

from __future__ import annotations

import re

from sqlalchemy import func, insert, select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person, StatusChange, searchable_text
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person


def _add_people(app, world, count: int, start: int = 0) -> None:
    rows = [
        {
            "tenant_id": world.a.tenant_id,
            "role": ("actor", "mentor")[n % 2],
            "name": f"Person {n}",
            "email": f"p{n}@example.org",
            "municipality": ("Espoo", "Vantaa")[n % 2],
            "status": ("registered", "waiting")[n % 2],
            "language": "fi",
            "question": "",
            "wants_job_placement": False,
            "answers": {},
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        for n in range(start, start + count)
    ]
    for row in rows:  # a bulk insert skips the mapper event that keeps the search text
        row["search_text"] = searchable_text(Person(**row))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(insert(Person), rows)
        db.session.commit()


def _queries(app, client, url: str) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_the_list_costs_the_same_queries_with_10_and_1000_people(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    url = "/alpha/staff/participants/?role=actor&q=person"
    client.get(url)
    _add_people(app, world, 10)
    small = _queries(app, client, url)
    _add_people(app, world, 990, start=10)
    large = _queries(app, client, url)
    assert large == small
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", client.get(url).get_data(as_text=True))
    assert "501" in caption.group(1)  # half of the thousand, and the world's actor


def test_filters_and_search_narrow_the_list(app, client, world):
    _add_people(app, world, 6)
    client.login(world.a.coordinator.email, tenant="alpha")
    html = client.get("/alpha/staff/participants/?status=waiting&q=vantaa").get_data(as_text=True)
    assert "Person 1<" in html and "Person 3<" in html
    assert "Person 2<" not in html and "Person of alpha" not in html


def test_reading_a_person_is_audit_logged(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get(f"/alpha/staff/participants/{world.a.person_id}").status_code == 200
    with app.app_context(), tenant_scope(world.a.tenant_id):
        event = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "person.viewed")
        )
    assert (event.actor_id, event.object_id) == (
        world.a.coordinator.user_id,
        str(world.a.person_id),
    )


def test_a_status_change_is_kept_in_the_history_and_exits_need_a_reason(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/participants/{world.a.person_id}"
    client.submit(f"{url}/status", {"status": "withdrawn", "reason": ""}, form_url=url)
    client.submit(f"{url}/status", {"status": "waiting"}, form_url=url)
    client.submit(f"{url}/status", {"status": "withdrawn", "reason": "Moved abroad"}, form_url=url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        steps = db.session.execute(
            select(StatusChange.new_status, StatusChange.reason, StatusChange.changed_by_id)
        ).all()
    assert [tuple(step) for step in steps] == [
        ("waiting", "", world.a.coordinator.user_id),
        ("withdrawn", "Moved abroad", world.a.coordinator.user_id),
    ]
    assert "Moved abroad" in client.get(url).get_data(as_text=True)


def test_notes_are_kept_with_author_and_date(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/participants/{world.a.person_id}"
    client.submit(f"{url}/notes", {"kind": "interview", "text": "Strong motivation."}, form_url=url)
    html = client.get(url).get_data(as_text=True)
    assert "Strong motivation." in html and "coordinator" in html


def test_partners_and_group_leaders_do_not_see_the_register(app, client, world):
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get("/alpha/staff/participants/").status_code == 403
    assert client.get(f"/alpha/staff/participants/{world.a.person_id}").status_code == 403


def test_make_person_helper_is_scoped(app, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.b.tenant_id)
        person = make_person(tenant, "Beta Two", "two@beta.example.org")
        db.session.commit()
    assert person.tenant_id == world.b.tenant_id


def test_a_broad_search_says_more_than_and_still_pages_on(app, client, world, monkeypatch):
    monkeypatch.setattr("kaari.participants.services.COUNT_CAP", 60)
    _add_people(app, world, 130)
    client.login(world.a.coordinator.email, tenant="alpha")
    html = client.get("/alpha/staff/participants/?q=person&lang=en").get_data(as_text=True)
    assert "More than 60 people" in html
    third = client.get("/alpha/staff/participants/?q=person&page=3&lang=en").get_data(as_text=True)
    assert third.count('href="/alpha/staff/participants/') >= 30  # rows 101-131 are there


def test_the_filtered_list_exports_as_csv_with_chosen_columns_and_inert_formulas(
    app, client, world
):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, '=HYPERLINK("http://evil")', "f@example.org", status="waiting")
        make_person(tenant, "Calm Person", "c@example.org", status="registered")
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.get(
        "/alpha/staff/participants/export?status=waiting&columns=name&columns=email&lang=en"
    )
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Name,Email"
    assert lines[1:] == ['"\'=HYPERLINK(""http://evil"")",f@example.org']
    with app.app_context(), tenant_scope(world.a.tenant_id):
        event = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "people.exported")
        )
    assert event.details["columns"] == ["name", "email"]
    assert event.details["filters"] == {"status": "waiting"}


def test_the_list_exports_as_xlsx(app, client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.get("/alpha/staff/participants/export?format=xlsx&columns=name&columns=role")
    sheet = load_workbook(BytesIO(response.get_data())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2 and values[1][0] == "Person of alpha"


def test_the_export_contains_nothing_of_another_tenant(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    text = client.get("/alpha/staff/participants/export?columns=email").get_data(as_text=True)
    assert "person@alpha.example.org" in text and "beta" not in text


def test_a_coordinator_changes_the_status_of_several_people_at_once(app, client, world):
    _add_people(app, world, 4)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        ids = db.session.scalars(select(Person.id).where(Person.status == "registered")).all()
    client.login(world.a.coordinator.email, tenant="alpha")
    data = {
        "person_ids": [str(i) for i in ids],
        "status": "waiting",
        "reason": "",
        "back": "role=actor",
    }
    response = client.submit(
        "/alpha/staff/participants/bulk-status", data, form_url="/alpha/staff/participants/"
    )
    assert response.headers["Location"].endswith("/alpha/staff/participants/?role=actor")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        statuses = set(db.session.scalars(select(Person.status).where(Person.id.in_(ids))))
        history = db.session.scalar(select(func.count()).select_from(StatusChange))
    assert statuses == {"waiting"} and history == len(ids)


def test_bulk_changes_skip_ids_of_another_tenant(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    data = {"person_ids": [str(world.b.person_id)], "status": "withdrawn", "reason": "x"}
    client.submit(
        "/alpha/staff/participants/bulk-status", data, form_url="/alpha/staff/participants/"
    )
    with app.app_context(), tenant_scope(world.b.tenant_id):
        assert db.session.get(Person, world.b.person_id).status == "registered"


def test_a_search_is_saved_and_used_again(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(
        "/alpha/staff/participants/saved",
        {"name": "Actors in Vantaa", "query": "role=actor&q=vantaa"},
        form_url="/alpha/staff/participants/",
    )
    html = client.get("/alpha/staff/participants/").get_data(as_text=True)
    assert 'href="/alpha/staff/participants/?role=actor&amp;q=vantaa">Actors in Vantaa' in html
    assert "Waiting in beta" not in html


def test_a_search_for_a_name_leaves_no_name_in_the_audit_log(app, client, world):
    """A coordinator looks a person up by name and exports the hits; the person is
    then erased. The audit log, which outlives erasure, must not keep the name."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person_id = make_person(
            tenant, "Zofia Wiśniewska", "zofia@example.org", municipality="Kerava"
        ).id
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    found = client.get("/alpha/staff/participants/?q=Wiśniewska&municipality=Kerava")
    assert "Zofia" in found.get_data(as_text=True)
    client.get("/alpha/staff/participants/export?q=Wiśniewska&municipality=Kerava&columns=name")
    erase = f"/alpha/staff/participants/{person_id}/erase"
    assert client.submit(erase, {"confirm": "y"}).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        events = db.session.scalars(select(TenantAuditEvent)).all()
    logged = repr([(e.action, e.object_id, e.details) for e in events])
    assert "people.exported" in logged and "person.erased" in logged
    assert "wiśniewska" not in logged.lower() and "kerava" not in logged.lower()
    exported = next(e for e in events if e.action == "people.exported")
    assert exported.details["filters"] == {"q": True, "municipality": True}
