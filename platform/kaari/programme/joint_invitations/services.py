"""The accepted pairs not yet invited, each with its group's kick-off and the two
introductions prefilled from what each member agreed to share; and sending the joint
invitations of the pairs the coordinator chose, in one go.

A pair in no group (or in a group with no kick-off meeting yet) is not invited: the
joint invitation is the invitation to the kick-off, so it waits until the pair has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import force_locale
from sqlalchemy import select

from kaari.core import db
from kaari.matching import invitations
from kaari.matching.models import Pair, PairStatus
from kaari.matching.services import people_by_id
from kaari.participants import sharing
from kaari.participants.models import Person
from kaari.programme.groups.invitations import reading_language, when
from kaari.programme.groups.models import Group, GroupPair, Meeting
from kaari.tenancy.models import Tenant

INTRODUCTION_LENGTH = 2000


@dataclass(frozen=True)
class Candidate:
    """An accepted pair waiting for its joint invitation, and where it would go."""

    pair: Pair
    actor: Person
    mentor: Person
    group: Group | None
    kickoff: Meeting | None

    @property
    def ready(self) -> bool:
        """Whether the invitation can name the kick-off."""
        return self.kickoff is not None

    @property
    def place(self) -> str:
        """Where the kick-off is: the meeting's place, else where the group usually meets."""
        if self.kickoff is None or self.group is None:
            return ""
        return self.kickoff.place or self.group.venue


def candidates() -> list[Candidate]:
    """Accepted pairs not yet invited, oldest first (four queries, however many)."""
    query = select(Pair).where(Pair.status == PairStatus.PROPOSED)
    pairs = list(db.session.scalars(query.order_by(Pair.created_at, Pair.id)))
    if not pairs:
        return []
    people = people_by_id({p.actor_id for p in pairs} | {p.mentor_id for p in pairs})
    placed = db.session.execute(
        select(GroupPair.pair_id, Group)
        .join(Group, Group.id == GroupPair.group_id)
        .where(GroupPair.pair_id.in_([p.id for p in pairs]))
    )
    group_of = dict(placed.all())
    kickoffs = _kickoffs({group.id for group in group_of.values()})
    return [
        Candidate(
            pair,
            people[pair.actor_id],
            people[pair.mentor_id],
            group_of.get(pair.id),
            kickoffs.get(group_of[pair.id].id) if pair.id in group_of else None,
        )
        for pair in pairs
        if pair.actor_id in people and pair.mentor_id in people
    ]


def _kickoffs(group_ids: set[int]) -> dict[int, Meeting]:
    """Each group's kick-off meeting (the first, if a group has several)."""
    kickoffs: dict[int, Meeting] = {}
    if group_ids:
        query = select(Meeting).where(Meeting.group_id.in_(group_ids), Meeting.kind == "kickoff")
        for meeting in db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)):
            kickoffs.setdefault(meeting.group_id or 0, meeting)
    return kickoffs


def prefilled(about: Person, reader: Person, *, tenant: Tenant) -> str:
    """What `reader` is told about `about`: the answers `about` agreed to share with a
    pair, one "label: answer" line each, in the reader's language."""
    with force_locale(reading_language(reader, tenant)):
        rows = sharing.labelled(invitations.introduction(about))
    return "\n".join(f"{label}: {answer}" for label, answer in rows)


def letter(
    candidate: Candidate, reader: Person, introduction: str, *, tenant: Tenant
) -> invitations.Letter:
    """One member's invitation: the introduction as edited and the kick-off, in their
    language."""
    assert candidate.group is not None and candidate.kickoff is not None
    return invitations.Letter(
        introduction=introduction.strip()[:INTRODUCTION_LENGTH],
        group=candidate.group.name,
        kickoff_when=when(candidate.kickoff, tenant.zone, reading_language(reader, tenant)),
        kickoff_place=candidate.place,
    )


def invite(
    chosen: Mapping[int, tuple[str, str]],
    *,
    tenant: Tenant,
    staff_id: int,
    ip: str = "",
) -> int:
    """Invite the chosen pairs (pair id -> (what the actor reads about the mentor, what
    the mentor reads about the actor)); returns how many were invited. Pairs already
    invited meanwhile (a second click, another coordinator) and pairs with no kick-off
    are left out, so sending again never invites a pair twice."""
    waiting = select(Pair).where(Pair.status == PairStatus.PROPOSED, Pair.id.in_(chosen))
    db.session.scalars(waiting.with_for_update()).all()  # the second click waits here
    invited = 0
    for candidate in candidates():
        if candidate.pair.id not in chosen or not candidate.ready:
            continue
        for_actor, for_mentor = chosen[candidate.pair.id]
        invitations.invite(
            candidate.pair,
            tenant=tenant,
            staff_id=staff_id,
            ip=ip,
            letters={
                candidate.actor.id: letter(candidate, candidate.actor, for_actor, tenant=tenant),
                candidate.mentor.id: letter(candidate, candidate.mentor, for_mentor, tenant=tenant),
            },
        )
        invited += 1
    return invited
