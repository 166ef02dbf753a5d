"""platform settings (the national disclosure threshold)

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-29 02:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.db

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", kaari.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_platform_settings")),
    )


def downgrade() -> None:
    op.drop_table("platform_settings")
