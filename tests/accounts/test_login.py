"""Staff sign in and out; wrong credentials never say which part was wrong."""

from __future__ import annotations

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.extensions import limiter
from kaari.core.scoping import tenant_scope
from tests.helpers import PASSWORD


def test_a_coordinator_signs_in_on_the_tenant_page_and_reaches_the_dashboard(client, world):
    response = client.login(world.a.coordinator.email, tenant="alpha")
    assert response.headers["Location"] == "/alpha/staff/"
    page = client.get("/alpha/staff/")
    assert page.status_code == 200
    assert "Alpha Network" in page.get_data(as_text=True)


def test_the_login_is_audited_in_the_tenant_log(client, world, app):
    client.login(world.a.coordinator.email, tenant="alpha")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        actions = db.session.scalars(select(TenantAuditEvent.action)).all()
    assert "login" in actions


def test_wrong_password_and_unknown_email_get_the_same_answer(client, world):
    wrong_password = client.submit(
        "/login", {"email": world.a.coordinator.email, "password": "not the password"}
    )
    unknown_email = client.submit("/login", {"email": "nobody@example.org", "password": PASSWORD})
    assert wrong_password.status_code == unknown_email.status_code == 200

    def message(response):
        html = response.get_data(as_text=True)
        return html[html.index('class="flash') : html.index("</p>", html.index('class="flash'))]

    assert message(wrong_password) == message(unknown_email)


def test_staff_of_another_tenant_cannot_sign_in_on_this_tenants_page(client, world):
    response = client.submit(
        "/alpha/login", {"email": world.b.coordinator.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/alpha/staff/").status_code == 302


def test_the_email_typed_is_kept_after_a_failed_login(client, world):
    response = client.submit("/login", {"email": "someone@example.org", "password": "x"})
    assert 'value="someone@example.org"' in response.get_data(as_text=True)


def test_after_login_the_next_page_is_followed_only_on_this_site(client, world):
    token = client.csrf_token("/login")
    data = {"csrf_token": token, "email": world.a.admin.email, "password": PASSWORD}
    response = client.post("/login?next=//evil.example.org/", data=data)
    assert response.headers["Location"] == "/alpha/staff/"


def test_a_user_of_several_tenants_chooses_the_organisation(client, world, app):
    from kaari.tenancy.models import Tenant
    from tests.helpers import make_staff

    with app.app_context():
        make_staff(
            db.session.get(Tenant, world.b.tenant_id), world.a.coordinator.email, "coordinator"
        )
        db.session.commit()
    response = client.login(world.a.coordinator.email)
    assert response.headers["Location"] == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "/alpha/staff/" in page and "/beta/staff/" in page


def test_login_is_rate_limited_per_address(client, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    limiter.reset()
    statuses = [
        client.submit("/login", {"email": world.a.admin.email, "password": "wrong"}).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    limiter.reset()


def test_signing_out_ends_the_session(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    assert client.get("/alpha/staff/").status_code == 200
    response = client.logout()
    assert response.status_code == 302
    assert client.get("/alpha/staff/").status_code == 302
