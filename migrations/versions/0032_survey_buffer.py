"""surveys: answers wait sealed and are released in batches; paper sheets void links;
the audit log forgets typed search texts and reasons

- `survey_pending_responses`: answers waiting for release (sealed, no person, no
  time, random key, no rowid on SQLite). Existing responses count as released.
- `surveys.remainder_released` and `survey_recipients.paper`.
- Audit entries keep that a search or a reason was typed, not its text: the
  register's search (`q`) and municipality in `people.exported`, and the reason in
  `pair.ended`, `pair.declined` and `pair.cancelled` are blanked in existing rows.
  The downgrade cannot bring the texts back, and it drops answers still waiting for
  release (close the surveys first: closing releases them).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kaari.tenancy.rls import enable_rls

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

AUDIT = sa.table(
    "tenant_audit_events",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("details", sa.JSON),
)
TYPED_FILTERS = ("q", "municipality")
PAIR_ENDINGS = ("pair.ended", "pair.declined", "pair.cancelled")


def _across_tenants(on: bool) -> None:
    """The owner is subject to the forced row-level security too (see 0027)."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def _without_typed_text(action: str, details: dict) -> dict:
    details = dict(details)
    if action == "people.exported":
        filters = dict(details.get("filters") or {})
        for key in TYPED_FILTERS:
            if filters.get(key) not in (None, "", True):
                filters[key] = True
        details["filters"] = filters
    elif "reason" in details:
        details["reason_given"] = bool(details.pop("reason"))
    return details


def _forget_typed_texts() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(AUDIT.c.id, AUDIT.c.action, AUDIT.c.details).where(
            AUDIT.c.action.in_(("people.exported", *PAIR_ENDINGS))
        )
    ).all()
    for event_id, action, details in rows:
        cleaned = _without_typed_text(action, details or {})
        if cleaned != details:
            op.execute(AUDIT.update().where(AUDIT.c.id == event_id).values(details=cleaned))


def upgrade() -> None:
    op.create_table(
        "survey_pending_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=5), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_pending_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_survey_pending_responses_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_pending_responses")),
        # No hidden rowid on SQLite: the storage order must say nothing.
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("survey_pending_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_pending_responses_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_survey_pending_responses_tenant_survey", ["tenant_id", "survey_id"], unique=False
        )
    enable_rls(op, "survey_pending_responses")

    # Not in batch mode: on SQLite a batch copy of `surveys` would drop it, and the
    # drop cascades into its recipients and responses. Adding a column is in place.
    op.add_column(
        "surveys",
        sa.Column("remainder_released", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "survey_recipients",
        sa.Column("paper", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    _across_tenants(True)
    _forget_typed_texts()
    _across_tenants(False)


def downgrade() -> None:
    op.drop_column("survey_recipients", "paper")
    op.drop_column("surveys", "remainder_released")
    with op.batch_alter_table("survey_pending_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_pending_responses_tenant_survey")
        batch_op.drop_index(batch_op.f("ix_survey_pending_responses_tenant_id"))
    op.drop_table("survey_pending_responses")
