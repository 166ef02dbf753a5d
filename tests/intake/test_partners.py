"""Partners refer applicants through their links; they see counts, never people."""

from __future__ import annotations

import re

from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person

JOIN = {
    "role": "actor",
    "name": "Referred Rana",
    "email": "rana@example.org",
    "municipality": "Espoo",
    "language": "fi",
    "consent": "y",
}


def test_a_coordinator_adds_a_partner_and_a_link_with_a_qr_code(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.submit(
        "/alpha/staff/partners/", {"name": "Espoo Language School", "kind": "language_course"}
    )
    partner_url = response.headers["Location"]
    client.submit(partner_url, {"link-label": "Autumn course flyer"})
    page = client.get(partner_url).get_data(as_text=True)
    code = re.search(r"http://localhost/alpha/join\?ref=([\w-]+)", page).group(1)
    qr_url = re.search(r'src="(/alpha/staff/partners/\d+/links/\d+/qr\.svg)"', page).group(1)
    qr = client.get(qr_url)
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.get_data()
    assert code and "Autumn course flyer" in page


def test_people_who_join_through_a_link_are_attributed_to_the_partner(app, client, world):
    client.get("/alpha/join?ref=ref-alpha")
    client.submit("/alpha/join", JOIN, form_url="/alpha/join?ref=ref-alpha")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        person = db.session.scalar(select(Person).where(Person.email == "rana@example.org"))
    assert person.partner_id == world.a.partner_id


def test_another_tenants_code_attributes_nothing(app, client, world):
    client.submit("/alpha/join", JOIN, form_url="/alpha/join?ref=ref-beta")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        person = db.session.scalar(select(Person).where(Person.email == "rana@example.org"))
    assert person is not None and person.partner_id is None


def test_a_partner_sees_counts_by_stage_and_month_but_no_names(app, client, world):
    client.submit("/alpha/join", JOIN, form_url="/alpha/join?ref=ref-alpha")
    client.login(world.a.admin.email, tenant="alpha")
    partner_url = f"/alpha/staff/partners/{world.a.partner_id}"
    client.submit(partner_url, {"member-user_id": str(world.a.partner.user_id)})
    client.logout()

    client.login(world.a.partner.email, tenant="alpha")
    html = client.get("/alpha/staff/partners/referrals?lang=en").get_data(as_text=True)
    assert "Partner of alpha" in html
    assert "<td>Contacted</td><td>1</td>" in html
    assert re.search(r"<td>\d{4}-\d{2}</td><td>1</td>", html)
    assert "Referred Rana" not in html and "rana@example.org" not in html
    assert client.get("/alpha/staff/participants/").status_code == 403
    assert client.get(partner_url).status_code == 403
