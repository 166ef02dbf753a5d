"""Coordinators mail participants by role and status; the mail shows in each person's history."""

from __future__ import annotations

import re

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.helpers import make_person, read_outbox, send_mailing


def test_a_mailing_reaches_the_chosen_participants_and_their_history(app, client, world, outbox):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, "Mentor Waiting", "mentor@example.org", role="mentor", status="waiting")
        make_person(
            tenant,
            "Actor Waiting",
            "actor@example.org",
            role="actor",
            status="waiting",
            language="en",
        )
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    form = {
        "audience": "participants",
        "options_participants": ["role:actor", "status:waiting"],
        "subject_fi": "Ryhmä alkaa",
        "body_fi": "Tervetuloa",
        "subject_en": "The group starts",
        "body_en": "Welcome",
    }
    response = send_mailing(client, form)
    assert response.status_code == 302
    [message] = read_outbox(outbox)  # the actor who waits; not the mentor, not the registered actor
    assert (message["To"], message["Subject"]) == ("actor@example.org", "The group starts")

    listing = client.get("/alpha/staff/participants/?q=actor%20waiting").get_data(as_text=True)
    person_id = re.search(r'href="/alpha/staff/participants/(\d+)"', listing).group(1)
    page = client.get(f"/alpha/staff/participants/{person_id}").get_data(as_text=True)
    assert "The group starts" in page
