"""a mailing's write in batches: how many it goes to, and who is writing it

- `mailings.recipient_count`: the audience counted when its messages are written (the
  mailing page shows how many of them are written so far).
- `mailings.writing_until`: the lease of the job writing the messages, renewed with
  every batch; the outbox sweep hands the mailing to a new job only once it ran out.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mailings", sa.Column("recipient_count", sa.Integer(), nullable=True))
    op.add_column(
        "mailings",
        sa.Column("writing_until", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for column in ("writing_until", "recipient_count"):
        op.drop_column("mailings", column)
