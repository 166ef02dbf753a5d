"""outbox person link

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 04:35:30.227170
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_person_id"), ["person_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_person_id_people"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_messages_person_id"))
        batch_op.drop_column("person_id")
