"""The people of a group's pairs follow the group: placing a pair in a group puts both
members "in a group", closing the group completes them (see participants.lifecycle)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select

from kaari.core import db
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.participants import lifecycle
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, GroupPair


def pairs_placed(group: Group, pair_ids: Iterable[int], *, staff_id: int, ip: str = "") -> None:
    """Both members of the pairs just put in an open group are now in a group."""
    if group.status == "closed":
        return
    reason = lifecycle.cause("placed_in_group", group.name)
    for person in _members(select(Pair).where(Pair.id.in_(list(pair_ids)))):
        lifecycle.advance(person, "in_group", reason, actor_id=staff_id, ip=ip)


def group_closed(group: Group, *, staff_id: int, ip: str = "") -> None:
    """The group has closed: its members in a group have completed the programme, unless
    they still have a pair outside closed groups (a mentor with a second actor)."""
    pairs = select(Pair).join(GroupPair, GroupPair.pair_id == Pair.id)
    people = _members(pairs.where(GroupPair.group_id == group.id))
    busy = _in_open_pairs_elsewhere({person.id for person in people})
    reason = lifecycle.cause("group_closed", group.name)
    for person in people:
        if person.status == "in_group" and person.id not in busy:
            lifecycle.advance(person, "completed", reason, actor_id=staff_id, ip=ip)


def _members(pairs) -> list[Person]:
    """The actors and mentors of the open pairs among `pairs` (a select of Pair)."""
    rows = db.session.execute(
        pairs.where(Pair.status.in_(OPEN_PAIR_STATUSES)).with_only_columns(
            Pair.actor_id, Pair.mentor_id
        )
    ).all()
    ids = {person_id for row in rows for person_id in row}
    if not ids:
        return []
    query = select(Person).where(Person.id.in_(ids)).order_by(Person.id)
    return list(db.session.scalars(query))


def _in_open_pairs_elsewhere(person_ids: set[int]) -> set[int]:
    """Who of these people has an open pair in no group or in a group still open."""
    if not person_ids:
        return set()
    query = (
        select(Pair.actor_id, Pair.mentor_id)
        .outerjoin(GroupPair, GroupPair.pair_id == Pair.id)
        .outerjoin(Group, Group.id == GroupPair.group_id)
        .where(
            Pair.status.in_(OPEN_PAIR_STATUSES),
            or_(Pair.actor_id.in_(person_ids), Pair.mentor_id.in_(person_ids)),
            or_(Group.id.is_(None), Group.status != "closed"),
        )
    )
    return {pid for row in db.session.execute(query) for pid in row} & person_ids
