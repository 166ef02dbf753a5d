"""tenants: published, so that a new organisation stays out of the directory and its
join form closed until its admin publishes it

- `tenants.published`, false for organisations created from now on; every organisation
  that exists when this migration runs is already public, so it is published.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

TENANTS = sa.table("tenants", sa.column("published", sa.Boolean))


def upgrade() -> None:
    # In place, not in batch mode: adding a column needs no copy of the table. The
    # tenants table is not tenant-owned, so no row-level security applies to it.
    op.add_column(
        "tenants",
        sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(TENANTS.update().values(published=True))


def downgrade() -> None:
    op.drop_column("tenants", "published")
