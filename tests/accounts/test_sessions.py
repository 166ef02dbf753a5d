"""Server-side sessions: revocable, rotated at login, and expiring."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from kaari.accounts.models import StaffSession
from kaari.core import db
from kaari.core.db import utcnow
from tests.helpers import Client


def _cookie(client: Client) -> str:
    return client.http.get_cookie("kaari_session").value


def test_a_replayed_cookie_after_logout_is_refused(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    stolen = _cookie(client)
    client.logout()

    replay = Client(app)
    replay.http.set_cookie("kaari_session", stolen)
    response = replay.get("/alpha/staff/")
    assert response.status_code == 302
    assert "/alpha/login" in response.headers["Location"]


def test_the_session_cookie_changes_at_login(client, world):
    client.get("/login")
    before = _cookie(client)
    client.login(world.a.admin.email, tenant="alpha")
    assert _cookie(client) != before


def test_changing_the_password_signs_out_other_sessions(app, world):
    laptop, phone = Client(app), Client(app)
    laptop.login(world.a.admin.email, tenant="alpha")
    phone.login(world.a.admin.email, tenant="alpha")
    new_password = "a much better passphrase 42"
    response = laptop.submit(
        "/account/password",
        {
            "current": "correct horse battery staple",
            "password": new_password,
            "confirm": new_password,
        },
    )
    assert response.status_code == 302
    assert laptop.get("/alpha/staff/").status_code == 200
    assert phone.get("/alpha/staff/").status_code == 302


def test_removing_a_role_ends_the_persons_sessions(app, world):
    admin, coordinator = Client(app), Client(app)
    coordinator.login(world.a.coordinator.email, tenant="alpha")
    admin.login(world.a.admin.email, tenant="alpha")
    response = admin.submit(
        f"/alpha/staff/members/{world.a.coordinator.membership_id}/remove",
        form_url="/alpha/staff/members/",
    )
    assert response.status_code == 302
    assert coordinator.get("/alpha/staff/").status_code == 302


def _age_sessions(app, **changes) -> None:
    with app.app_context():
        db.session.execute(update(StaffSession).values(**changes))
        db.session.commit()


def test_an_idle_session_expires(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _age_sessions(app, last_seen_at=utcnow() - timedelta(minutes=31))
    assert client.get("/alpha/staff/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(StaffSession.revoked_at)) is not None


def test_a_session_ends_after_twelve_hours_even_when_active(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _age_sessions(app, created_at=utcnow() - timedelta(hours=12, minutes=1))
    assert client.get("/alpha/staff/").status_code == 302


def test_an_active_session_stays_alive(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _age_sessions(app, last_seen_at=utcnow() - timedelta(minutes=29))
    assert client.get("/alpha/staff/").status_code == 200


def test_session_cookies_are_httponly_and_lax(client, world):
    response = client.login(world.a.admin.email, tenant="alpha")
    header = next(
        value for value in response.headers.getlist("Set-Cookie") if "kaari_session=" in value
    )
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
