"""reports read from a cache, and a run's proposal details stored apart from its header

- `report_caches`: the tables of the staff reports page of one period and language,
  counted at `computed_at` (recounted when from an earlier day, on request, and by
  the nightly job).
- `proposal_details`: each proposal's explanation (`parts`) and alternatives, one row
  per actor of a run; the run's `result` keeps actor, mentor, score and pin of each
  proposal. The upgrade moves existing runs' details into rows; the downgrade puts
  them back.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kaari.core.db
from kaari.tenancy.rls import enable_rls

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

DETAILS = ("parts", "alternatives")


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=op.f(f"fk_{table}_tenant_id_tenants"),
        ondelete="CASCADE",
    )


def _runs() -> sa.Table:
    return sa.table(
        "matching_runs",
        sa.column("id", sa.Integer),
        sa.column("tenant_id", sa.Integer),
        sa.column("result", sa.JSON),
    )


def _details() -> sa.Table:
    return sa.table(
        "proposal_details",
        sa.column("tenant_id", sa.Integer),
        sa.column("run_id", sa.Integer),
        sa.column("actor_id", sa.Integer),
        sa.column("parts", sa.JSON),
        sa.column("alternatives", sa.JSON),
    )


def upgrade() -> None:
    op.create_table(
        "report_caches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("computed_at", kaari.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        _tenant_fk("report_caches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_caches")),
        sa.UniqueConstraint(
            "tenant_id", "period_start", "period_end", "language", name="uq_report_caches_period"
        ),
    )
    op.create_index(op.f("ix_report_caches_tenant_id"), "report_caches", ["tenant_id"])
    op.create_table(
        "proposal_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["matching_runs.id"],
            name=op.f("fk_proposal_details_run_id_matching_runs"),
            ondelete="CASCADE",
        ),
        _tenant_fk("proposal_details"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_details")),
        sa.UniqueConstraint("run_id", "actor_id", name=op.f("uq_proposal_details_run_id")),
    )
    op.create_index(op.f("ix_proposal_details_tenant_id"), "proposal_details", ["tenant_id"])
    enable_rls(op, "report_caches")
    enable_rls(op, "proposal_details")

    connection = op.get_bind()
    runs, details = _runs(), _details()
    for run_id, tenant_id, result in connection.execute(sa.select(runs)).all():
        proposals = (result or {}).get("proposals", [])
        if not proposals:
            continue
        connection.execute(
            sa.insert(details),
            [
                {"tenant_id": tenant_id, "run_id": run_id, "actor_id": p["actor"]}
                | {key: p.get(key, []) for key in DETAILS}
                for p in proposals
            ],
        )
        header = [{k: v for k, v in p.items() if k not in DETAILS} for p in proposals]
        connection.execute(
            sa.update(runs)
            .where(runs.c.id == run_id)
            .values(result={**result, "proposals": header})
        )


def downgrade() -> None:
    connection = op.get_bind()
    runs, details = _runs(), _details()
    found: dict[int, dict[int, dict]] = {}
    for row in connection.execute(sa.select(details)).all():
        found.setdefault(row.run_id, {})[row.actor_id] = {k: getattr(row, k) for k in DETAILS}
    for run_id, _tenant_id, result in connection.execute(sa.select(runs)).all():
        if run_id not in found:
            continue
        proposals = [p | found[run_id].get(p["actor"], {}) for p in result["proposals"]]
        connection.execute(
            sa.update(runs)
            .where(runs.c.id == run_id)
            .values(result={**result, "proposals": proposals})
        )
    op.drop_index(op.f("ix_proposal_details_tenant_id"), table_name="proposal_details")
    op.drop_table("proposal_details")
    op.drop_index(op.f("ix_report_caches_tenant_id"), table_name="report_caches")
    op.drop_table("report_caches")
