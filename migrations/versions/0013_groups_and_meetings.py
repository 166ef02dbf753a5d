"""groups and meetings

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 21:13:30.873114
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("target_group_id", sa.Integer(), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_group_id"],
            ["target_groups.id"],
            name=op.f("fk_groups_target_group_id_target_groups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_groups_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_groups_tenant_id")),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_groups_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "group_leaders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_leaders_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_group_leaders_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_group_leaders_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_leaders")),
        sa.UniqueConstraint(
            "tenant_id", "group_id", "user_id", name=op.f("uq_group_leaders_tenant_id")
        ),
    )
    with op.batch_alter_table("group_leaders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_leaders_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_leaders_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_leaders_user_id"), ["user_id"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("starts_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("trainer", sa.String(length=120), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_meetings_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_meetings_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_meetings_tenant_starts", ["tenant_id", "starts_at"], unique=False)

    op.create_table(
        "group_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_pairs_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_group_pairs_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_group_pairs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_pairs")),
        sa.UniqueConstraint("tenant_id", "pair_id", name=op.f("uq_group_pairs_tenant_id")),
    )
    with op.batch_alter_table("group_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_pairs_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_pairs_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_pairs_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "pair_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("from_group_id", sa.Integer(), nullable=True),
        sa.Column("to_group_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("moved_by", sa.Integer(), nullable=True),
        sa.Column("moved_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_group_id"],
            ["groups.id"],
            name=op.f("fk_pair_moves_from_group_id_groups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moved_by"],
            ["users.id"],
            name=op.f("fk_pair_moves_moved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_pair_moves_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_pair_moves_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_group_id"],
            ["groups.id"],
            name=op.f("fk_pair_moves_to_group_id_groups"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_moves")),
    )
    with op.batch_alter_table("pair_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_moves_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pair_moves_tenant_id"), ["tenant_id"], unique=False)

    enable_rls(op, "groups")
    enable_rls(op, "group_leaders")
    enable_rls(op, "group_pairs")
    enable_rls(op, "pair_moves")
    enable_rls(op, "meetings")


def downgrade() -> None:
    with op.batch_alter_table("pair_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_moves_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_pair_moves_pair_id"))

    op.drop_table("pair_moves")
    with op.batch_alter_table("group_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_pairs_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_group_pairs_pair_id"))
        batch_op.drop_index(batch_op.f("ix_group_pairs_group_id"))

    op.drop_table("group_pairs")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_tenant_starts")
        batch_op.drop_index(batch_op.f("ix_meetings_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_group_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("group_leaders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_leaders_user_id"))
        batch_op.drop_index(batch_op.f("ix_group_leaders_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_group_leaders_group_id"))

    op.drop_table("group_leaders")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_tenant_id"))

    op.drop_table("groups")
