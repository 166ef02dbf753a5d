"""Every form anyone may post is rate limited per address; staff at work are not."""

from __future__ import annotations

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.helpers import Client, make_person
from tests.isolation_routes import portal_link


def test_public_forms_are_limited_and_staff_work_is_not(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FORM_RATE_LIMIT", "2 per minute")
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person = make_person(tenant, "Rita Rate", "rita@example.org", status="waiting")
        db.session.commit()
        person_id = person.id
    member = Client(app)
    member.submit(portal_link(app, world.a.tenant_id, person_id))
    url = "/alpha/portal/data/requests?lang=en"
    statuses = [
        member.submit(url, {"kind": "access"}, form_url="/alpha/portal/data").status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    refused = member.submit(url, {"kind": "access"}, form_url="/alpha/portal/data")
    assert refused.status_code == 429
    assert "Please wait a moment before trying again." in refused.get_data(as_text=True)

    client.login(world.a.coordinator.email, tenant="alpha")
    notes = f"/alpha/staff/participants/{person_id}/notes"
    for number in range(4):
        response = client.submit(notes, {"kind": "note", "text": f"Note {number}"},
                                 form_url=f"/alpha/staff/participants/{person_id}")  # fmt: skip
        assert response.status_code == 302
