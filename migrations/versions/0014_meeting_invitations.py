"""meeting invitations

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 21:44:19.391892
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=3), nullable=False),
        sa.Column("invited_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_invitations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_meeting_invitations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_meeting_invitations_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_invitations")),
        sa.UniqueConstraint(
            "tenant_id", "meeting_id", "person_id", name=op.f("uq_meeting_invitations_tenant_id")
        ),
    )
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_tenant_id"), ["tenant_id"], unique=False
        )

    enable_rls(op, "meeting_invitations")


def downgrade() -> None:
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_person_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_meeting_id"))

    op.drop_table("meeting_invitations")
