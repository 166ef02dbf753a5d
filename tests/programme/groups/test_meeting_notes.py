"""The coordinator's notes of a group meeting: written by staff, read by the group's
leaders and nobody else; the mid-point meeting's page shows each pair's meetings so
far and the model's checklist."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group, Meeting, MeetingNotes, PairMeeting
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_leader, make_group_pair, make_person

NOTES = {
    "news": "The library has a new job-search corner.",
    "achievements": "Two actors got an internship.",
    "feedback": "More time for pairs to talk.",
    "training_wishes": "LinkedIn; hidden jobs",
    "next_steps": "Training evening on LinkedIn in March.",
    "checked": ["meetings_reviewed", "referees_encouraged"],
}


def _midpoint(app, world) -> tuple[str, dict[str, int]]:
    """A mid-point meeting of ALPHA1 next week, with a pair that met twice and one that
    never met; the notes URL and the pairs' ids."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = db.session.get(Tenant, world.a.tenant_id)
        starts = utcnow() + timedelta(days=7)
        meeting = Meeting(group_id=world.a.group_id, kind="midpoint", starts_at=starts,
                          ends_at=starts + timedelta(hours=2), place="Library")  # fmt: skip
        db.session.add(meeting)
        pairs = {}
        for name in ("Met", "Never"):
            actor = make_person(tenant, f"{name} Actor", f"{name.lower()}.a@example.org")
            mentor = make_person(
                tenant, f"{name} Mentor", f"{name.lower()}.m@example.org", "mentor"
            )
            pairs[name] = make_group_pair(world.a.group_id, actor, mentor)
        for weeks in (8, 4):
            met_on = (utcnow() - timedelta(weeks=weeks)).date()
            db.session.add(PairMeeting(pair_id=pairs["Met"], met_on=met_on))
        db.session.commit()
        return f"/alpha/staff/groups/{world.a.group_id}/meetings/{meeting.id}/notes", pairs


def test_a_coordinator_writes_the_midpoint_notes_with_the_checklist(app, client, world):
    url, _pairs = _midpoint(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert "Pair meetings so far" in page
    assert "Met Actor &amp; Met Mentor" in page and "Fewer than four meetings" in page
    assert "Has not met: a new pair or another group?" in page
    assert "Mentors were encouraged to act as referees" in page
    response = client.submit(url, NOTES)
    assert response.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        notes = db.session.scalar(select(MeetingNotes))
        audit = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "meeting.notes_saved")
        )
    assert notes.training_wishes == "LinkedIn; hidden jobs"
    assert notes.checked == ["meetings_reviewed", "referees_encouraged"]
    assert audit is not None and "LinkedIn" not in str(audit.details)  # no texts in the log
    page = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert "Two actors got an internship." in page
    assert client.submit(url, NOTES).status_code == 302  # the same again: nothing changed
    assert "Nothing was changed." in client.get(f"{url}?lang=en").get_data(as_text=True)


def test_only_staff_and_the_groups_leaders_read_the_notes(app, client, world):
    url, _pairs = _midpoint(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(url, NOTES)
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login(leader.email, tenant="alpha")
    page = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert "Two actors got an internship." in page and "<textarea" not in page
    assert "Mentors were encouraged to act as referees: Done" in page
    assert client.submit(url, {**NOTES, "news": "Changed"}, form_url=url).status_code == 403
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="OTHER2")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    other_leader = make_group_leader(
        app, world.a.tenant_id, other_id, "other.lea@alpha.example.org"
    )
    client.login(other_leader.email, tenant="alpha")
    assert client.get(url).status_code == 404
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(url).status_code == 403


def test_too_long_notes_are_refused_and_nothing_typed_is_lost(app, client, world):
    url, _pairs = _midpoint(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get(f"{url}?lang=en")
    response = client.submit(url, {**NOTES, "feedback": "x" * 5001})
    assert response.status_code == 400
    assert "Two actors got an internship." in response.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(MeetingNotes)) is None


def test_the_group_page_and_the_meeting_page_link_the_notes(app, client, world):
    url, _pairs = _midpoint(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    group_page = client.get(f"/alpha/staff/groups/{world.a.group_id}?lang=en")
    assert url in group_page.get_data(as_text=True)
    meeting_page = url.removesuffix("/notes")
    assert url in client.get(f"{meeting_page}?lang=en").get_data(as_text=True)
