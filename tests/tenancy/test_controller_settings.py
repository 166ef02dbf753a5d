"""Security and retention settings are the controller's decision (issue 18, finding 4).

A coordinator could switch off the two-factor policy the admin had set and shorten or
lengthen how long personal data is kept. Now only an admin changes them, after giving
the password again, and the audit log keeps the old and the new value.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from kaari.accounts.models import StaffSession
from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.dashboard.forms import ControllerForm
from kaari.tenancy.models import Tenant
from kaari.tenancy.settings import (
    CONTROLLER_PAGE,
    DECLARED,
    PROGRAMME_PAGE,
    change_setting,
    on_page,
)
from tests.accounts.test_two_factor import _next_code, _set_up
from tests.helpers import PASSWORD
from tests.tenancy.test_settings_page import VALID as PROGRAMME

SECURITY_URL = "/alpha/staff/settings/security"
PROGRAMME_URL = "/alpha/staff/settings"
CONTROLLER = {
    "require_two_factor": "y",
    "portal_link_days": "30",
    "retention_after_arc_months": "24",
    "retention_after_exit_months": "12",
    "retention_unanswered_months": "6",
}


def _settings(app, world) -> dict:
    with app.app_context():
        return dict(db.session.get(Tenant, world.a.tenant_id).settings or {})


def _events(app, world, action: str) -> list[TenantAuditEvent]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(TenantAuditEvent).where(TenantAuditEvent.action == action)
        return list(db.session.scalars(query))


def _policy_on(app, world) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        change_setting(db.session.get(Tenant, world.a.tenant_id), "require_two_factor", True)
        db.session.commit()


def test_a_coordinator_cannot_switch_off_two_factor_or_change_retention(app, client, world):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)  # the coordinator obeys the policy
    _policy_on(app, world)
    client.submit("/alpha/login", {"email": email, "password": PASSWORD})
    client.submit("/alpha/login/code", {"code": _next_code(totp)})
    before = _settings(app, world)

    # Everything the one settings form used to take: the policy unticked, retention changed.
    attack = {
        **PROGRAMME,
        **CONTROLLER,
        "require_two_factor": "",
        "retention_after_arc_months": "1",
        "portal_link_days": "365",
    }
    assert client.submit(PROGRAMME_URL, attack).status_code == 302
    # The controller's page itself.
    tokens = client.hidden_fields(PROGRAMME_URL)
    refused = client.post(SECURITY_URL, data={**tokens, **CONTROLLER, "require_two_factor": ""})
    assert refused.status_code == 403
    assert client.get(SECURITY_URL).status_code == 403

    after = _settings(app, world)
    assert after["require_two_factor"] is True
    assert {key: after.get(key) for key in CONTROLLER} == {
        key: before.get(key) for key in CONTROLLER
    }
    assert _events(app, world, "tenant.security_settings_changed") == []


def test_an_admin_gives_the_password_again_and_the_change_is_audited(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    with app.app_context():
        db.session.execute(
            update(StaffSession).values(authenticated_at=utcnow() - timedelta(minutes=16))
        )
        db.session.commit()
    # Without a recent password the page and the form send the admin to confirm it.
    assert client.get(SECURITY_URL).headers["Location"].startswith("/account/confirm?next=")
    tokens = client.hidden_fields(PROGRAMME_URL)
    stale = client.post(
        SECURITY_URL, data={**tokens, **CONTROLLER, "retention_after_exit_months": "36"}
    )
    assert stale.headers["Location"].startswith("/account/confirm?next=")
    assert "retention_after_exit_months" not in _settings(app, world)

    client.submit(f"/account/confirm?next={SECURITY_URL}", {"password": PASSWORD})
    changed = {**CONTROLLER, "retention_after_exit_months": "36", "require_two_factor": "y"}
    assert client.submit(SECURITY_URL, changed).status_code == 302
    stored = _settings(app, world)
    assert stored["retention_after_exit_months"] == 36 and stored["require_two_factor"] is True

    [event] = _events(app, world, "tenant.security_settings_changed")
    assert event.actor_id == world.a.admin.user_id
    assert event.details["security_settings"] == {
        "retention_after_exit_months": {"old": 12, "new": 36},
        "require_two_factor": {"old": False, "new": True},
    }


def test_every_setting_is_either_the_programmes_or_the_controllers(app):
    """The domains declare which page shows a setting; the controller's page shows
    exactly the security and retention settings, and no setting is on both."""
    controller = {setting.key for setting in on_page(CONTROLLER_PAGE)}
    programme = {setting.key for setting in on_page(PROGRAMME_PAGE)}
    assert controller == set(CONTROLLER)
    assert programme == set(PROGRAMME) | {"actor_preferences"}
    # The privacy notice's version follows the notice and is on no form; the data
    # protection contact is on the controller details page with the contact details.
    contact_page = set(ControllerForm.__dict__) & set(DECLARED)
    assert contact_page == {"data_protection_contact"}
    on_a_page = programme | controller | contact_page
    assert on_a_page | {"privacy_notice_version"} == set(DECLARED)
