"""A participant asks in the portal for a copy of their data, or for its erasure; the
admins see each request with its due date (a month) until it is answered; a copy goes
out as a download link that works for a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.months import add_months
from kaari.core.scoping import tenant_scope
from kaari.participants.models import DataRequest, Person
from kaari.tenancy.models import Tenant
from tests.helpers import Client, first_link, make_person, read_outbox, text_body
from tests.isolation_routes import portal_link

LIST = "/alpha/staff/participants/requests/"


@pytest.fixture
def aino(app, world) -> int:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person = make_person(tenant, "Aino Äkäslompolo", "aino@example.org", status="waiting")
        db.session.commit()
        return person.id


def _portal(app, world, person_id: int) -> Client:
    member = Client(app)
    assert member.submit(portal_link(app, world.a.tenant_id, person_id)).status_code == 302
    return member


def _ask(member: Client, kind: str):
    return member.submit("/alpha/portal/data/requests?lang=en", {"kind": kind},
                         form_url="/alpha/portal/data")  # fmt: skip


def test_a_copy_asked_for_in_the_portal_reaches_the_person(app, client, world, aino, outbox):
    member = _portal(app, world, aino)
    response = _ask(member, "access")
    assert response.status_code == 302
    page = member.get("/alpha/portal/data?lang=en").get_data(as_text=True)
    assert "We have received your request. We will answer by" in page
    _ask(member, "access")  # asking twice makes one request

    client.login(world.a.admin.email, tenant="alpha")
    listing = client.get(LIST + "?lang=en").get_data(as_text=True)
    assert listing.count("Send a download link") == 1  # one request, however often asked
    assert "Aino Äkäslompolo" in listing
    with app.app_context(), tenant_scope(world.a.tenant_id):
        request = db.session.scalar(select(DataRequest).where(DataRequest.person_id == aino))
        assert request.due_at == add_months(request.received_at, 1)
    assert client.submit(f"{LIST}{request.id}/answer", form_url=LIST).status_code == 302
    assert "Aino Äkäslompolo" not in client.get(LIST).get_data(as_text=True)  # answered

    mail = [m for m in read_outbox(outbox) if m["To"] == "aino@example.org"][-1]
    assert "7 days" in text_body(mail) or "7 päivää" in text_body(mail)
    link = first_link(mail)
    stranger = Client(app)
    assert stranger.get(link).status_code == 200
    copy = stranger.get(link.split("?")[0] + "/data.json").get_json()
    assert copy["data"]["people.id"]["rows"][0]["name"] == "Aino Äkäslompolo"
    assert copy["data"]["data_requests.person_id"]["rows"][0]["kind"] == "access"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(DataRequest).values(link_expires_at=utcnow()))
        db.session.commit()
    assert stranger.get(link).status_code == 404  # a week later


def test_an_erasure_request_is_answered_by_erasing(app, client, world, aino):
    _ask(_portal(app, world, aino), "erasure")
    client.login(world.a.coordinator.email, tenant="alpha")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(DataRequest.id).where(DataRequest.person_id == aino)
        request_id = db.session.scalar(query.where(DataRequest.kind == "erasure"))
    response = client.submit(f"{LIST}{request_id}/answer", form_url=LIST)
    erase_page = f"/alpha/staff/participants/{aino}/erase"
    assert response.headers["Location"].endswith(erase_page)
    assert client.submit(erase_page, {"confirm": "y"}).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(Person, aino).erased_at is not None
        assert db.session.get(DataRequest, request_id).answered_at is not None


def test_a_correction_asked_for_is_listed_until_marked_answered(app, client, world, aino):
    member = _portal(app, world, aino)
    member.submit("/alpha/portal/data", {"message": "Sukunimeni on Äkäslompolo-Virtanen"})
    client.login(world.a.admin.email, tenant="alpha")
    listing = client.get(LIST + "?lang=en").get_data(as_text=True)
    assert "Sukunimeni on Äkäslompolo-Virtanen" in listing
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(DataRequest).values(due_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        request_id = db.session.scalar(select(DataRequest.id).where(DataRequest.person_id == aino))
    assert "Overdue since" in client.get(LIST + "?lang=en").get_data(as_text=True)
    client.submit(f"{LIST}{request_id}/answer", form_url=LIST)
    assert "Äkäslompolo-Virtanen" not in client.get(LIST).get_data(as_text=True)


def test_staff_record_a_request_that_came_by_phone(app, client, world, aino):
    client.login(world.a.coordinator.email, tenant="alpha")
    person_page = f"/alpha/staff/participants/{aino}"
    response = client.submit(f"{LIST}people/{aino}", {"kind": "access"}, form_url=person_page)
    assert response.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(DataRequest.source).where(DataRequest.person_id == aino)
        assert db.session.scalars(query).all() == ["staff"]


def test_a_request_is_due_one_calendar_month_after_receipt():
    assert add_months(datetime(2027, 1, 31, 9, tzinfo=UTC), 1) == datetime(2027, 2, 28, 9,
                                                                              tzinfo=UTC)  # fmt: skip
    assert add_months(datetime(2027, 12, 15, tzinfo=UTC), 1) == datetime(2028, 1, 15, tzinfo=UTC)
    assert add_months(datetime(2028, 1, 31, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
