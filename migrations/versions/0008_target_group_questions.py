"""target group questions

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 04:46:54.780891
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_group_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "outside_target_groups", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_people_target_group_id_target_groups"),
            "target_groups",
            ["target_group_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("questions", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("target_groups", schema=None) as batch_op:
        batch_op.drop_column("questions")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_people_target_group_id_target_groups"), type_="foreignkey"
        )
        batch_op.drop_column("outside_target_groups")
        batch_op.drop_column("target_group_id")
