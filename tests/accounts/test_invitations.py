"""Tenant admins invite staff by email; the link sets the password once."""

from __future__ import annotations

from kaari.accounts.models import Invitation
from kaari.core import db
from kaari.core.scoping import cross_tenant
from tests.helpers import first_link, read_outbox, text_body

NEW_PASSWORD = "welcome to the network 2026"


def _invite(client, world, email="new.coordinator@example.org", role="coordinator"):
    client.login(world.a.admin.email, tenant="alpha")
    return client.submit("/alpha/staff/members/", {"email": email, "role": role})


def test_an_admin_invites_a_coordinator_who_sets_a_password_and_gets_in(app, client, world, outbox):
    assert _invite(client, world).status_code == 302
    [message] = read_outbox(outbox)
    assert message["To"] == "new.coordinator@example.org"
    assert message["Reply-To"] == "coordinator@alpha.example.org"
    assert "Alpha Network" in message["Subject"]
    link = first_link(message)
    assert link.startswith("/alpha/invite/")

    client.logout()
    response = client.submit(
        link, {"name": "Nora New", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/alpha/staff/"
    assert client.get("/alpha/staff/").status_code == 200
    # The link works once.
    assert client.get(link).status_code == 404


def test_the_invitation_mail_is_in_the_tenants_language(app, client, world, outbox):
    _invite(client, world)
    [message] = read_outbox(outbox)
    assert message["Content-Language"] == "fi"
    assert "http://localhost/alpha/invite/" in text_body(message)


def test_a_too_short_password_is_refused_and_the_name_is_kept(app, client, world, outbox):
    _invite(client, world)
    link = first_link(read_outbox(outbox)[0])
    client.logout()
    response = client.submit(link, {"name": "Nora New", "password": "short", "confirm": "short"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="Nora New"' in html
    assert 'aria-invalid="true"' in html


def test_an_invitation_of_another_tenant_does_not_open_here(app, client, world, outbox):
    _invite(client, world)
    link = first_link(read_outbox(outbox)[0])
    client.logout()
    assert client.get(link.replace("/alpha/", "/beta/")).status_code == 404


def test_a_forged_token_is_refused(client, world):
    assert client.get("/alpha/invite/not-a-real-token").status_code == 404


def test_an_invitation_stores_only_a_digest_of_the_token(app, client, world, outbox):
    _invite(client, world)
    token = first_link(read_outbox(outbox)[0]).rsplit("/", 1)[1]
    with app.app_context(), cross_tenant():
        invitation = db.session.query(Invitation).one()
    assert token not in invitation.token_digest


def test_an_existing_staff_member_cannot_be_invited_twice(client, world, outbox):
    response = _invite(client, world, email=world.a.coordinator.email)
    assert response.status_code == 400
    assert read_outbox(outbox) == []


def test_only_admins_manage_staff(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get("/alpha/staff/members/").status_code == 403


def test_the_last_admin_cannot_be_removed(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    response = client.submit(
        f"/alpha/staff/members/{world.a.admin.membership_id}/remove",
        form_url="/alpha/staff/members/",
    )
    assert response.status_code == 302
    assert world.a.admin.email in client.get("/alpha/staff/members/").get_data(as_text=True)


def test_an_admin_changes_a_role(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    response = client.submit(
        f"/alpha/staff/members/{world.a.partner.membership_id}/role",
        {"role": "group_leader"},
        form_url="/alpha/staff/members/",
    )
    assert response.status_code == 302
    html = client.get("/alpha/staff/members/").get_data(as_text=True)
    row = html[html.index(world.a.partner.email) :]
    assert 'value="group_leader" selected' in row[: row.index("</tr>")]
