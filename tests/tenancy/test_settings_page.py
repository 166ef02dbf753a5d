"""A coordinator changes the network's timetable and reminder settings on a staff
page; bad values are explained and nothing typed is lost."""

from __future__ import annotations

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import Tenant
from tests.helpers import make_staff

URL = "/alpha/staff/settings"
VALID = {
    "timezone": "Europe/Stockholm",
    "arc_months": "10",
    "blackout_dates": "1.3.2027, 15.4.-20.4.2027",
    "expected_wait_months": "4",
    "registration_reminder_days": "21",
    "reconfirm_after_days": "60",
    "invitation_reminder_days": "5",
    "nudge_after_weeks": "0",
    "survey_reminder_days": "7",
    "follow_up_months": "12, 6",
    "pack_diary_pages": "8",
}


def _settings(app, world) -> dict:
    with app.app_context():
        return dict(db.session.get(Tenant, world.a.tenant_id).settings or {})


def test_a_coordinator_changes_the_settings(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(URL + "?lang=en").get_data(as_text=True)
    assert 'value="Europe/Helsinki"' in page and 'value="3, 6, 12"' in page
    assert client.submit(URL, {**VALID, "actor_preferences": "y"}).status_code == 302
    stored = _settings(app, world)
    assert stored["timezone"] == "Europe/Stockholm"
    assert stored["registration_reminder_days"] == 21
    assert stored["follow_up_months"] == [6, 12]
    assert stored["blackout_dates"] == "1.3.2027, 15.4.-20.4.2027"  # as typed
    assert stored["nudge_after_weeks"] == 0 and stored["actor_preferences"] is True
    assert "survey_reminder_days" not in stored  # a default is not stored
    with app.app_context(), tenant_scope(world.a.tenant_id):
        event = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "tenant.settings_changed")
        )
        assert event.details["settings"]["arc_months"] == {"old": 9, "new": 10}


def test_bad_settings_are_explained_keeping_the_input(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    bad = {
        **VALID,
        "timezone": "Mars/Olympus",
        "follow_up_months": "3, soon",
        "arc_months": "0",
    }
    response = client.submit(URL + "?lang=en", bad, form_url=URL)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a time zone such as Europe/Helsinki." in page
    assert "Write whole months separated by commas, e.g. 3, 6, 12." in page
    assert 'value="Mars/Olympus"' in page and 'value="3, soon"' in page
    assert _settings(app, world) == {}


def test_group_leaders_cannot_open_the_settings(app, client, world):
    with app.app_context():
        make_staff(
            db.session.get(Tenant, world.a.tenant_id), "lea@alpha.example.org", "group_leader"
        )
        db.session.commit()
    client.login("lea@alpha.example.org", tenant="alpha")
    assert client.get(URL).status_code == 403
