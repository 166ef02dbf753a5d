"""Tenant A of the test world made complete for walking every route as every role.

The isolation world gives tenant B every kind of object; the access matrix and the
form fuzzing walk tenant A's own pages, so A gets the kinds it lacks, and each URL
argument of the route map gets a sample that exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from kaari.accounts.services import create_user
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake.custom_fields import check_definition, save_definition
from kaari.intake.tenant_forms import optional_builtins
from kaari.mail.models import Mailing
from kaari.materials.models import GroupPack
from kaari.materials.texts import SECTION_KEYS
from kaari.participants.models import Person
from kaari.programme.groups.events import EVENT_KINDS
from kaari.programme.groups.models import (
    Group,
    GroupLeader,
    Meeting,
    MeetingInvitation,
    PairMeeting,
)
from kaari.programme.outcomes.models import Outcome
from kaari.programme.surveys.defaults import DEFAULT_QUESTIONS
from kaari.programme.surveys.models import Survey
from kaari.tenancy.models import Tenant
from tests.helpers import (
    PASSWORD,
    Client,
    Side,
    World,
    make_group_pair,
    make_person,
    make_poll,
    make_staff,
)
from tests.isolation_routes import LINKS, portal_link

HOBBY = {
    "fields": [{"key": "hobby", "kind": "text", "label": {"fi": "Harrastus"}, "required": False}]
}
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass
class Alpha:
    """Tenant A's side of the world, with the samples only the route walks need."""

    side: Side
    event_id: int
    report_table: str


def complete_alpha(app, world: World) -> Alpha:
    """Tenant A gets the objects only B had (a pair in its group, an invitation, a diary
    entry), a group leader leading the group (and author of A's mailing), an event of the group, a custom question of
    the contact form, and the platform's analyst and admin."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        mentor = make_person(tenant, "Mentor of alpha", "mentor@alpha.example.org", "mentor")
        leader = make_staff(tenant, "leader@alpha.example.org", "group_leader")
        with tenant_scope(tenant.id):
            actor = db.session.get(Person, world.a.person_id)
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
            invitation = MeetingInvitation(meeting_id=world.a.meeting_id, person_id=actor.id)
            entry = PairMeeting(pair_id=pair_id, met_on=date(2027, 3, 2), goal="Alpha's CV")
            db.session.add_all(
                [invitation, entry, GroupLeader(group_id=world.a.group_id, user_id=leader.user_id)]
            )
            # The leader wrote A's mailing, so it is on their list as on the managers'.
            db.session.get(Mailing, world.a.mailing_id).created_by_id = leader.user_id
            db.session.flush()
            side = replace(world.a, pair_id=pair_id, invitation_id=invitation.id, entry_id=entry.id)
            save_definition(
                "contact",
                check_definition(HOBBY, optional_builtins("contact"), ["fi"], "fi"),
                actor_id=None,
            )
            event = Meeting(group_id=world.a.group_id, kind=EVENT_KINDS[0],
                            starts_at=utcnow(), ends_at=utcnow())  # fmt: skip
            db.session.add(event)
            db.session.flush()
            event_id = event.id
        create_user(
            "analyst@kaari.example.org", password=PASSWORD, platform_role="national_analyst"
        )
        create_user("root@kaari.example.org", password=PASSWORD, platform_role="platform_admin")
        db.session.commit()
    admin = Client(app)
    admin.login(world.a.admin.email, tenant="alpha")
    csv_link = re.search(
        r'href="/alpha/staff/reports/([\w-]+)\.csv',
        admin.get("/alpha/staff/reports/").get_data(as_text=True),
    )
    return Alpha(side, event_id, csv_link.group(1))


@dataclass
class OtherGroup:
    """A second group of tenant A, which A's group leader does not lead."""

    name: str
    samples: dict[str, int]  # a URL argument -> the id of this group's object
    event_id: int  # an event of this group
    invitation_id: int  # an invitation to its meeting


