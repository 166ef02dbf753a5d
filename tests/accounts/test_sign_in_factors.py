"""Changing sign-in factors (issue 18, finding 5): a session alone is not enough.

Someone who sits down at a signed-in browser (or holds a stolen session cookie) could
bind their own authenticator app to the account, or switch two-factor sign-in off with
the password alone. Now a new key needs the password given within the last 15 minutes,
and switching off needs the password and a current code or a recovery code.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from kaari.accounts.models import StaffSession, User
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.i18n import LANGUAGE_COOKIE
from tests.accounts.test_two_factor import SECRET, _next_code, _set_up
from tests.helpers import PASSWORD

SETUP = "/account/two-factor"
DISABLE = "/account/two-factor/disable"


def _sixteen_minutes_pass(app) -> None:
    with app.app_context():
        db.session.execute(
            update(StaffSession).values(authenticated_at=utcnow() - timedelta(minutes=16))
        )
        db.session.commit()


def _user(app, world) -> User:
    with app.app_context():
        user = db.session.get(User, world.a.coordinator.user_id)
        db.session.expunge(user)
        return user


def test_a_new_key_is_not_shown_or_enrolled_without_the_password_given_lately(app, client, world):
    client.http.set_cookie(LANGUAGE_COOKIE, "en")
    client.login(world.a.coordinator.email, tenant="alpha")
    _sixteen_minutes_pass(app)

    page = client.get(SETUP)
    assert page.headers["Location"] == f"/account/confirm?next={SETUP}"
    tokens = client.hidden_fields("/account/password")
    enrol = client.post(SETUP, data={**tokens, "code": "123456"})
    assert enrol.headers["Location"].startswith("/account/confirm?next=")
    assert _user(app, world).totp_secret is None  # no key was even made

    # With the password given again, the key is shown and can be confirmed.
    client.submit(f"/account/confirm?next={SETUP}", {"password": PASSWORD})
    shown = client.get(SETUP).get_data(as_text=True)
    assert SECRET.search(shown)


def test_switching_off_with_the_password_alone_is_refused_and_a_recovery_code_does_it(
    app, client, world
):
    email = world.a.coordinator.email
    totp, codes = _set_up(client, email)
    client.submit("/alpha/login", {"email": email, "password": PASSWORD})
    client.submit("/alpha/login/code", {"code": _next_code(totp)})

    refused = client.submit(DISABLE, {"password": PASSWORD}, form_url=SETUP)
    assert refused.headers["Location"] == SETUP
    wrong_code = client.submit(DISABLE, {"password": PASSWORD, "code": "000000"}, form_url=SETUP)
    assert wrong_code.headers["Location"] == SETUP
    wrong_password = client.submit(
        DISABLE, {"password": "not my password", "code": codes[1]}, form_url=SETUP
    )
    assert wrong_password.headers["Location"] == SETUP
    assert _user(app, world).two_factor

    done = client.submit(DISABLE, {"password": PASSWORD, "code": codes[1]}, form_url=SETUP)
    assert done.headers["Location"] == "/account"
    user = _user(app, world)
    assert not user.two_factor and user.totp_secret is None
