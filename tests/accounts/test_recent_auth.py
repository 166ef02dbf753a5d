"""Sensitive actions ask for the password (and code) again after 15 minutes; sign-in rotates."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select, update

from kaari.accounts.models import Membership, StaffSession
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from tests.accounts.test_two_factor import _next_code, _set_up
from tests.helpers import PASSWORD, Client

EXPORT = "/alpha/staff/participants/export?columns=name&lang=en"


def _sixteen_minutes_pass(app) -> None:
    """The password was given 16 minutes ago (the clock is moved in the database)."""
    with app.app_context():
        db.session.execute(
            update(StaffSession).values(authenticated_at=utcnow() - timedelta(minutes=16))
        )
        db.session.commit()


def test_a_fresh_sign_in_exports_at_once(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get(EXPORT).status_code == 200


def test_after_15_minutes_the_export_asks_for_the_password_and_comes_back(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    _sixteen_minutes_pass(app)
    response = client.get(EXPORT)
    assert response.status_code == 302
    confirm = f"/account/confirm?next={quote(EXPORT, safe='/?')}"
    assert response.headers["Location"] == confirm

    wrong = client.submit(confirm, {"password": "not my password"})
    assert wrong.status_code == 400
    right = client.submit(confirm, {"password": PASSWORD})
    assert right.headers["Location"] == EXPORT
    export = client.get(EXPORT)
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Name"]


def test_with_two_factor_the_code_is_asked_again_too(app, client, world):
    totp, recovery_codes = _set_up(client, world.a.coordinator.email)
    client.submit("/alpha/login", {"email": world.a.coordinator.email, "password": PASSWORD})
    code = _next_code(totp)
    client.submit("/alpha/login/code", {"code": code})
    _sixteen_minutes_pass(app)
    confirm = f"/account/confirm?next={quote(EXPORT, safe='/?')}"
    assert client.get(EXPORT).headers["Location"] == confirm
    # The password alone, or with the code already used, is not enough.
    assert client.submit(confirm, {"password": PASSWORD}).status_code == 400
    assert client.submit(confirm, {"password": PASSWORD, "code": code}).status_code == 400
    # A recovery code stands in for the app (a newer app code may be 30 seconds away).
    response = client.submit(confirm, {"password": PASSWORD, "code": recovery_codes[0]})
    assert response.headers["Location"] == EXPORT
    assert client.get(EXPORT).status_code == 200


def test_after_15_minutes_a_role_change_waits_for_the_password(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _sixteen_minutes_pass(app)
    url = f"/alpha/staff/members/{world.a.coordinator.membership_id}/role"
    response = client.submit(url, {"role": "partner"}, form_url="/alpha/staff/members/")
    assert response.headers["Location"].startswith("/account/confirm?next=")

    with app.app_context(), tenant_scope(world.a.tenant_id):
        role = db.session.get(Membership, world.a.coordinator.membership_id).role
    assert role == "coordinator"

    client.submit(response.headers["Location"], {"password": PASSWORD})
    response = client.submit(url, {"role": "partner"}, form_url="/alpha/staff/members/")
    assert response.headers["Location"] == "/alpha/staff/members/"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        role = db.session.get(Membership, world.a.coordinator.membership_id).role
    assert role == "partner"


def test_after_15_minutes_removing_a_member_waits_for_the_password(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _sixteen_minutes_pass(app)
    url = f"/alpha/staff/members/{world.a.partner.membership_id}/remove"
    response = client.submit(url, form_url="/alpha/staff/members/")
    assert response.headers["Location"].startswith("/account/confirm?next=")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(Membership, world.a.partner.membership_id) is not None


def test_each_sign_in_opens_a_new_server_side_session_and_a_new_cookie(app, world):
    before = Client(app)
    before.get("/login")
    anonymous_cookie = before.http.get_cookie("kaari_session").value
    before.login(world.a.admin.email, tenant="alpha")
    first_cookie = before.http.get_cookie("kaari_session").value
    before.logout()
    before.login(world.a.admin.email, tenant="alpha")
    with app.app_context():
        digests = db.session.scalars(select(StaffSession.token_digest)).all()
    assert len(set(digests)) == 2

    # The cookie from before signing in (fixation) and the first session's cookie are not in.
    for stale in (anonymous_cookie, first_cookie):
        replay = Client(app)
        replay.http.set_cookie("kaari_session", stale)
        assert replay.get("/alpha/staff/").status_code == 302


def test_a_persons_data_and_its_erasure_ask_for_the_password_again(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    _sixteen_minutes_pass(app)
    person = f"/alpha/staff/participants/{world.a.person_id}"
    for url in (person + "/subject-access.json", person + "/erase"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/confirm" in response.headers["Location"]
    assert client.get(person).status_code == 200  # reading the page itself does not ask
