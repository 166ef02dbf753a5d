"""register imports: when the running step last made progress, for the sweep that
fails an import whose worker died

- `register_imports.progressed_at`. Imports running when this migration runs (their
  workers stopped for the deploy) count from now: the sweep fails them after its
  timeout unless they are started again.

Revision ID: 0035
Revises: 0034_corrections
Create Date: 2026-12-07 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db

revision = "0035"
down_revision = "0034_corrections"
branch_labels = None
depends_on = None

IMPORTS = sa.table(
    "register_imports",
    sa.column("state", sa.String),
    sa.column("progressed_at", kaari.core.db.UTCDateTime(timezone=True)),
)


def _across_tenants(on: bool) -> None:
    """The owner is subject to the forced row-level security too (see 0027)."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def upgrade() -> None:
    # In place, not in batch mode: adding a column needs no copy of the table.
    op.add_column(
        "register_imports",
        sa.Column("progressed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
    )
    _across_tenants(True)
    op.execute(
        IMPORTS.update()
        .where(IMPORTS.c.state.in_(("checking", "importing")))
        .values(progressed_at=kaari.core.db.utcnow())
    )
    _across_tenants(False)


def downgrade() -> None:
    op.drop_column("register_imports", "progressed_at")
