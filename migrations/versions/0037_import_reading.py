"""register imports: the file is read by a job, not in the upload request

- `register_imports.column_words` (each column's distinct values, the status words
  among them) and `read_at` (when the reading job finished).
- Imports read before this revision are marked read when they were uploaded.
  Those not yet imported cannot be mapped without their column words: they are
  failed as "gone" (the page asks for the file again), and their files are deleted
  by the sweep a week after the upload, as every unfinished import's are.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-07 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

IMPORTS = sa.table(
    "register_imports",
    sa.column("state", sa.String),
    sa.column("failure", sa.String),
    sa.column("created_at", kaari.core.db.UTCDateTime(timezone=True)),
    sa.column("read_at", kaari.core.db.UTCDateTime(timezone=True)),
)


def _across_tenants(on: bool) -> None:
    """The owner is subject to the forced row-level security too (see 0027)."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def upgrade() -> None:
    op.add_column(
        "register_imports",
        sa.Column("column_words", sa.JSON(), nullable=False, server_default="{}"),
    )
    op.add_column(
        "register_imports",
        sa.Column("read_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
    )
    _across_tenants(True)
    op.execute(IMPORTS.update().values(read_at=IMPORTS.c.created_at))
    op.execute(
        IMPORTS.update()
        .where(IMPORTS.c.state.not_in(("done", "failed")))
        .values(state="failed", failure="gone")
    )
    _across_tenants(False)


def downgrade() -> None:
    with op.batch_alter_table("register_imports") as batch:
        batch.drop_column("read_at")
        batch.drop_column("column_words")
