"""lifecycle: people's statuses follow the groups their pairs are in

Until now placing a pair in a group and closing a group left the members' statuses
where they were. This sets existing people to the state the programme now keeps
(see kaari.participants.lifecycle), each move with a status history row citing this
migration:

- a member of an open pair in a group that is not closed → "in_group";
- a member of an open pair in a closed group, with no open pair elsewhere →
  "completed".

Only forward moves along the arc: people in a side exit, already completed, or
further on stay where they are. The downgrade leaves the statuses as they are.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.core.db import utcnow

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

REASON = "data_migration:0036"  # shown as a cause by kaari.participants.lifecycle
OPEN_PAIRS = ("proposed", "invited", "confirmed")
BEFORE_IN_GROUP = ("contacted", "registration_sent", "registered", "waiting", "matched")

PEOPLE = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("tenant_id", sa.Integer),
    sa.column("status", sa.String),
)
PAIRS = sa.table(
    "pairs",
    sa.column("id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("mentor_id", sa.Integer),
    sa.column("status", sa.String),
)
GROUP_PAIRS = sa.table(
    "group_pairs", sa.column("pair_id", sa.Integer), sa.column("group_id", sa.Integer)
)
GROUPS = sa.table("groups", sa.column("id", sa.Integer), sa.column("status", sa.String))
CHANGES = sa.table(
    "status_changes",
    sa.column("tenant_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("old_status", sa.String),
    sa.column("new_status", sa.String),
    sa.column("reason", sa.String),
    sa.column("changed_by_id", sa.Integer),
    sa.column("at", kaari.core.db.UTCDateTime(timezone=True)),
)


def _in_open_pairs(bind, *where) -> set[int]:
    """The ids of the actors and mentors of open pairs whose group (if any) matches."""
    query = (
        sa.select(PAIRS.c.actor_id, PAIRS.c.mentor_id)
        .select_from(PAIRS)
        .outerjoin(GROUP_PAIRS, GROUP_PAIRS.c.pair_id == PAIRS.c.id)
        .outerjoin(GROUPS, GROUPS.c.id == GROUP_PAIRS.c.group_id)
        .where(PAIRS.c.status.in_(OPEN_PAIRS), *where)
    )
    return {person_id for row in bind.execute(query) for person_id in row}


def _move(bind, person_ids: set[int], from_statuses: tuple[str, ...], to: str) -> int:
    if not person_ids:
        return 0
    people = bind.execute(
        sa.select(PEOPLE.c.id, PEOPLE.c.tenant_id, PEOPLE.c.status).where(
            PEOPLE.c.id.in_(sorted(person_ids)), PEOPLE.c.status.in_(from_statuses)
        )
    ).all()
    now = utcnow()
    for person_id, tenant_id, status in people:
        bind.execute(PEOPLE.update().where(PEOPLE.c.id == person_id).values(status=to))
        bind.execute(
            CHANGES.insert().values(
                tenant_id=tenant_id,
                person_id=person_id,
                old_status=status,
                new_status=to,
                reason=REASON,
                changed_by_id=None,
                at=now,
            )
        )
    return len(people)


def move_people_along(bind) -> int:
    """Set the people of grouped pairs to the status their groups say; returns how many
    moved."""
    closed = GROUPS.c.status == "closed"
    in_open_groups = _in_open_pairs(bind, GROUPS.c.id.is_not(None), sa.not_(closed))
    elsewhere = _in_open_pairs(bind, sa.or_(GROUPS.c.id.is_(None), sa.not_(closed)))
    finished = _in_open_pairs(bind, closed) - elsewhere
    moved = _move(bind, in_open_groups, BEFORE_IN_GROUP, "in_group")
    return moved + _move(bind, finished, (*BEFORE_IN_GROUP, "in_group"), "completed")


def _across_tenants(on: bool) -> None:
    """The owner is subject to the forced row-level security too (see 0027)."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def upgrade() -> None:
    _across_tenants(True)
    move_people_along(op.get_bind())
    _across_tenants(False)


def downgrade() -> None:
    """The statuses stay: which ones this migration set is in the status history."""
