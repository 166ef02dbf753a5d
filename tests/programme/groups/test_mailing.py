"""Staff mail the people of groups: the members of one or several groups (only actors or
only mentors if they like), or the people invited to a meeting or event. The form says
how the choices combine and how many people the mailing reaches before it is sent; a
group leader may mail only the groups they lead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.mail.models import Mailing
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, MeetingInvitation
from kaari.tenancy.models import Tenant
from tests.helpers import (
    QueryCounter,
    make_group_leader,
    make_group_pair,
    make_person,
    put_pairs_in_group,
    read_outbox,
    send_mailing,
)

NEW = "/alpha/staff/mailings/new"
TEXTS = {"subject_fi": "Ryhmän kuulumiset", "body_fi": "Hei kaikki"}


@dataclass
class Groups:
    one: int  # ALPHA1: two open pairs, an ended pair, an erased mentor's pair
    two: int  # ALPHA2: one open pair
    actors: dict[str, int]
    mentors: dict[str, int]


def _groups(app, world) -> Groups:
    actors, mentors = put_pairs_in_group(
        app, world.a.tenant_id, world.a.group_id, [("Aino One", "fi"), ("Bea One", "en")]
    )
    with app.app_context(), tenant_scope(world.a.tenant_id):
        two = Group(name="ALPHA2")
        db.session.add(two)
        db.session.commit()
        two_id = two.id
    more_actors, more_mentors = put_pairs_in_group(
        app, world.a.tenant_id, two_id, [("Cai Two", "fi")]
    )
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        ended_actor = make_person(tenant, "Ended Actor", "ended.actor@example.org")
        ended_mentor = make_person(tenant, "Ended Mentor", "ended.mentor@example.org", "mentor")
        actor = make_person(tenant, "Dana One", "dana@example.org")
        erased = make_person(tenant, "Erased", "", "mentor", erased_at=utcnow())
        with tenant_scope(tenant.id):
            make_group_pair(world.a.group_id, ended_actor, ended_mentor, status="ended")
            make_group_pair(world.a.group_id, actor, erased)
        db.session.commit()
    return Groups(world.a.group_id, two_id, {**actors, **more_actors}, {**mentors, **more_mentors})


def _emails(app, tenant_id: int, ids) -> set[str]:
    with app.app_context(), tenant_scope(tenant_id):
        return {db.session.get(Person, person_id).email for person_id in ids}


def _send(client, options: list[str], audience: str = "groups"):
    return send_mailing(client, {**TEXTS, "audience": audience, f"options_{audience}": options})


def test_a_mailing_to_the_mentors_of_a_group_reaches_exactly_them(app, client, world, outbox):
    groups = _groups(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    form = client.get(f"{NEW}?lang=en").get_data(as_text=True)
    assert "AND with one of the chosen roles" in form  # the rule, said on the form
    assert "Group: ALPHA1" in form and "Group: ALPHA2" in form

    chosen = [f"group:{groups.one}", "role:mentor"]
    data = {**TEXTS, "audience": "groups", "options_groups": chosen, "preview": "1"}
    preview = client.submit(f"{NEW}?lang=en", data).get_data(as_text=True)
    assert "This mailing goes to 2 people." in preview  # not the ended pair, not the erased
    assert read_outbox(outbox) == []

    assert _send(client, chosen).status_code == 302
    received = {message["To"] for message in read_outbox(outbox)}
    mentors = [groups.mentors["Aino One"], groups.mentors["Bea One"]]
    assert received == _emails(app, world.a.tenant_id, mentors)

    listing = client.get("/alpha/staff/mailings/?lang=en").get_data(as_text=True)
    assert "Members of groups, Group: ALPHA1, Role: Mentor" in listing


def test_several_groups_reach_the_members_of_any_of_them(app, client, world, outbox):
    groups = _groups(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    _send(client, [f"group:{groups.one}", f"group:{groups.two}", "role:actor"])
    actors = _emails(app, world.a.tenant_id, groups.actors.values()) | {"dana@example.org"}
    assert {message["To"] for message in read_outbox(outbox)} == actors

    for old in outbox.glob("*.eml"):
        old.unlink()
    _send(client, [f"group:{groups.one}", f"group:{groups.two}"])  # no role: both sides
    everyone = {*groups.actors.values(), *groups.mentors.values()}
    expected = _emails(app, world.a.tenant_id, everyone) | {"dana@example.org"}
    assert {message["To"] for message in read_outbox(outbox)} == expected


def test_a_mailing_reaches_the_people_invited_to_a_meeting(app, client, world, outbox):
    groups = _groups(app, world)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for name, answer in (("Aino One", "yes"), ("Cai Two", "no")):
            db.session.add(
                MeetingInvitation(
                    meeting_id=world.a.meeting_id, person_id=groups.actors[name], answer=answer
                )
            )
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    form = client.get(f"{NEW}?lang=en").get_data(as_text=True)
    assert "Kick-off meeting, ALPHA1" in form

    assert _send(client, [f"meeting:{world.a.meeting_id}"], "meetings").status_code == 302
    invited = [groups.actors["Aino One"], groups.actors["Cai Two"]]
    assert {m["To"] for m in read_outbox(outbox)} == _emails(app, world.a.tenant_id, invited)


def test_a_group_leader_mails_only_the_groups_they_lead(app, client, world, outbox):
    groups = _groups(app, world)
    leader = make_group_leader(app, world.a.tenant_id, groups.one)
    client.login(leader.email, tenant="alpha")
    form = client.get(f"{NEW}?lang=en").get_data(as_text=True)
    assert "Group: ALPHA1" in form and "ALPHA2" not in form
    assert 'value="participants"' not in form and 'value="staff"' not in form

    refused = _send(client, [f"group:{groups.two}", "role:mentor"])
    assert refused.status_code == 400
    assert _send(client, [f"group:{groups.one}"], "participants").status_code == 400
    assert read_outbox(outbox) == []

    sent = _send(client, [f"group:{groups.one}", "role:mentor"])
    assert sent.status_code == 302
    mentors = [groups.mentors["Aino One"], groups.mentors["Bea One"]]
    assert {m["To"] for m in read_outbox(outbox)} == _emails(app, world.a.tenant_id, mentors)

    # Their own mailing only: not the coordinators' ones, nor the outbox.
    listing = client.get("/alpha/staff/mailings/").get_data(as_text=True)
    assert sent.headers["Location"] in listing
    assert f"/alpha/staff/mailings/{world.a.mailing_id}" not in listing
    assert client.get(sent.headers["Location"]).status_code == 200
    assert client.get(f"/alpha/staff/mailings/{world.a.mailing_id}").status_code == 404
    assert client.get("/alpha/staff/outbox").status_code == 403


def test_a_group_leader_is_offered_only_their_groups_meetings(app, client, world):
    groups = _groups(app, world)
    leader = make_group_leader(app, world.a.tenant_id, groups.two)
    client.login(leader.email, tenant="alpha")
    form = client.get(f"{NEW}?lang=en").get_data(as_text=True)
    assert f'value="meeting:{world.a.meeting_id}"' not in form
    refused = _send(client, [f"meeting:{world.a.meeting_id}"], "meetings")
    assert refused.status_code == 400


def test_another_tenants_groups_and_meetings_cannot_be_mailed(app, client, world, outbox):
    with app.app_context():
        beta = db.session.get(Tenant, world.b.tenant_id)
        mentor = make_person(beta, "Beta Mentor", "beta.mentor@example.org", "mentor")
        with tenant_scope(beta.id):
            actor = db.session.get(Person, world.b.person_id)
            db.session.get(Pair, world.b.pair_id).status = "ended"
            make_group_pair(world.b.group_id, actor, mentor)
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    form = client.get(NEW).get_data(as_text=True)
    assert "BETA1" not in form
    assert _send(client, [f"group:{world.b.group_id}"]).status_code == 400
    assert _send(client, [f"meeting:{world.b.meeting_id}"], "meetings").status_code == 400
    assert read_outbox(outbox) == []


def _queries(app, request) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        assert request().status_code == 200
    return counter.count


def _add_groups(app, world, start: int, count: int) -> list[str]:
    """`count` more groups of two pairs each; returns every group's option."""
    for number in range(start, start + count):
        with app.app_context(), tenant_scope(world.a.tenant_id):
            group = Group(name=f"EXTRA{number}")
            db.session.add(group)
            db.session.commit()
            group_id = group.id
        names = [(f"Extra{number}a Actor", "fi"), (f"Extra{number}b Actor", "sv")]
        put_pairs_in_group(app, world.a.tenant_id, group_id, names)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return [f"group:{group_id}" for group_id in db.session.scalars(select(Group.id))]


def test_the_form_and_the_count_do_not_grow_queries_with_groups_or_people(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get(NEW)

    def measure(options):
        data = {**TEXTS, "audience": "groups", "options_groups": options, "preview": "1"}
        form = _queries(app, lambda: client.get(NEW))
        preview = _queries(app, lambda: client.submit(NEW, data))
        return form, preview

    small = measure(_add_groups(app, world, 0, 1))
    large = measure(_add_groups(app, world, 10, 12))
    assert large == small


def _add_group_mailings(app, world, count: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for _ in range(count):
            db.session.add(
                Mailing(
                    subject={"fi": "Ryhmälle"},
                    body={"fi": "Hei"},
                    audience={"key": "groups", "options": [f"group:{world.a.group_id}"]},
                )
            )
        db.session.commit()


def test_the_mailing_list_does_not_grow_queries_with_mailings(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    _add_group_mailings(app, world, 1)
    small = _queries(app, lambda: client.get("/alpha/staff/mailings/"))
    _add_group_mailings(app, world, 15)
    page = client.get("/alpha/staff/mailings/?lang=en").get_data(as_text=True)
    assert page.count("Members of groups, Group: ALPHA1") == 16
    assert _queries(app, lambda: client.get("/alpha/staff/mailings/")) == small
