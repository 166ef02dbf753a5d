"""report facts: the aggregate rows national reporting reads

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 02:06:05.688145
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("target_group", sa.String(length=40), nullable=False),
        sa.Column("isco_major", sa.String(length=1), nullable=False),
        sa.Column("isced_broad", sa.String(length=2), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_report_facts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_facts")),
        sa.UniqueConstraint(
            "tenant_id",
            "year",
            "measure",
            "category",
            "role",
            "target_group",
            "isco_major",
            "isced_broad",
            name="uq_report_facts_cell",
        ),
    )
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_facts_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_report_facts_year_measure", ["year", "measure"], unique=False)

    enable_rls(op, "report_facts")


def downgrade() -> None:
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_report_facts_year_measure")
        batch_op.drop_index(batch_op.f("ix_report_facts_tenant_id"))

    op.drop_table("report_facts")
