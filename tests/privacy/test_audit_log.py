"""A tenant admin finds in the audit log who read a person's data: entries filter by
person, staff member, action and days, and bad filters are explained."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from tests.helpers import QueryCounter, pager_link

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


def _add_entries(app, world, count: int, start: int = 0) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for n in range(start, start + count):
            action = "test.even" if n % 2 == 0 else "test.odd"
            db.session.add(TenantAuditEvent(action=action, object_type="Note", object_id=str(n)))
        db.session.commit()


def _objects(page: str) -> list[str]:
    return re.findall(r"<td>Note (\d+)</td>", page)


def test_the_log_does_not_grow_statements_with_entries(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    _add_entries(app, world, 5)
    client.get(LOG)
    with QueryCounter(app.extensions["kaari_engine"]) as small:
        client.get(LOG)
    _add_entries(app, world, 55, start=5)
    with QueryCounter(app.extensions["kaari_engine"]) as large:
        page = client.get(LOG).get_data(as_text=True)
    assert large.count == small.count and _rows(page) == 50


def test_an_admin_pages_back_through_a_filtered_log(app, client, world):
    _add_entries(app, world, 230)
    client.login(world.a.admin.email, tenant="alpha")
    first = client.get(f"{LOG}?action=test.even&lang=en").get_data(as_text=True)
    evens = [str(n) for n in range(228, -1, -2)]  # 115 entries, newest first
    assert _objects(first) == evens[:50]
    second = client.get(pager_link(first, "Next")).get_data(as_text=True)
    assert "action=test.even" in pager_link(first, "Next")
    assert _objects(second) == evens[50:100]
    third = client.get(pager_link(second, "Next")).get_data(as_text=True)
    assert _objects(third) == evens[100:] and "Next" not in third.split("</table>")[-1]
    last = client.get(pager_link(first, "Last page")).get_data(as_text=True)
    assert _objects(last) == evens[-50:]
    assert _objects(client.get(pager_link(last, "Previous")).get_data(as_text=True)) == evens[15:65]
    assert (
        _objects(client.get(pager_link(third, "First page")).get_data(as_text=True)) == evens[:50]
    )


def test_the_action_filter_offers_each_action_of_this_log_once(app, client, world):
    _add_entries(app, world, 9)
    with app.app_context(), tenant_scope(world.b.tenant_id):
        db.session.add(TenantAuditEvent(action="test.elsewhere", object_type="Note", object_id="1"))
        db.session.commit()
    client.login(world.a.admin.email, tenant="alpha")
    page = client.get(LOG).get_data(as_text=True)
    offered = re.findall(
        r'<option value="([^"]+)"', page.split('name="action"', 1)[1].split("</select>", 1)[0]
    )
    assert offered.count("test.even") == 1 and offered.count("test.odd") == 1
    assert offered == sorted(offered) and "test.elsewhere" not in offered
