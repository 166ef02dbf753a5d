"""re-confirmation of interest

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 04:39:14.873369
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reconfirm_asked_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reconfirmed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("reconfirmed_at")
        batch_op.drop_column("reconfirm_asked_at")
