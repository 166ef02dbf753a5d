"""privacy_notices: every published wording of a tenant's privacy notice

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-29 03:10:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.core.db import utcnow
from kaari.tenancy.rls import enable_rls

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _loaded(value) -> dict:
    if isinstance(value, str):
        return json.loads(value or "{}") or {}
    return value or {}


def upgrade() -> None:
    notices = op.create_table(
        "privacy_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("published_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_privacy_notices_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notices")),
        sa.UniqueConstraint("tenant_id", "version", name=op.f("uq_privacy_notices_tenant_id")),
    )
    with op.batch_alter_table("privacy_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_notices_tenant_id"), ["tenant_id"])
    # The wording in use now becomes the tenant's current version (before RLS is on).
    tenants = op.get_bind().execute(sa.text("SELECT id, texts, settings FROM tenants"))
    rows = [
        {
            "tenant_id": tenant_id,
            "version": _loaded(settings).get("privacy_notice_version", 1),
            "texts": _loaded(texts).get("privacy_notice") or {},
            "published_at": utcnow(),
        }
        for tenant_id, texts, settings in tenants
    ]
    if rows:
        op.bulk_insert(notices, rows)
    enable_rls(op, "privacy_notices")


def downgrade() -> None:
    op.drop_table("privacy_notices")
