"""data_requests: requests from data subjects, due a month after receipt

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-29 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("received_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=True),
        sa.Column("link_expires_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by"],
            ["users.id"],
            name=op.f("fk_data_requests_answered_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_data_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_data_requests_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_requests")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_data_requests_token_digest")),
    )
    with op.batch_alter_table("data_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_requests_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_requests_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_data_requests_tenant_open", ["tenant_id", "answered_at", "due_at"], unique=False
        )
    enable_rls(op, "data_requests")


def downgrade() -> None:
    op.drop_table("data_requests")
