"""platform settings (the national disclosure threshold) and the national rollup

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-29 02:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_platform_settings")),
    )
    op.create_table(
        "national_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_facts")),
        sa.UniqueConstraint(
            "year", "measure", "category", "dimension", "value", name="uq_national_facts_cell"
        ),
    )
    with op.batch_alter_table("national_facts", schema=None) as batch_op:
        batch_op.create_index("ix_national_facts_dimension_year", ["dimension", "year"])


def downgrade() -> None:
    with op.batch_alter_table("national_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_national_facts_dimension_year")
    op.drop_table("national_facts")
    op.drop_table("platform_settings")
