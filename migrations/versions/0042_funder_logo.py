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
    # Plain ADD/DROP COLUMN, not a batch copy: on SQLite a copy drops `tenants`, and
    # with foreign keys on that would cascade into every tenant's rows.
    op.add_column(
        "tenants",
        sa.Column("funder_name", sa.String(length=120), nullable=False, server_default=""),
    )
    op.add_column("tenants", sa.Column("funder_logo_key", sa.String(length=200), nullable=True))
    op.add_column(
        "tenants",
        sa.Column("funder_logo_mimetype", sa.String(length=40), nullable=False, server_default=""),
    )


def downgrade() -> None:
    for column in ("funder_logo_mimetype", "funder_logo_key", "funder_name"):
        op.drop_column("tenants", column)
