"""Per-account backoff: a hundred failures an hour, then the account waits out the hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from kaari.accounts.models import LoginFailure
from kaari.accounts.services import FAILURE_LIMIT
from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.i18n import LANGUAGE_COOKIE
from kaari.core.scoping import tenant_scope
from tests.accounts.test_two_factor import _next_code, _set_up
from tests.helpers import PASSWORD, Client

LOCKED = (
    "Signing in to this account from a new place is paused for an hour after too many "
    "failed attempts. Your usual network or a remembered device still works."
)


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


OWNER_HOME = "192.0.2.10"  # the owner's office network (TEST-NET-1)
ATTACKER = "203.0.113.66"  # somewhere else (TEST-NET-3)


def _from(client, address: str):
    client.http.environ_base["REMOTE_ADDR"] = address
    return client


def test_guessing_from_elsewhere_slows_the_attacker_but_does_not_lock_the_owner_out(app, world):
    """Finding 8: a hundred wrong passwords from anywhere used to lock the owner out for
    an hour. Now they stop only places the account does not know."""
    email = world.a.coordinator.email
    owner = _from(Client(app), OWNER_HOME)
    owner.http.set_cookie(LANGUAGE_COOKIE, "en")
    owner.login(email, tenant="alpha")  # the owner's last good sign-in, from the office
    owner.logout()

    attacker = _from(Client(app), ATTACKER)
    attacker.http.set_cookie(LANGUAGE_COOKIE, "en")
    for guess in range(FAILURE_LIMIT + 1):
        _attempt(attacker, email, f"guess number {guess}")
    # The attacker is stopped: even the right password does not open the account for them.
    refused = _attempt(attacker, email, PASSWORD)
    assert refused.status_code == 200 and LOCKED in refused.get_data(as_text=True)

    # The owner, from another machine on the office network, signs in as usual.
    colleague_desk = _from(Client(app), "192.0.2.77")
    assert _attempt(colleague_desk, email, PASSWORD).headers["Location"] == "/alpha/staff/"
    assert colleague_desk.get("/alpha/staff/").status_code == 200

    # From a network the account has never signed in from, the hour's pause holds.
    travelling = _from(Client(app), "198.51.100.5")
    travelling.http.set_cookie(LANGUAGE_COOKIE, "en")
    assert LOCKED in _attempt(travelling, email, PASSWORD).get_data(as_text=True)


def test_a_remembered_device_gets_the_owner_in_from_any_network(app, world):
    email = world.a.coordinator.email
    owner = _from(Client(app), OWNER_HOME)
    totp, _codes = _set_up(owner, email)
    owner.submit("/alpha/login", {"email": email, "password": PASSWORD})
    owner.submit("/alpha/login/code", {"code": _next_code(totp), "remember": "y"})
    owner.logout()
    with app.app_context():
        db.session.add_all(LoginFailure(user_id=world.a.coordinator.user_id) for _ in range(200))
        db.session.commit()

    _from(owner, "198.51.100.5")  # on a trip, with the laptop the owner told to remember
    assert _attempt(owner, email, PASSWORD).headers["Location"] == "/alpha/staff/"
    assert owner.get("/alpha/staff/").status_code == 200
    # Another network without the device's cookie stays paused.
    stranger = _from(Client(app), "10.9.9.9")
    stranger.http.set_cookie(LANGUAGE_COOKIE, "en")
    assert LOCKED in _attempt(stranger, email, PASSWORD).get_data(as_text=True)
