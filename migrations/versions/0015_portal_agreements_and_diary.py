"""portal, agreements and diary

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 22:39:33.728521
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_portal_links_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_portal_links_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_links")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_portal_links_token_digest")),
    )
    with op.batch_alter_table("portal_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_links_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_portal_links_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(length=200), nullable=False),
        sa.Column("meeting_length", sa.String(length=200), nullable=False),
        sa.Column("visits", sa.Text(), nullable=False),
        sa.Column("first_meeting_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["people.id"],
            name=op.f("fk_agreements_changed_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_agreements_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_agreements_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("tenant_id", "pair_id", name=op.f("uq_agreements_tenant_id")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "diary_sharing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("allowed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_diary_sharing_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_diary_sharing_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_diary_sharing_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_sharing")),
        sa.UniqueConstraint(
            "tenant_id", "pair_id", "person_id", name=op.f("uq_diary_sharing_tenant_id")
        ),
    )
    with op.batch_alter_table("diary_sharing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diary_sharing_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_diary_sharing_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_diary_sharing_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sent_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_nudges_pair_id_pairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_nudges_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nudges_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nudges_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "pair_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("next_topic", sa.String(length=300), nullable=False),
        sa.Column("homework_actor", sa.Text(), nullable=False),
        sa.Column("homework_mentor", sa.Text(), nullable=False),
        sa.Column("mentor_comment", sa.Text(), nullable=False),
        sa.Column("written_by", sa.Integer(), nullable=True),
        sa.Column("created_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            name=op.f("fk_pair_meetings_pair_id_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_pair_meetings_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by"],
            ["people.id"],
            name=op.f("fk_pair_meetings_written_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_meetings")),
    )
    with op.batch_alter_table("pair_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_meetings_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            "ix_pair_meetings_tenant_pair", ["tenant_id", "pair_id", "met_on"], unique=False
        )

    op.create_table(
        "agreement_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("typed_name", sa.String(length=120), nullable=False),
        sa.Column("signed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_signatures_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_agreement_signatures_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_agreement_signatures_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_signatures")),
        sa.UniqueConstraint(
            "tenant_id",
            "agreement_id",
            "version",
            "person_id",
            name=op.f("uq_agreement_signatures_tenant_id"),
        ),
    )
    with op.batch_alter_table("agreement_signatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_signatures_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_signatures_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_signatures_tenant_id"), ["tenant_id"], unique=False
        )

    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ended_at", kaari.core.db.UTCDateTime(timezone=True), nullable=True)
        )

    enable_rls(op, "portal_links")
    enable_rls(op, "agreements")
    enable_rls(op, "agreement_signatures")
    enable_rls(op, "pair_meetings")
    enable_rls(op, "diary_sharing")
    enable_rls(op, "nudges")


def downgrade() -> None:
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_column("ended_at")

    with op.batch_alter_table("agreement_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_signatures_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_signatures_person_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_signatures_agreement_id"))

    op.drop_table("agreement_signatures")
    with op.batch_alter_table("pair_meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_pair_meetings_tenant_pair")
        batch_op.drop_index(batch_op.f("ix_pair_meetings_tenant_id"))

    op.drop_table("pair_meetings")
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nudges_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_nudges_pair_id"))

    op.drop_table("nudges")
    with op.batch_alter_table("diary_sharing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diary_sharing_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_diary_sharing_person_id"))
        batch_op.drop_index(batch_op.f("ix_diary_sharing_pair_id"))

    op.drop_table("diary_sharing")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_pair_id"))

    op.drop_table("agreements")
    with op.batch_alter_table("portal_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portal_links_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_portal_links_person_id"))

    op.drop_table("portal_links")
