"""past_pairs: pairs of erased people as keyed hashes (no personal data)

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-29 02:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "past_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_past_pairs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_past_pairs")),
        sa.UniqueConstraint("tenant_id", "digest", name=op.f("uq_past_pairs_tenant_id")),
    )
    with op.batch_alter_table("past_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_past_pairs_tenant_id"), ["tenant_id"], unique=False)
    enable_rls(op, "past_pairs")


def downgrade() -> None:
    op.drop_table("past_pairs")
