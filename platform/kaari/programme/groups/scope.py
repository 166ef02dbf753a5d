"""Which groups a staff member may act on: every group of the tenant, or only the
groups they lead (the table group_leaders). Plain functions; the views build the
scope of the signed-in user in kaari.programme.groups.access."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kaari.core import db
from kaari.programme.groups.models import GroupLeader


@dataclass(frozen=True)
class GroupScope:
    """`led` holds the ids of the groups one may act on; None means every group."""

    led: frozenset[int] | None = None

    def allows(self, group_id: int | None) -> bool:
        """An object of the group (or of no group, such as an event for everyone)."""
        return self.led is None or group_id in self.led


EVERY_GROUP = GroupScope()


def scope_of(user_id: int, *, every_group: bool) -> GroupScope:
    """Every group, or the groups the user leads (one query)."""
    if every_group:
        return EVERY_GROUP
    query = select(GroupLeader.group_id).where(GroupLeader.user_id == user_id)
    return GroupScope(frozenset(db.session.scalars(query)))
