"""Platform admins create, close and staff organisations; nobody else may."""

from __future__ import annotations

from sqlalchemy import select

from kaari.accounts import services as accounts
from kaari.audit.models import PlatformAuditEvent
from kaari.core import db
from tests.helpers import PASSWORD, first_link, read_outbox


def _platform_admin(app, client):
    with app.app_context():
        accounts.create_user(
            "root@kaari.example.org", password=PASSWORD, platform_role="platform_admin"
        )
        db.session.commit()
    client.login("root@kaari.example.org")
    return client


def test_a_platform_admin_creates_a_tenant_and_invites_its_first_admin(app, client, outbox):
    _platform_admin(app, client)
    response = client.submit(
        "/platform/",
        {
            "name": "Gamma Network",
            "slug": "gamma",
            "default_language": "sv",
            "languages": ["fi", "sv"],
        },
    )
    assert response.headers["Location"] == "/platform/tenants/gamma"
    assert client.get("/gamma/").status_code == 404  # a preview for its own staff only

    response = client.submit("/platform/tenants/gamma", {"email": "boss@gamma.example.org"})
    assert response.status_code == 302
    [message] = read_outbox(outbox)
    assert message["Content-Language"] == "sv"
    link = first_link(message)
    client.logout()
    password = "the first admin's password"
    client.submit(link, {"name": "Boss", "password": password, "confirm": password})
    assert client.get("/gamma/staff/members/").status_code == 200
    assert client.get("/gamma/").status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(PlatformAuditEvent.action)).all()
    assert "tenant.created" in actions


def test_a_taken_or_reserved_address_is_refused_and_the_form_keeps_its_values(app, client, world):
    _platform_admin(app, client)
    for slug in ("alpha", "platform", "Bad Slug"):
        response = client.submit(
            "/platform/",
            {"name": "Copy", "slug": slug, "default_language": "fi", "languages": ["fi"]},
        )
        assert response.status_code == 400, slug
        assert 'value="Copy"' in response.get_data(as_text=True)


def test_closing_a_tenant_hides_it(app, client, world):
    _platform_admin(app, client)
    client.submit("/platform/tenants/alpha/enabled", form_url="/platform/tenants/alpha")
    assert client.get("/alpha/").status_code == 404
    client.submit("/platform/tenants/alpha/enabled", form_url="/platform/tenants/alpha")
    assert client.get("/alpha/").status_code == 200


def test_tenant_staff_and_analysts_cannot_use_the_platform_pages(app, client, world):
    client.login(world.a.admin.email)
    assert client.get("/platform/").status_code == 403
    client.logout()
    with app.app_context():
        accounts.create_user(
            "analyst@kaari.example.org", password=PASSWORD, platform_role="national_analyst"
        )
        db.session.commit()
    client.login("analyst@kaari.example.org")
    assert client.get("/platform/").status_code == 403


def test_the_cli_bootstraps_a_platform_admin(app, client):
    result = app.test_cli_runner().invoke(
        args=["users", "create-platform-admin", "first@kaari.example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert client.login("first@kaari.example.org").headers["Location"] == "/platform/"


def test_a_platform_admin_reads_the_shared_rule_sets(app, client):
    from kaari.matching.rulesets import publish_shipped

    with app.app_context():
        publish_shipped()
        db.session.commit()
    _platform_admin(app, client)
    html = client.get("/platform/rule-sets?lang=en").get_data(as_text=True)
    assert "standard v1" in html and "women v1" in html and "Occupation" in html
    assert "Criteria of Standard rules" in html  # the key is in the heading, for publishers
