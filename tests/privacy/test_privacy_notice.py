"""Every wording of a network's privacy notice is kept: the public page shows the one
in force and lists earlier ones, and a participant sees in the portal which version
they accepted and when, with that very wording a click away."""

from __future__ import annotations

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.intake.models import Consent
from kaari.tenancy.models import Tenant
from tests.helpers import Client, make_person
from tests.isolation_routes import portal_link

TEXTS = "/alpha/staff/texts"


def test_earlier_wordings_stay_readable(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    client.submit(TEXTS, {"privacy_notice__fi": "Ensimmäinen sanamuoto."})
    client.submit(TEXTS, {"privacy_notice__fi": "Toinen sanamuoto."})
    client.logout()

    now = client.get("/alpha/privacy?lang=en").get_data(as_text=True)
    assert "Toinen sanamuoto." in now and "Version 3" in now
    assert "Earlier wordings" in now and "/alpha/privacy/2" in now and "/alpha/privacy/1" in now
    earlier = client.get("/alpha/privacy/2?lang=en").get_data(as_text=True)
    assert "Ensimmäinen sanamuoto." in earlier and "Toinen sanamuoto." not in earlier
    assert "This is an earlier wording (version 2)" in earlier
    first = client.get("/alpha/privacy/1?lang=en").get_data(as_text=True)
    assert "keeps a register of the people" in first  # Kaari's own wording
    assert client.get("/alpha/privacy/9").status_code == 404


def test_a_participant_sees_the_version_they_accepted(app, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person = make_person(tenant, "Saga Sund", "saga@example.org", status="waiting")
        with tenant_scope(tenant.id):
            db.session.add(Consent(person_id=person.id, notice_version=1, form="contact"))
        db.session.commit()
        person_id = person.id
    member = Client(app)
    member.submit(portal_link(app, world.a.tenant_id, person_id))
    page = member.get("/alpha/portal/data?lang=en").get_data(as_text=True)
    assert "You accepted the privacy notice, version 1, on" in page
    assert 'href="/alpha/privacy/1"' in page
