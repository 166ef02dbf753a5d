"""Meeting invitations: every member of the group's pairs is invited in their own
language, answers with a personal link, is reminded two days ahead unless they said
no, and staff record who came."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.programme.groups.jobs import remind_meetings
from kaari.programme.groups.models import Meeting, MeetingInvitation
from kaari.tenancy.models import Tenant
from tests.helpers import (
    first_link,
    make_group_leader,
    make_group_pair,
    make_person,
    read_outbox,
    text_body,
)


@pytest.fixture
def group_meeting(app, world):
    """Tenant A's group with two pairs (one member reads English) and a kick-off in
    ten days with room for three."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        people = [
            make_person(tenant, "Aino Actor", "aino@example.org"),
            make_person(tenant, "Mika Mentor", "mika@example.org", "mentor", language="en"),
            make_person(tenant, "Bea Actor", "bea@example.org"),
            make_person(tenant, "Olli Mentor", "olli@example.org", "mentor"),
        ]
        with tenant_scope(tenant.id):
            meeting = db.session.get(Meeting, world.a.meeting_id)
            meeting.starts_at = utcnow() + timedelta(days=10)
            meeting.ends_at = meeting.starts_at + timedelta(hours=2)
            meeting.place, meeting.capacity = "Main Library, Helsinki", 3
            for actor, mentor in (people[:2], people[2:]):
                make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
    return f"/alpha/staff/groups/{world.a.group_id}/meetings/{world.a.meeting_id}"


@pytest.fixture
def invited(coordinator, group_meeting, outbox):
    response = coordinator.submit(group_meeting + "/invite", form_url=group_meeting)
    assert response.status_code == 302
    return {m["To"]: m for m in read_outbox(outbox)}


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _by_email(app, world, column) -> dict:
    """A column of each invitation, by the invited person's email."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(Person.email, column).join(Person, Person.id == MeetingInvitation.person_id)
        return dict(db.session.execute(query).all())


def _answers(app, world) -> dict[str, str]:
    return _by_email(app, world, MeetingInvitation.answer)


def test_every_member_is_invited_once_in_their_language(
    app, world, coordinator, group_meeting, invited
):
    assert sorted(invited) == [
        "aino@example.org",
        "bea@example.org",
        "mika@example.org",
        "olli@example.org",
    ]
    finnish, english = (
        text_body(invited["aino@example.org"]),
        text_body(invited["mika@example.org"]),
    )
    assert "Alkutapaaminen" in invited["aino@example.org"]["Subject"]
    assert "Main Library, Helsinki" in finnish and " klo " in finnish
    assert "Kick-off meeting" in invited["mika@example.org"]["Subject"]
    assert "Main Library, Helsinki" in english
    # Inviting again invites nobody twice.
    coordinator.submit(group_meeting + "/invite", form_url=group_meeting)
    assert len(_answers(app, world)) == 4


def test_a_member_answers_and_may_change_their_mind(app, client, world, invited):
    link = first_link(invited["aino@example.org"])
    page = client.get(link)
    assert page.status_code == 200 and "Main Library" in page.get_data(as_text=True)
    assert _answers(app, world)["aino@example.org"] == ""  # opening the link changes nothing
    client.submit(link, {"answer": "yes"})
    assert _answers(app, world)["aino@example.org"] == "yes"
    client.submit(link, {"answer": "no"})
    assert _answers(app, world)["aino@example.org"] == "no"


def test_a_full_meeting_refuses_another_yes(app, client, world, invited):
    for address in ("aino@example.org", "bea@example.org", "olli@example.org"):
        client.submit(first_link(invited[address]), {"answer": "yes"})
    response = client.submit(first_link(invited["mika@example.org"]), {"answer": "yes"})
    assert response.status_code == 400
    assert "the meeting is full" in response.get_data(as_text=True)
    assert _answers(app, world)["mika@example.org"] == ""


def test_forged_and_other_tenant_links_answer_404(client, invited):
    path = first_link(invited["aino@example.org"]).split("?")[0]
    assert client.get(path + "x").status_code == 404
    assert client.get(path.replace("/alpha/", "/beta/")).status_code == 404


def test_those_not_saying_no_are_reminded_once_two_days_ahead(app, client, world, invited, outbox):
    client.submit(first_link(invited["bea@example.org"]), {"answer": "no"})
    for old in outbox.glob("*.eml"):
        old.unlink()
    with app.app_context():
        assert remind_meetings() == 0  # ten days ahead: too early
        with tenant_scope(world.a.tenant_id):
            meeting = db.session.get(Meeting, world.a.meeting_id)
            meeting.starts_at = utcnow() + timedelta(days=1)
            db.session.commit()
        assert remind_meetings() == 3
        assert remind_meetings() == 0  # once only
    reminded = {m["To"]: m for m in read_outbox(outbox)}
    assert sorted(reminded) == ["aino@example.org", "mika@example.org", "olli@example.org"]
    assert "Reminder" in reminded["mika@example.org"]["Subject"]


def test_a_group_leader_records_who_came(app, client, world, group_meeting, invited):
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.logout()
    client.login("lea@alpha.example.org", tenant="alpha")
    url = group_meeting + "/attendance"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Invited: 4." in page and "Olli Mentor" in page
    ids = _by_email(app, world, MeetingInvitation.id)
    response = client.submit(url, {"came": [ids["aino@example.org"], ids["olli@example.org"]]})
    assert response.status_code == 302
    came = _by_email(app, world, MeetingInvitation.attended)
    assert came == {
        "aino@example.org": True,
        "olli@example.org": True,
        "bea@example.org": False,
        "mika@example.org": False,
    }


def test_the_attendance_page_does_not_grow_queries_with_guests(
    app, coordinator, world, group_meeting, invited
):
    from tests.test_query_counts import _queries

    url = group_meeting + "/attendance"
    few = _queries(app, coordinator, url)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(6):
            actor = make_person(tenant, f"Extra actor {n}", f"xa{n}@example.org")
            mentor = make_person(tenant, f"Extra mentor {n}", f"xm{n}@example.org", "mentor")
            with tenant_scope(tenant.id):
                make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
    coordinator.submit(group_meeting + "/invite", form_url=group_meeting)
    assert len(_answers(app, world)) == 16
    assert _queries(app, coordinator, url) == few
