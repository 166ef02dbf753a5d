"""The staff home lists what needs attention today, each with how many and a link to
where it is handled; a handled thing disappears; a group leader sees only their
groups' items; the page's queries do not grow with the register."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.mail.models import OutboxMessage
from kaari.matching.models import Pair
from kaari.participants.models import DataRequest, Person
from kaari.programme.groups.models import Group, GroupPair, Meeting, MeetingInvitation, PairMeeting
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_group_leader, make_group_pair, make_person

HOME = "/alpha/staff/?lang=en"


def _tenant(world) -> Tenant:
    return db.session.get(Tenant, world.a.tenant_id)


def _home(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _link_of(html: str, text: str) -> str:
    match = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', html)
    assert match, text
    return match.group(1).replace("&amp;", "&")


def _running_group_with_quiet_pair(app, world) -> int:
    """ALPHA1 running, with a confirmed pair that joined 20 weeks ago and never met."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = _tenant(world)
        actor = make_person(tenant, "Quiet Actor", "quiet.actor@example.org", status="in_group")
        mentor = make_person(tenant, "Quiet Mentor", "quiet.mentor@example.org", "mentor")
        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
            db.session.execute(
                update(GroupPair)
                .where(GroupPair.pair_id == pair_id)
                .values(joined_at=utcnow() - timedelta(weeks=20))
            )
            db.session.execute(
                update(Group).where(Group.id == world.a.group_id).values(status="running")
            )
        db.session.commit()
        return pair_id


def test_new_contacts_and_long_waits_are_listed_and_lead_to_the_register(app, client, world):
    with app.app_context():
        tenant = _tenant(world)
        make_person(tenant, "New Contact", "new@example.org", status="contacted")
        make_person(
            tenant, "Long Wait", "wait@example.org", status="waiting",
            registered_at=utcnow() - timedelta(days=400),
        )  # fmt: skip
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    html = _home(client)
    contacts = "1 new contact has not been sent the registration form"
    assert "/alpha/staff/participants/?status=contacted" in _link_of(html, contacts)
    assert "New Contact" in client.get(_link_of(html, contacts)).get_data(as_text=True)
    waiting = re.search(r"1 person has waited for a pair longer than \d+ months", html)
    assert waiting and "status=waiting" in _link_of(html, waiting.group(0))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(Person).where(Person.email == "new@example.org").values(status="registered")
        )
        db.session.commit()
    assert contacts not in _home(client)  # handled: gone


def test_accepted_pairs_not_invited_are_listed(app, client, world):
    with app.app_context():
        tenant = _tenant(world)
        actor = make_person(tenant, "Paired Actor", "pa@example.org", status="matched")
        mentor = make_person(tenant, "Paired Mentor", "pm@example.org", "mentor")
        with tenant_scope(tenant.id):
            db.session.add(Pair(actor_id=actor.id, mentor_id=mentor.id, status="proposed"))
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    html = _home(client)
    link = _link_of(html, "1 accepted pair has not been invited yet")
    assert client.get(link).status_code == 200


def test_a_quiet_pair_is_listed_until_a_meeting_is_logged(app, client, world):
    pair_id = _running_group_with_quiet_pair(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    quiet = re.search(r"ALPHA1: 1 pair has not logged a meeting for \d+ weeks", _home(client))
    assert quiet
    assert f"/alpha/staff/groups/{world.a.group_id}" in _link_of(_home(client), quiet.group(0))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add(PairMeeting(pair_id=pair_id, met_on=utcnow().date()))
        db.session.commit()
    assert quiet.group(0) not in _home(client)


def test_this_weeks_meeting_shows_its_answers_and_who_has_not_answered(app, client, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = _tenant(world)
        starts = utcnow() + timedelta(days=2)
        meeting = Meeting(
            group_id=world.a.group_id, kind="midpoint", starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )  # fmt: skip
        db.session.add(meeting)
        db.session.flush()
        for name, answer in (("Yes Person", "yes"), ("No Person", "no"), ("Silent Sam", "")):
            person = make_person(tenant, name, f"{name.split()[0].lower()}@example.org")
            db.session.add(
                MeetingInvitation(meeting_id=meeting.id, person_id=person.id, answer=answer)
            )
        db.session.commit()
        meeting_id = meeting.id
    client.login(world.a.coordinator.email, tenant="alpha")
    html = _home(client)
    assert re.search(r"Mid-point meeting [^<]*: 1 coming, 1 not coming, 1 has not answered", html)
    assert "Not answered: Silent Sam" in html and "Yes Person" not in html
    assert f"/alpha/staff/groups/{world.a.group_id}/meetings/{meeting_id}" in html


def test_open_surveys_data_requests_and_failed_mailings_are_listed(app, client, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.mailing_id == world.a.mailing_id)
            .values(status="failed", created_at=utcnow())
        )
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    html = _home(client)
    assert "ALPHA1: the survey is open, 0 of 0 answered" in html
    poll = "ALPHA1: the poll “Toiveet” is open, 0 of 0 answered"
    assert f"/alpha/staff/surveys/groups/{world.a.group_id}/polls/" in _link_of(html, poll)
    assert client.get(_link_of(html, poll)).status_code == 200
    assert _link_of(html, "1 personal-data request is due within a week").endswith(
        "/alpha/staff/participants/requests/"
    )
    failed = re.search(r"Mailing “[^”]*”: 1 message could not be sent", html)
    assert failed and f"/mailings/{world.a.mailing_id}" in _link_of(html, failed.group(0))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(DataRequest).values(answered_at=utcnow()))
        db.session.commit()
    assert "personal-data request" not in _home(client)


