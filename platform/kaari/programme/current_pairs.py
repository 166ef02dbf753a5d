"""A person's current pair and its group: the open pair they are in (the latest, in the
rare case of two), read for many people at once."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, or_, select

from kaari.core import db
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, GroupPair


def current_pairs(person_ids: Collection[int]) -> dict[int, Pair]:
    """Person id → their current pair, in one query."""
    ids = set(person_ids)
    if not ids:
        return {}
    query = (
        select(Pair)
        .where(Pair.status.in_(OPEN_PAIR_STATUSES))
        .where(or_(Pair.actor_id.in_(ids), Pair.mentor_id.in_(ids)))
        .order_by(Pair.id)
    )
    found: dict[int, Pair] = {}
    for pair in db.session.scalars(query):
        for member in (pair.actor_id, pair.mentor_id):
            if member in ids:
                found[member] = pair  # a later pair wins
    return found


def groups_of(pair_ids: Collection[int]) -> dict[int, Group]:
    """Pair id → the group it is in now, in one query."""
    if not pair_ids:
        return {}
    query = (
        select(GroupPair.pair_id, Group)
        .join(Group, Group.id == GroupPair.group_id)
        .where(GroupPair.pair_id.in_(set(pair_ids)))
    )
    return dict(db.session.execute(query).all())


def partner_of(pair: Pair, person_id: int) -> int:
    return pair.mentor_id if pair.actor_id == person_id else pair.actor_id


def in_a_current_pair(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """A condition on Person: a member of an open pair that meets the conditions."""
    where = (Pair.status.in_(OPEN_PAIR_STATUSES), *conditions)
    return or_(
        Person.id.in_(select(Pair.actor_id).where(*where)),
        Person.id.in_(select(Pair.mentor_id).where(*where)),
    )
