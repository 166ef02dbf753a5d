"""material packs: section configuration and stored PDFs

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-28 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("updated_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_pack_sections_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_sections")),
        sa.UniqueConstraint("tenant_id", "key", name=op.f("uq_pack_sections_tenant_id")),
    )
    with op.batch_alter_table("pack_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pack_sections_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "stored_pdfs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stored_pdfs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_pdfs")),
        sa.UniqueConstraint(
            "tenant_id", "kind", "input_hash", name=op.f("uq_stored_pdfs_tenant_id")
        ),
    )
    with op.batch_alter_table("stored_pdfs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_pdfs_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "group_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("stored_pdf_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_packs_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_pdf_id"],
            ["stored_pdfs.id"],
            name=op.f("fk_group_packs_stored_pdf_id_stored_pdfs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_group_packs_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_group_packs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_packs")),
    )
    with op.batch_alter_table("group_packs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_group_packs_tenant_group", ["tenant_id", "group_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_group_packs_tenant_id"), ["tenant_id"], unique=False)

    enable_rls(op, "pack_sections")
    enable_rls(op, "stored_pdfs")
    enable_rls(op, "group_packs")


def downgrade() -> None:
    with op.batch_alter_table("group_packs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_packs_tenant_id"))
        batch_op.drop_index("ix_group_packs_tenant_group")
    op.drop_table("group_packs")
    with op.batch_alter_table("stored_pdfs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_pdfs_tenant_id"))
    op.drop_table("stored_pdfs")
    with op.batch_alter_table("pack_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pack_sections_tenant_id"))
    op.drop_table("pack_sections")
