"""stored_files: generated PDFs and tenant logos behind one file store (kaari.core.storage)

The tenants' logos move from `tenants.logo` into `stored_files` (the database store,
the production default) and `tenants.logo_key` names them. Stored PDFs are a cache:
their rows go instead of their bytes, and group files that pointed at one are queued
again, so the sweep (`materials.jobs.sweep_group_packs`) builds them anew.

A development database on the file store (`file:///…`) has its logos in
`stored_files` after this; `kaari storage copy --from database: --to <its STORAGE_URL>`
puts them where the app reads them. The downgrade reads logos back from
`stored_files`: copy them there first (`kaari storage copy --to database:`).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import mimetypes
import secrets

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.core.db import utcnow
from kaari.tenancy.rls import enable_rls

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

TENANTS = sa.table(
    "tenants",
    sa.column("id", sa.Integer),
    sa.column("logo", sa.LargeBinary),
    sa.column("logo_key", sa.String),
    sa.column("logo_mimetype", sa.String),
)
STORED_FILES = sa.table(
    "stored_files",
    sa.column("tenant_id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("content", sa.LargeBinary),
)
GROUP_PACKS = sa.table(
    "group_packs",
    sa.column("stored_pdf_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("done", sa.Integer),
    sa.column("finished_at", kaari.core.db.UTCDateTime),
)


def _across_tenants(on: bool) -> None:
    """On PostgreSQL the owner is subject to the forced row-level security too: the
    data moves here see every tenant's rows only with the cross-tenant flag set."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def _forget_stored_pdfs() -> None:
    """Stored PDFs are made again on request; group files that had one are queued."""
    op.execute(
        GROUP_PACKS.update()
        .where(GROUP_PACKS.c.stored_pdf_id.is_not(None))
        .values(stored_pdf_id=None, status="queued", done=0, finished_at=None)
    )
    op.execute(sa.text("DELETE FROM stored_pdfs"))


def upgrade() -> None:
    stored_files = op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stored_files_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint("tenant_id", "key", name=op.f("uq_stored_files_tenant_id")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_files_tenant_id"), ["tenant_id"])
    _across_tenants(True)

    # Logos move into the store. Not in batch mode: on SQLite that would copy and
    # drop `tenants`, and dropping it cascades into every tenant-owned table; SQLite
    # (3.35+) and PostgreSQL both add and drop a plain column in place.
    op.add_column("tenants", sa.Column("logo_key", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    logos = bind.execute(
        sa.select(TENANTS.c.id, TENANTS.c.logo, TENANTS.c.logo_mimetype).where(
            TENANTS.c.logo.is_not(None)
        )
    ).all()
    files = []
    for tenant_id, content, mimetype in logos:
        key = f"logo/{secrets.token_hex(16)}{mimetypes.guess_extension(mimetype) or ''}"
        files.append(
            {
                "tenant_id": tenant_id,
                "key": key,
                "content": content,
                "content_type": mimetype or "application/octet-stream",
                "size": len(content),
                "created_at": utcnow(),
            }
        )
        op.execute(TENANTS.update().where(TENANTS.c.id == tenant_id).values(logo_key=key))
    if files:
        op.bulk_insert(stored_files, files)
    op.drop_column("tenants", "logo")

    _forget_stored_pdfs()
    with op.batch_alter_table("stored_pdfs", schema=None) as batch_op:
        batch_op.drop_column("content")
        batch_op.add_column(sa.Column("file_key", sa.String(length=200), nullable=False))
    _across_tenants(False)
    enable_rls(op, "stored_files")


def downgrade() -> None:
    _across_tenants(True)
    op.add_column("tenants", sa.Column("logo", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    logos = bind.execute(
        sa.select(TENANTS.c.id, STORED_FILES.c.content).join(
            STORED_FILES,
            (STORED_FILES.c.tenant_id == TENANTS.c.id) & (STORED_FILES.c.key == TENANTS.c.logo_key),
        )
    ).all()
    for tenant_id, content in logos:
        op.execute(TENANTS.update().where(TENANTS.c.id == tenant_id).values(logo=content))
    op.drop_column("tenants", "logo_key")

    _forget_stored_pdfs()
    with op.batch_alter_table("stored_pdfs", schema=None) as batch_op:
        batch_op.drop_column("file_key")
        batch_op.add_column(sa.Column("content", sa.LargeBinary(), nullable=False))
    _across_tenants(False)
    op.drop_table("stored_files")
