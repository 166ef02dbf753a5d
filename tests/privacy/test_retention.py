"""Each organisation keeps personal data only as long as it set: the daily job
erases people past their keeping time and says whom, and staff see who is due soon."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person, StatusChange
from kaari.participants.retention import erase_past_retention
from kaari.tenancy.models import Tenant
from tests.helpers import make_person, pager_link


def _people(app, world) -> dict[str, int]:
    """Completed 25 months ago, withdrew 345 days ago (due in about three weeks), contacted 7
    months ago and never registered, and a waiting person from long ago."""
    now = utcnow()
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        made = {
            "completed": make_person(tenant, "Kaisu Valmis", "k@example.org", status="completed"),
            "withdrew": make_person(tenant, "Ville Pois", "v@example.org", status="withdrawn"),
            "silent": make_person(tenant, "Hiljainen", "h@example.org", status="contacted"),
            "waiting": make_person(tenant, "Odottaja", "o@example.org", status="waiting"),
        }
        with tenant_scope(tenant.id):
            for key, days in (("completed", 25 * 31), ("withdrew", 345)):
                at = made[key].status_since = now - timedelta(days=days)  # as set_status does
                db.session.add(StatusChange(person_id=made[key].id, old_status="in_group",
                                            new_status=made[key].status, at=at))  # fmt: skip
            for key in ("silent", "waiting"):
                made[key].created_at = now - timedelta(days=7 * 31)
        db.session.commit()
        return {key: person.id for key, person in made.items()}


def test_the_daily_job_erases_those_past_their_time(app, world):
    people = _people(app, world)
    with app.app_context():
        assert erase_past_retention() == 2
        assert erase_past_retention() == 0
        with tenant_scope(world.a.tenant_id):
            erased = {
                key: db.session.get(Person, person_id).erased_at is not None
                for key, person_id in people.items()
            }
            entry = db.session.scalar(
                select(TenantAuditEvent).where(TenantAuditEvent.action == "retention.erased")
            )
    assert erased == {"completed": True, "withdrew": False, "silent": True, "waiting": False}
    assert sorted(entry.details["people"]) == sorted([people["completed"], people["silent"]])


def test_the_organisation_sets_the_times_and_sees_who_is_due(app, client, world):
    people = _people(app, world)
    client.login(world.a.admin.email, tenant="alpha")
    page = client.get("/alpha/staff/participants/privacy?lang=en").get_data(as_text=True)
    assert "Ville Pois" in page and "Kaisu Valmis" in page  # due within 30 days (or now)
    assert "Odottaja" not in page  # still waiting: no end yet
    assert "Notes" in page and "Staff notes for matching and follow-up" in page

    settings = client.get("/alpha/staff/settings/security?lang=en").get_data(as_text=True)
    assert "Months personal data is kept after the person left the programme" in settings
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.settings = {**tenant.settings, "retention_after_exit_months": 36}
        db.session.commit()
    page = client.get("/alpha/staff/participants/privacy?lang=en").get_data(as_text=True)
    assert "Ville Pois" not in page
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(Person, people["withdrew"]).erased_at is None


def test_the_people_due_are_paged_earliest_first_across_the_rules(app, client, world):
    """Leavers (due 12 months after leaving) and contacts who never registered (due
    6 months after the contact), their days interleaved: 70 due, in pages of 50."""
    now = utcnow()
    expected = []
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(70):
            if n % 2:
                person = make_person(
                    tenant, f"Due {n:02d}", f"d{n}@example.org", status="withdrawn"
                )
                with tenant_scope(tenant.id):
                    at = person.status_since = (
                        now - timedelta(days=12 * 30.44 + 25) + timedelta(hours=n)
                    )
                    db.session.add(StatusChange(person_id=person.id, new_status="withdrawn", at=at))
            else:
                person = make_person(
                    tenant, f"Due {n:02d}", f"d{n}@example.org", status="contacted"
                )
                person.created_at = now - timedelta(days=6 * 30.44 + 25) + timedelta(hours=n)
            expected.append(f"Due {n:02d}")
        db.session.commit()
    client.login(world.a.admin.email, tenant="alpha")
    first = client.get("/alpha/staff/participants/privacy?lang=en").get_data(as_text=True)
    assert _due(first) == expected[:50]
    second = client.get(pager_link(first, "Next")).get_data(as_text=True)
    assert _due(second) == expected[50:]
    last = client.get(pager_link(first, "Last page")).get_data(as_text=True)
    assert _due(last) == expected[-50:]
    back = client.get(pager_link(last, "Previous")).get_data(as_text=True)
    assert _due(back) == expected[:50]  # a step back to the start shows the first page


def _due(page: str) -> list[str]:
    return re.findall(r">(Due \d\d)</a>", page)
