"""polls: a group has one feedback survey and any number of short polls

- `surveys.kind` ("feedback" or "poll"), `surveys.title` and `surveys.named` (polls).
- The unique constraint on (tenant, group) becomes a unique index on the feedback
  surveys only.
- `survey_recipients.named_answers`: a named poll's answers.

On SQLite a constraint goes only with a copy of the table, and dropping the old
`surveys` would cascade into its recipients and responses: the copy runs with foreign
keys off, which SQLite allows only outside a transaction that has written rows. If
this run has already written some and there are surveys to keep, the migration stops
and asks to be run on its own (`kaari db upgrade` again does that).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

FEEDBACK_ONLY = sa.text("kind = 'feedback'")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _across_tenants(on: bool) -> None:
    """The owner is subject to the forced row-level security too (see 0027)."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def _foreign_keys_off() -> None:
    """SQLite: foreign keys off for the copy of `surveys` (see the docstring). They
    stay off for the rest of this run's connection, which is closed after it."""
    bind = op.get_bind()
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    still_on = bind.exec_driver_sql("PRAGMA foreign_keys").scalar()
    if still_on and bind.exec_driver_sql("SELECT count(*) FROM surveys").scalar():
        raise RuntimeError("run `kaari db upgrade` again: 0041 must copy `surveys` on its own")


def upgrade() -> None:
    op.add_column(
        "surveys",
        sa.Column("kind", sa.String(length=10), nullable=False, server_default="feedback"),
    )
    op.add_column(
        "surveys", sa.Column("title", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
    )
    op.add_column(
        "surveys", sa.Column("named", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("survey_recipients", sa.Column("named_answers", sa.JSON(), nullable=True))
    if _sqlite():
        _foreign_keys_off()
    with op.batch_alter_table("surveys", recreate="always" if _sqlite() else "auto") as batch:
        batch.drop_constraint("uq_surveys_tenant_id", type_="unique")
        batch.create_index(
            "uq_surveys_feedback_group",
            ["tenant_id", "group_id"],
            unique=True,
            sqlite_where=FEEDBACK_ONLY,
            postgresql_where=FEEDBACK_ONLY,
        )


def downgrade() -> None:
    """Polls go, with their recipients and answers: the old schema has no room for them."""
    if _sqlite():
        _foreign_keys_off()
    _across_tenants(True)
    polls = "SELECT id FROM surveys WHERE kind = 'poll'"
    for table in ("survey_responses", "survey_pending_responses", "survey_recipients"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE survey_id IN ({polls})"))
    op.execute(sa.text("DELETE FROM surveys WHERE kind = 'poll'"))
    _across_tenants(False)
    with op.batch_alter_table("surveys", recreate="always" if _sqlite() else "auto") as batch:
        batch.drop_index("uq_surveys_feedback_group")
        batch.create_unique_constraint("uq_surveys_tenant_id", ["tenant_id", "group_id"])
    op.drop_column("survey_recipients", "named_answers")
    op.drop_column("surveys", "named")
    op.drop_column("surveys", "title")
    op.drop_column("surveys", "kind")
