"""mentor rankings

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 18:19:57.708655
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentor_rankings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["people.id"],
            name=op.f("fk_mentor_rankings_actor_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["people.id"],
            name=op.f("fk_mentor_rankings_mentor_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_mentor_rankings_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_rankings")),
        sa.UniqueConstraint(
            "tenant_id", "actor_id", "mentor_id", name=op.f("uq_mentor_rankings_tenant_id")
        ),
    )
    with op.batch_alter_table("mentor_rankings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentor_rankings_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mentor_rankings_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentor_rankings_tenant_id"), ["tenant_id"], unique=False
        )

    enable_rls(op, "mentor_rankings")


def downgrade() -> None:
    with op.batch_alter_table("mentor_rankings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_rankings_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_mentor_rankings_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_mentor_rankings_actor_id"))

    op.drop_table("mentor_rankings")
