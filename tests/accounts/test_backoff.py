"""Per-account backoff: a hundred failures an hour, then the account waits out the hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from kaari import db
from kaari.accounts.models import LoginFailure
from kaari.accounts.services import FAILURE_LIMIT
from kaari.audit.models import TenantAuditEvent
from kaari.db import utcnow
from kaari.i18n import LANGUAGE_COOKIE
from kaari.tenancy.scoping import tenant_scope
from tests.helpers import PASSWORD

LOCKED = "Signing in to this account is paused for an hour after too many failed attempts."


def _attempt(client, email: str, password: str):
    return client.submit("/alpha/login", {"email": email, "password": password})


def test_the_101st_attempt_is_refused_even_with_the_right_password_until_the_hour_is_over(
    app, client, world, monkeypatch
):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1000 per minute")
    client.http.set_cookie(LANGUAGE_COOKIE, "en")
    email = world.a.coordinator.email
    for guess in range(FAILURE_LIMIT):
        assert _attempt(client, email, f"guess number {guess}").status_code == 200

    refused = _attempt(client, email, PASSWORD)
    assert refused.status_code == 200
    assert LOCKED in refused.get_data(as_text=True)
    assert client.get("/alpha/staff/").status_code == 302

    # The lock is audited once, in the tenant's log, when the limit was reached.
    with app.app_context(), tenant_scope(world.a.tenant_id):
        actions = db.session.scalars(select(TenantAuditEvent.action)).all()
    assert actions.count("account.locked") == 1

    # An hour later the failures have aged out and the right password works.
    with app.app_context():
        db.session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=61)))
        db.session.commit()
    assert _attempt(client, email, PASSWORD).status_code == 302
    assert client.get("/alpha/staff/").status_code == 200


def test_a_successful_sign_in_does_not_give_an_attacker_a_fresh_count(app, client, world):
    email = world.a.admin.email
    _attempt(client, email, "a wrong guess here")
    client.login(email, tenant="alpha")
    with app.app_context():
        assert db.session.scalar(select(func.count(LoginFailure.id))) == 1


def test_another_account_is_not_affected(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1000 per minute")
    with app.app_context():
        db.session.add_all(
            LoginFailure(user_id=world.a.coordinator.user_id) for _ in range(FAILURE_LIMIT)
        )
        db.session.commit()
    assert _attempt(client, world.a.coordinator.email, PASSWORD).status_code == 200
    assert _attempt(client, world.a.admin.email, PASSWORD).status_code == 302
