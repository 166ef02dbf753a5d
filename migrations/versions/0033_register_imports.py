"""register imports: an organisation's existing register brought in from a file

- `register_imports`: one uploaded file, its column and status mapping, the consent
  basis, the dry run's report and the import's progress and counts.
- `import_mappings`: column mappings saved under a name for the next file.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 20:51:30.398805
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_import_mappings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_import_mappings_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
    )
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_mappings_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "register_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_key", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("status_words", sa.JSON(), nullable=False),
        sa.Column("default_role", sa.String(length=10), nullable=False),
        sa.Column("consent_basis", sa.String(length=300), nullable=False),
        sa.Column("informed_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("failure", sa.String(length=40), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_register_imports_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_register_imports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_imports")),
    )
    with op.batch_alter_table("register_imports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_register_imports_tenant_created", ["tenant_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_register_imports_tenant_id"), ["tenant_id"], unique=False
        )

    enable_rls(op, "import_mappings")
    enable_rls(op, "register_imports")


def downgrade() -> None:

    with op.batch_alter_table("register_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_imports_tenant_id"))
        batch_op.drop_index("ix_register_imports_tenant_created")

    op.drop_table("register_imports")
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_mappings_tenant_id"))

    op.drop_table("import_mappings")