def test_a_group_leader_sees_only_their_groups_items(app, client, world):
    _running_group_with_quiet_pair(app, world)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="OTHER2", status="running")
        db.session.add(other)
        db.session.flush()
        tenant = _tenant(world)
        actor = make_person(tenant, "Other Actor", "oa@example.org")
        mentor = make_person(tenant, "Other Mentor", "om@example.org", "mentor")
        pair_id = make_group_pair(other.id, actor, mentor)
        db.session.execute(
            update(GroupPair)
            .where(GroupPair.pair_id == pair_id)
            .values(joined_at=utcnow() - timedelta(weeks=20))
        )
        make_person(tenant, "New Contact", "new@example.org", status="contacted")
        db.session.commit()
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login(leader.email, tenant="alpha")
    html = _home(client)
    assert re.search(r"ALPHA1: 1 pair has not logged a meeting", html)
    assert "OTHER2" not in html
    assert "new contact" not in html and "personal-data request" not in html
    client.login(world.a.partner.email, tenant="alpha")
    html = _home(client)
    assert "ALPHA1" not in html and "new contact" not in html


def test_a_partner_sees_the_people_its_links_brought_by_stage(app, client, world):
    with app.app_context():
        tenant = _tenant(world)
        for n, status in enumerate(("contacted", "waiting", "waiting", "in_group")):
            make_person(tenant, f"Referred {n}", f"ref{n}@example.org", status=status,
                        partner_id=world.a.partner_id)  # fmt: skip
        db.session.commit()
    client.login(world.a.partner.email, tenant="alpha")
    html = _home(client)
    link = _link_of(html, "4 people have come through your referral links")
    assert link.endswith("/alpha/staff/partners/referrals")
    assert "Waiting for a pair: 2" in html and "In a group: 1" in html
    assert "Referred 1" not in html  # counts, never names


def _add_people(app, world, count: int, start: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = _tenant(world)
        for n in range(start, start + count):
            make_person(tenant, f"Contact {n}", f"c{n}@example.org", status="contacted")
            actor = make_person(tenant, f"Actor {n}", f"a{n}@example.org", status="in_group")
            mentor = make_person(tenant, f"Mentor {n}", f"m{n}@example.org", "mentor")
            make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()


def test_the_home_page_does_not_grow_queries_with_people(app, client, world):
    _running_group_with_quiet_pair(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    _home(client)
    _add_people(app, world, 2, 0)
    with QueryCounter(app.extensions["kaari_engine"]) as small:
        _home(client)
    _add_people(app, world, 25, 100)
    with QueryCounter(app.extensions["kaari_engine"]) as large:
        html = _home(client)
    assert "27 new contacts" in html
    assert large.count == small.count


def _add_running_groups(app, world, count: int, start: int) -> None:
    """`count` running groups, each with a pair that has not met."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = _tenant(world)
        for n in range(start, start + count):
            group = Group(name=f"Running {n:02d}", status="running")
            db.session.add(group)
            db.session.flush()
            actor = make_person(tenant, f"Actor G{n}", f"ga{n}@example.org", status="in_group")
            mentor = make_person(tenant, f"Mentor G{n}", f"gm{n}@example.org", "mentor")
            make_group_pair(group.id, actor, mentor)
        db.session.commit()


def test_the_home_page_does_not_grow_queries_with_running_groups(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    _add_running_groups(app, world, 1, 0)
    _home(client)
    with QueryCounter(app.extensions["kaari_engine"]) as small:
        _home(client)
    _add_running_groups(app, world, 12, 1)
    with QueryCounter(app.extensions["kaari_engine"]) as large:
        _home(client)
    assert large.count == small.count
