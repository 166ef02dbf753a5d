"""What a participant sees in their portal: their pairs, the other member once both
have confirmed, their group and its meetings, with their own invitations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from kaari.core import db
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, GroupPair, Meeting, MeetingInvitation

# Pairs a member sees in the portal; declined and cancelled pairs never began.
PORTAL_PAIR_STATUSES = ("invited", "confirmed", "ended")


@dataclass(frozen=True)
class PortalPair:
    pair: Pair
    other: Person
    group: Group | None

    @property
    def contact_visible(self) -> bool:
        """Contact details are shared once both members have said yes."""
        return self.pair.status == "confirmed"


def pairs_of(person: Person) -> list[PortalPair]:
    """The person's pairs (a mentor may have several), newest first, in two queries."""
    query = (
        select(Pair, Group)
        .outerjoin(GroupPair, GroupPair.pair_id == Pair.id)
        .outerjoin(Group, Group.id == GroupPair.group_id)
        .where(
            or_(Pair.actor_id == person.id, Pair.mentor_id == person.id),
            Pair.status.in_(PORTAL_PAIR_STATUSES),
        )
        .order_by(Pair.created_at.desc())
    )
    rows = db.session.execute(query).all()
    others = {p.actor_id if p.mentor_id == person.id else p.mentor_id for p, _group in rows}
    people = {
        other.id: other for other in db.session.scalars(select(Person).where(Person.id.in_(others)))
    }
    return [
        PortalPair(
            pair, people[pair.actor_id if pair.mentor_id == person.id else pair.mentor_id], group
        )
        for pair, group in rows
    ]


def pair_of(person: Person, pair_id: int) -> Pair | None:
    """One of the person's own pairs; anyone else's is None."""
    query = select(Pair).where(
        Pair.id == pair_id,
        or_(Pair.actor_id == person.id, Pair.mentor_id == person.id),
        Pair.status.in_(PORTAL_PAIR_STATUSES),
    )
    return db.session.scalar(query)


@dataclass(frozen=True)
class PersonMeeting:
    meeting: Meeting
    invitation: MeetingInvitation | None


def meetings_of(person: Person) -> list[PersonMeeting]:
    """The meetings of the person's groups and every event they are invited to,
    by time, each with the person's invitation if there is one."""
    groups = (
        select(GroupPair.group_id)
        .join(Pair, Pair.id == GroupPair.pair_id)
        .where(
            or_(Pair.actor_id == person.id, Pair.mentor_id == person.id),
            Pair.status.in_(("invited", "confirmed")),
        )
    )
    invited = select(MeetingInvitation.meeting_id).where(MeetingInvitation.person_id == person.id)
    query = (
        select(Meeting, MeetingInvitation)
        .outerjoin(
            MeetingInvitation,
            (MeetingInvitation.meeting_id == Meeting.id)
            & (MeetingInvitation.person_id == person.id),
        )
        .where(or_(Meeting.group_id.in_(groups), Meeting.id.in_(invited)))
        .order_by(Meeting.starts_at)
    )
    return [PersonMeeting(meeting, invitation) for meeting, invitation in db.session.execute(query)]


def invitation_of(person: Person, invitation_id: int) -> MeetingInvitation | None:
    query = select(MeetingInvitation).where(
        MeetingInvitation.id == invitation_id, MeetingInvitation.person_id == person.id
    )
    return db.session.scalar(query)


def other_member(pair: Pair, person: Person) -> Person:
    other_id = pair.actor_id if pair.mentor_id == person.id else pair.mentor_id
    return db.session.get_one(Person, other_id)
