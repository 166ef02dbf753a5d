"""Invitations to meetings: each invited person gets a message with a personal link
to say whether they come; those still coming (or silent) are reminded before the
meeting; staff record afterwards who came."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.i18n import pick
from kaari.core.signing import Signed
from kaari.core.user_errors import UserError
from kaari.mail.links import LinkUnavailable, PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import (
    RSVP_ANSWERS,
    Group,
    GroupPair,
    Meeting,
    MeetingInvitation,
)
from kaari.tenancy.models import Tenant

REMIND_BEFORE = timedelta(days=2)
WHEN_FORMATS = {
    "fi": "EEEE d.M.yyyy 'klo' H.mm",
    "sv": "EEEE d.M.yyyy 'kl.' H.mm",
    "en": "EEEE d MMMM yyyy, HH:mm",
}


class RsvpError(UserError):
    """Why an answer to a meeting invitation was not taken."""

    MESSAGES = {
        "full": _l("Sorry, the meeting is full."),
        "past": _l("The meeting has already started; answers are closed."),
        "bad_answer": _l("Choose one of the two answers."),
    }


# No expiry: the link stays valid as long as the meeting exists (people answer late,
# or change their mind).
RSVP_LINK = Signed("meeting-rsvp")


def token_for(invitation: MeetingInvitation) -> str:
    return RSVP_LINK.dumps([invitation.id, invitation.tenant_id])


def invitation_for_token(token: str, *, tenant_id: int) -> MeetingInvitation | None:
    """The invitation a personal link names, if genuine and of this tenant."""
    ids = RSVP_LINK.tenant_fields(token, tenant_id, 1)
    if ids is None:
        return None
    query = select(MeetingInvitation).where(MeetingInvitation.id == ids[0])
    return db.session.scalar(query)


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """A meeting's answer link, signed at delivery (the link names the invitation)."""
    query = select(MeetingInvitation).where(MeetingInvitation.id == params["invitation_id"])
    invitation = db.session.scalar(query)
    if invitation is None:
        raise LinkUnavailable
    token = token_for(invitation)
    return tenant_url("programme_public.rsvp", token=token, language=language)


def meeting_of(invitation: MeetingInvitation) -> Meeting:
    return db.session.get(Meeting, invitation.meeting_id)


def invitees(meeting: Meeting) -> list[Person]:
    """Who a meeting is for: the members of its group's pairs, or of every group that
    is not closed (all, or only actors or mentors)."""
    group_id = meeting.group_id if meeting.audience == "group" else None
    return members(group_id, meeting.audience)


def members(group_id: int | None, audience: str = "group") -> list[Person]:
    """The members of one group's pairs (or of every open group's, with no group) that
    are still in the arc, only actors or mentors if the audience says so."""
    groups = select(GroupPair.pair_id)
    if group_id is not None:
        groups = groups.where(GroupPair.group_id == group_id)
    else:
        groups = groups.join(Group, Group.id == GroupPair.group_id).where(Group.status != "closed")
    pairs = select(Pair.actor_id, Pair.mentor_id).where(
        Pair.id.in_(groups), Pair.status.in_(("invited", "confirmed"))
    )
    ids = set()
    for actor_id, mentor_id in db.session.execute(pairs):
        if audience != "mentors":
            ids.add(actor_id)
        if audience != "actors":
            ids.add(mentor_id)
    if not ids:
        return []
    query = select(Person).where(Person.id.in_(ids)).order_by(Person.name, Person.id)
    return list(db.session.scalars(query))


def when(meeting: Meeting, zone: ZoneInfo, language: str) -> str:
    return format_datetime(meeting.starts_at, WHEN_FORMATS[language], tzinfo=zone, locale=language)


def reading_language(person: Person, tenant: Tenant) -> str:
    """The language a person's messages are written in: theirs, if the tenant offers it."""
    return person.language if person.language in tenant.languages else tenant.default_language