def add_other_group(app, world: World) -> OtherGroup:
    """Tenant A's group "ALPHA2" with an object of every kind under it: a pair, a
    meeting with an invitation, an event, an outcome, a survey and a group pack."""
    name = "ALPHA2"
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(tenant, "Actor of alpha two", "actor2@alpha.example.org")
        mentor = make_person(tenant, "Mentor of alpha two", "mentor2@alpha.example.org", "mentor")
        with tenant_scope(tenant.id):
            group = Group(name=name, venue="Town hall")
            db.session.add(group)
            db.session.flush()
            pair_id = make_group_pair(group.id, actor, mentor)
            starts = datetime(2027, 3, 9, 16, 0, tzinfo=UTC)
            meeting = Meeting(group_id=group.id, kind="kickoff", starts_at=starts,
                              ends_at=starts + timedelta(hours=2))  # fmt: skip
            event = Meeting(group_id=group.id, kind=EVENT_KINDS[0], starts_at=utcnow(),
                            ends_at=utcnow() + timedelta(hours=2))  # fmt: skip
            outcome = Outcome(person_id=actor.id, kind="work", happened_on=date(2027, 1, 4))
            db.session.add_all([meeting, event, outcome])
            db.session.flush()
            invitation = MeetingInvitation(meeting_id=meeting.id, person_id=actor.id)
            survey = Survey(group_id=group.id, questions=DEFAULT_QUESTIONS)
            pack = GroupPack(group_id=group.id, language="fi", total=1)
            db.session.add_all([invitation, survey, pack])
            poll = make_poll(group.id)
            other = OtherGroup(
                name=name,
                samples={
                    "group_id": group.id,
                    "pair_id": pair_id,
                    "meeting_id": meeting.id,
                    "outcome_id": outcome.id,
                    "pack_id": pack.id,
                    "poll_id": poll.id,
                },
                event_id=event.id,
                invitation_id=invitation.id,
            )
        db.session.commit()
    return other


# Tenant A's own object for every id argument of its routes.
SAMPLES = {
    "membership_id": lambda a: a.side.partner.membership_id,
    "mailing_id": lambda a: a.side.mailing_id,
    "message_id": lambda a: a.side.message_id,
    "person_id": lambda a: a.side.person_id,
    "partner_id": lambda a: a.side.partner_id,
    "link_id": lambda a: a.side.link_id,
    "filter_id": lambda a: a.side.filter_id,
    "run_id": lambda a: a.side.run_id,
    "pair_id": lambda a: a.side.pair_id,
    "group_id": lambda a: a.side.group_id,
    "meeting_id": lambda a: a.side.meeting_id,
    "invitation_id": lambda a: a.side.invitation_id,
    "entry_id": lambda a: a.side.entry_id,
    "outcome_id": lambda a: a.side.outcome_id,
    "pack_id": lambda a: a.side.group_pack_id,
    "poll_id": lambda a: a.side.poll_id,
    "request_id": lambda a: a.side.data_request_id,
    "import_id": lambda a: a.side.import_id,
    "tenant": lambda a: a.side.slug,
    "slug": lambda a: a.side.slug,
    "year": lambda a: 2026,
    "version": lambda a: 1,  # the first wording of the privacy notice
    "token": lambda a: "an-unknown-token",
    "form_name": lambda a: "contact",
    "field_key": lambda a: "hobby",  # the custom question complete_alpha adds
    "field_name": lambda a: next(iter(optional_builtins("contact"))),
    "role": lambda a: "actor",
    "name": lambda a: a.report_table,
}
# Arguments named alike on different pages.
KEYS = {
    "surveys.question": DEFAULT_QUESTIONS["actor"][0]["key"],
    "surveys.change_question": DEFAULT_QUESTIONS["actor"][0]["key"],
    "materials.section": SECTION_KEYS[0],
    "national.table_csv": "funnel",
}


def sample_url(app, rule, world: World, alpha: Alpha) -> str:
    if rule.endpoint in LINKS:  # a genuine link of A's, made as the isolation test makes B's
        mirrored = World(a=world.b, b=world.a)
        return LINKS[rule.endpoint](app, mirrored).replace("/beta/", "/alpha/", 1)

    def sample(match):
        name = match.group(1)
        if name == "key":
            return KEYS[rule.endpoint]
        if name == "meeting_id" and rule.endpoint.startswith("programme_events."):
            return str(alpha.event_id)  # an event, not a group's meeting
        return str(SAMPLES[name](alpha))

    return ARGUMENT.sub(sample, rule.rule)


def role_client(app, world: World, role: str) -> tuple[Client, str]:
    """A client signed in as the role, and a page of theirs carrying a CSRF token."""
    client = Client(app)
    if role == "anonymous":
        return client, "/alpha/login"
    if role == "participant":
        link = portal_link(app, world.a.tenant_id, world.a.person_id)
        assert client.submit(link).status_code == 302  # the button on the link's page
        return client, f"/alpha/portal/pairs/{world.a.pair_id}/diary"
    email = {
        "partner": world.a.partner.email,
        "group_leader": "leader@alpha.example.org",
        "coordinator": world.a.coordinator.email,
        "admin": world.a.admin.email,
        "other_admin": world.b.admin.email,
        "analyst": "analyst@kaari.example.org",
        "platform_admin": "root@kaari.example.org",
    }[role]
    client.login(email, tenant="beta" if role == "other_admin" else None)
    return client, "/account"
