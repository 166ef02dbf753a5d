"""TOTP two-factor sign-in: set up with a QR code, a code after the password, recovery codes."""

from __future__ import annotations

import re
import time

import pyotp
from sqlalchemy import select

from kaari.accounts.models import RecoveryCode, User
from kaari.core import db
from kaari.core.i18n import LANGUAGE_COOKIE
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import Tenant
from kaari.tenancy.settings import change_setting
from tests.helpers import PASSWORD, Client

SECRET = re.compile(r'<code class="secret">([A-Z2-7]+)</code>')
RECOVERY = re.compile(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>")


def _set_up(client: Client, email: str) -> tuple[pyotp.TOTP, list[str]]:
    """Sign in, open the setup page, add the key to an 'app' and confirm with its code."""
    client.http.set_cookie(LANGUAGE_COOKIE, "en")
    client.login(email, tenant="alpha")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "<title>QR code for your authenticator app</title>" in page
    totp = pyotp.TOTP(SECRET.search(page).group(1))
    confirmed = client.submit("/account/two-factor", {"code": totp.now()})
    assert confirmed.status_code == 200
    codes = RECOVERY.findall(confirmed.get_data(as_text=True))
    client.logout()
    return totp, codes


def _next_code(totp: pyotp.TOTP) -> str:
    """The code of the coming 30-second step: still inside the accepted window, not yet used."""
    return totp.at(time.time() + totp.interval)


def _password_step(client: Client, email: str):
    return client.submit("/alpha/login", {"email": email, "password": PASSWORD})


def test_a_coordinator_sets_up_totp_and_signs_in_with_password_then_code(app, client, world):
    email = world.a.coordinator.email
    totp, codes = _set_up(client, email)
    assert len(codes) == 10 == len(set(codes))

    first = _password_step(client, email)
    assert first.headers["Location"] == "/alpha/login/code"
    # The password alone does not open the staff pages.
    assert client.get("/alpha/staff/").status_code == 302

    second = client.submit("/alpha/login/code", {"code": _next_code(totp)})
    assert second.headers["Location"] == "/alpha/staff/"
    assert client.get("/alpha/staff/").status_code == 200


def test_setup_is_not_switched_on_by_a_wrong_code(app, client, world):
    client.http.set_cookie(LANGUAGE_COOKIE, "en")
    client.login(world.a.admin.email, tenant="alpha")
    client.get("/account/two-factor")
    response = client.submit("/account/two-factor", {"code": "000000"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, world.a.admin.user_id).totp_enabled_at is None


def test_a_wrong_code_and_a_reused_code_are_refused(app, client, world):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    _password_step(client, email)
    wrong = client.submit("/alpha/login/code", {"code": "123456"})
    assert wrong.status_code == 400
    assert "The code is not correct, or it has been used already." in wrong.get_data(as_text=True)

    code = _next_code(totp)
    assert client.submit("/alpha/login/code", {"code": code}).status_code == 302
    client.logout()

    _password_step(client, email)
    reused = client.submit("/alpha/login/code", {"code": code})
    assert reused.status_code == 400
    assert client.get("/alpha/staff/").status_code == 302


def test_a_recovery_code_works_once(app, client, world):
    email = world.a.coordinator.email
    _totp, codes = _set_up(client, email)
    _password_step(client, email)
    assert client.submit("/alpha/login/code", {"code": codes[0].upper()}).status_code == 302
    client.logout()

    _password_step(client, email)
    assert client.submit("/alpha/login/code", {"code": codes[0]}).status_code == 400
    with app.app_context():
        digests = db.session.scalars(select(RecoveryCode.code_digest)).all()
    # Stored hashed: no code is in the database as typed.
    assert not set(digests) & {c.replace("-", "") for c in codes}


def test_a_remembered_device_skips_the_code_until_the_password_changes(app, client, world):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    _password_step(client, email)
    client.submit("/alpha/login/code", {"code": _next_code(totp), "remember": "y"})
    cookie = client.http.get_cookie("kaari_device")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    client.logout()

    assert _password_step(client, email).headers["Location"] == "/alpha/staff/"

    new_password = "a new and longer passphrase"
    changed = client.submit(
        "/account/password",
        {"current": PASSWORD, "password": new_password, "confirm": new_password},
    )
    assert changed.status_code == 302
    client.logout()
    again = client.submit("/alpha/login", {"email": email, "password": new_password})
    assert again.headers["Location"] == "/alpha/login/code"


def test_the_code_step_needs_the_password_step_first(client, world):
    response = client.get("/alpha/login/code")
    assert response.headers["Location"] == "/alpha/login"


def test_switching_off_needs_the_password_and_a_code(app, client, world):
    email = world.a.coordinator.email
    totp, codes = _set_up(client, email)
    _password_step(client, email)
    client.submit("/alpha/login/code", {"code": codes[0]})  # the app's codes stay unused

    disable = "/account/two-factor/disable"
    client.submit(
        disable,
        {"password": "not my password", "code": _next_code(totp)},
        form_url="/account/two-factor",
    )
    client.submit(disable, {"password": PASSWORD}, form_url="/account/two-factor")
    with app.app_context():
        assert db.session.get(User, world.a.coordinator.user_id).two_factor
    client.submit(
        disable, {"password": PASSWORD, "code": _next_code(totp)}, form_url="/account/two-factor"
    )
    with app.app_context():
        user = db.session.get(User, world.a.coordinator.user_id)
        assert not user.two_factor and user.totp_secret is None
    client.logout()
    assert _password_step(client, email).headers["Location"] == "/alpha/staff/"


def test_with_the_policy_on_a_coordinator_without_totp_is_sent_to_setup(app, client, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        change_setting(db.session.get(Tenant, world.a.tenant_id), "require_two_factor", True)
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.get("/alpha/staff/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/two-factor"
    # A partner is not asked: the policy is for admins and coordinators.
    partner = Client(app)
    partner.login(world.a.partner.email, tenant="alpha")
    assert partner.get("/alpha/staff/").status_code == 200
    # The other tenant's policy is its own.
    other = Client(app)
    other.login(world.b.coordinator.email, tenant="beta")
    assert other.get("/beta/staff/").status_code == 200


def test_with_the_policy_on_a_coordinator_with_totp_gets_in(app, client, world):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        change_setting(db.session.get(Tenant, world.a.tenant_id), "require_two_factor", True)
        db.session.commit()
    _password_step(client, email)
    client.submit("/alpha/login/code", {"code": _next_code(totp)})
    assert client.get("/alpha/staff/").status_code == 200


def test_the_policy_is_on_the_settings_page(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    page = client.get("/alpha/staff/settings/security").get_data(as_text=True)
    assert 'name="require_two_factor"' in page


def test_the_code_step_belongs_to_the_tenant_page_of_the_password_step(app, client, world):
    email = world.a.coordinator.email
    _set_up(client, email)
    _password_step(client, email)
    response = client.get("/beta/login/code")
    assert response.headers["Location"] == "/beta/login"
    assert client.get("/alpha/staff/").status_code == 302