def _mail(
    template: str,
    invitation: MeetingInvitation,
    meeting: Meeting,
    person: Person,
    *,
    tenant: Tenant,
) -> None:
    zone = tenant.zone
    language = reading_language(person, tenant)
    send(
        template,
        to=person,
        key=f"{template}-{invitation.id}",
        context={
            "name": person.name,
            "title": pick(meeting.title, language, tenant.default_language),
            "kind": meeting.kind,  # the template names the kind when there is no title
            "when": when(meeting, zone, language),
            "place": meeting.place,
            "description": pick(meeting.description, language, tenant.default_language),
            "link": PersonalLink("meeting_rsvp", {"invitation_id": invitation.id}),
        },
    )


def invite(
    meeting: Meeting,
    *,
    tenant: Tenant,
    staff_id: int,
    ip: str = "",
) -> int:
    """Invite everyone the meeting is for who is not invited yet; returns how many."""
    already = set(
        db.session.scalars(
            select(MeetingInvitation.person_id).where(MeetingInvitation.meeting_id == meeting.id)
        )
    )
    invited = 0
    for person in invitees(meeting):
        if person.id in already:
            continue
        invitation = MeetingInvitation(meeting_id=meeting.id, person_id=person.id)
        db.session.add(invitation)
        db.session.flush()
        _mail(
            "meeting_invitation",
            invitation,
            meeting,
            person,
            tenant=tenant,
        )
        invited += 1
    record("meeting.invited", actor_id=staff_id, ip=ip, obj=meeting, people=invited)
    return invited


def answer_counts(meeting: Meeting) -> dict[str, int]:
    """How many are invited, and how many answered yes, no or nothing: one query."""
    query = (
        select(MeetingInvitation.answer, func.count())
        .where(MeetingInvitation.meeting_id == meeting.id)
        .group_by(MeetingInvitation.answer)
    )
    counts = {"yes": 0, "no": 0, "": 0, **dict(db.session.execute(query).all())}
    return {**counts, "invited": counts["yes"] + counts["no"] + counts[""]}


def rsvp(invitation: MeetingInvitation, meeting: Meeting, value: str, *, ip: str = "") -> None:
    """A person's own answer; they may change it until the meeting starts. A yes is
    refused when the meeting is full."""
    if value not in RSVP_ANSWERS:
        raise RsvpError("bad_answer")
    if meeting.starts_at <= utcnow():
        raise RsvpError("past")
    if (
        value == "yes"
        and invitation.answer != "yes"
        and meeting.capacity is not None
        and answer_counts(meeting)["yes"] >= meeting.capacity
    ):
        raise RsvpError("full")
    invitation.answer, invitation.answered_at = value, utcnow()
    record("meeting.answered", actor_id=None, ip=ip, obj=meeting, answer=value)


def remind_upcoming(*, tenant: Tenant, now=None) -> int:
    """Remind once, two days ahead, everyone invited who has not said no."""
    now = now or utcnow()
    query = (
        select(MeetingInvitation, Meeting)
        .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .where(
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMIND_BEFORE,
            MeetingInvitation.answer != "no",
            MeetingInvitation.reminded_at.is_(None),
        )
    )
    rows = db.session.execute(query).all()
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Person).where(Person.id.in_({i.person_id for i, _ in rows}))
        )
    }
    for invitation, meeting in rows:
        _mail(
            "meeting_reminder",
            invitation,
            meeting,
            people[invitation.person_id],
            tenant=tenant,
        )
        invitation.reminded_at = now
    return len(rows)


def guests(meeting: Meeting) -> list[tuple[MeetingInvitation, Person]]:
    query = (
        select(MeetingInvitation, Person)
        .join(Person, Person.id == MeetingInvitation.person_id)
        .where(MeetingInvitation.meeting_id == meeting.id)
        .order_by(Person.name, Person.id)
    )
    return [(invitation, person) for invitation, person in db.session.execute(query)]


def record_attendance(meeting: Meeting, came: set[int], *, staff_id: int, ip: str = "") -> None:
    """Who came (`came`: invitation ids); everyone else invited did not."""
    for invitation, _person in guests(meeting):
        invitation.attended = invitation.id in came
    record("meeting.attendance", actor_id=staff_id, ip=ip, obj=meeting, came=len(came))
