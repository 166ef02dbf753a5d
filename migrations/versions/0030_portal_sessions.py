"""portal_sessions: a participant's portal lives on the server, one row per device

Portal links become single-use. The sessions of before lived in the signed cookie
(the id of the link) and are not carried over; so that nobody has to ask for a new
link because of the upgrade, every unexpired link opens the portal once more.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.core.db import utcnow
from kaari.tenancy.rls import enable_rls

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

PORTAL_LINKS = sa.table(
    "portal_links",
    sa.column("used_at", kaari.core.db.UTCDateTime),
    sa.column("expires_at", kaari.core.db.UTCDateTime),
)


def _across_tenants(on: bool) -> None:
    """On PostgreSQL the owner is subject to the forced row-level security too."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def upgrade() -> None:
    op.create_table(
        "portal_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("device", sa.String(length=60), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_portal_sessions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_portal_sessions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_sessions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_portal_sessions_token_digest")),
    )
    with op.batch_alter_table("portal_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_sessions_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f("ix_portal_sessions_person_id"), ["person_id"])
    enable_rls(op, "portal_sessions")
    _across_tenants(True)
    op.execute(
        PORTAL_LINKS.update().where(PORTAL_LINKS.c.expires_at > utcnow()).values(used_at=None)
    )
    _across_tenants(False)


def downgrade() -> None:
    op.drop_table("portal_sessions")
