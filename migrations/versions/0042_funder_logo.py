"""funder on the pack's cover: the name and logo of the body that funds a network

- `tenants.funder_name`, `tenants.funder_logo_key` and `tenants.funder_logo_mimetype`:
  kept like the network's own logo (the picture in the file store under its key).
  The downgrade leaves a funder's logo file in the store; `kaari storage` lists it.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-08 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("funder_name", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("funder_logo_key", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                "funder_logo_mimetype", sa.String(length=40), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("funder_logo_mimetype")
        batch_op.drop_column("funder_logo_key")
        batch_op.drop_column("funder_name")
