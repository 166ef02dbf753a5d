"""facts staff record for a pair: meetings heard of, agreements signed on paper, and
pairs that do not keep the meeting log

- `pair_meetings.by_staff`, `recorded_by` (users.id) and `staff_note`: a meeting staff
  recorded is a row of the pair's log, so every count of the log includes it. Rows
  before this revision were all logged by the pairs.
- `paper_agreements`: an agreement signed on paper (date, who was present, the scan's
  key in the file store).
- `log_opt_outs`: a pair said in the portal that it does not keep the log.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pair_meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("by_staff", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("recorded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("staff_note", sa.Text(), nullable=False, server_default=""))
        batch_op.create_foreign_key(
            batch_op.f("fk_pair_meetings_recorded_by_users"),
            "users",
            ["recorded_by"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "paper_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("actor_present", sa.Boolean(), nullable=False),
        sa.Column("mentor_present", sa.Boolean(), nullable=False),
        sa.Column("coordinator_present", sa.Boolean(), nullable=False),
        sa.Column("scan_key", sa.String(length=200), nullable=True),
        sa.Column("scan_type", sa.String(length=40), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_paper_agreements_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_paper_agreements_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_paper_agreements_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_agreements")),
        sa.UniqueConstraint("tenant_id", "pair_id", name=op.f("uq_paper_agreements_tenant_id")),
    )
    with op.batch_alter_table("paper_agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_agreements_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_paper_agreements_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "log_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("chosen_by", sa.Integer(), nullable=True),
        sa.Column("chosen_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_log_opt_outs_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chosen_by"],
            ["people.id"],
            name=op.f("fk_log_opt_outs_chosen_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_log_opt_outs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_opt_outs")),
        sa.UniqueConstraint("tenant_id", "pair_id", name=op.f("uq_log_opt_outs_tenant_id")),
    )
    with op.batch_alter_table("log_opt_outs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_opt_outs_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_log_opt_outs_chosen_by"), ["chosen_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_log_opt_outs_tenant_id"), ["tenant_id"], unique=False)

    enable_rls(op, "paper_agreements")
    enable_rls(op, "log_opt_outs")


def downgrade() -> None:
    with op.batch_alter_table("log_opt_outs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_opt_outs_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_log_opt_outs_chosen_by"))
        batch_op.drop_index(batch_op.f("ix_log_opt_outs_pair_id"))
    op.drop_table("log_opt_outs")
    with op.batch_alter_table("paper_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_agreements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_paper_agreements_pair_id"))
    op.drop_table("paper_agreements")
    with op.batch_alter_table("pair_meetings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_pair_meetings_recorded_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("staff_note")
        batch_op.drop_column("recorded_by")
        batch_op.drop_column("by_staff")
