"""Each organisation keeps personal data only as long as it set: the daily job
erases people past their keeping time and says whom, and staff see who is due soon."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person, StatusChange
from kaari.participants.retention import erase_past_retention
from kaari.tenancy.models import Tenant
from tests.helpers import make_person


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
                db.session.add(StatusChange(person_id=made[key].id, old_status="in_group",
                                            new_status=made[key].status,
                                            at=now - timedelta(days=days)))  # fmt: skip
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
