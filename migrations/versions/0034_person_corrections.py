"""person corrections: staff corrections of a person's data, with old and new value

- `person_corrections`: one corrected value (contact detail or answer), the form
  version of the answer, who corrected it and on which data request.

Revision ID: 0034_corrections
Revises: 0033
Create Date: 2026-12-07 21:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0034_corrections"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=True),
        sa.Column("data_request_id", sa.Integer(), nullable=True),
        sa.Column("corrected_by", sa.Integer(), nullable=True),
        sa.Column("at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by"],
            ["users.id"],
            name=op.f("fk_person_corrections_corrected_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["data_request_id"],
            ["data_requests.id"],
            name=op.f("fk_person_corrections_data_request_id_data_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_corrections_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_person_corrections_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_corrections")),
    )
    with op.batch_alter_table("person_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_corrections_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_corrections_tenant_id"), ["tenant_id"], unique=False
        )
    enable_rls(op, "person_corrections")


def downgrade() -> None:
    with op.batch_alter_table("person_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_corrections_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_person_corrections_person_id"))
    op.drop_table("person_corrections")
