"""A tenant admin finds in the audit log who read a person's data: entries filter by
person, staff member, action and days, and bad filters are explained."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope

LOG = "/alpha/staff/audit"


def _rows(page: str) -> int:
    """Entries shown (each names its action in <code>)."""
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<code>")


def test_an_admin_finds_who_read_a_persons_page(app, client, world):
    coordinator = client
    coordinator.login(world.a.coordinator.email, tenant="alpha")
    person = f"/alpha/staff/participants/{world.a.person_id}"
    coordinator.get(person)
    coordinator.get(person + "/subject-access.json")
    coordinator.logout()

    client.login(world.a.admin.email, tenant="alpha")
    page = client.get(f"{LOG}?person={world.a.person_id}&lang=en").get_data(as_text=True)
    assert "person.viewed" in page and "person.subject_access" in page
    assert _rows(page) == 2 and "staff.login" not in page

    by_action = client.get(f"{LOG}?action=person.subject_access").get_data(as_text=True)
    assert _rows(by_action) == 1
    by_someone = client.get(
        f"{LOG}?actor={world.a.coordinator.user_id}&action=person.viewed&lang=en"
    ).get_data(as_text=True)
    assert _rows(by_someone) == 1
    assert "<td>coordinator</td>" in by_someone  # named, not numbered

    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(TenantAuditEvent).values(at=utcnow() - timedelta(days=10)))
        db.session.commit()
    day = (utcnow() - timedelta(days=3)).date().isoformat()
    since = client.get(f"{LOG}?person={world.a.person_id}&since={day}").get_data(as_text=True)
    assert _rows(since) == 0
    until = client.get(f"{LOG}?person={world.a.person_id}&until={day}").get_data(as_text=True)
    assert _rows(until) == 2


def test_bad_filters_are_explained_keeping_what_was_typed(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    response = client.get(f"{LOG}?person=abc&since=2027-13-40&lang=en")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="2027-13-40"' in page and 'value="abc"' in page


def test_a_coordinator_cannot_read_the_audit_log(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get(LOG).status_code == 403
