"""indexes for the staff pages at 20,000 people, and when each person got their status

- `outbox_messages (tenant_id, mailing_id, status, id)`: a mailing's progress page
  counts its recipients by state and reads each state's page in id order without
  reading the messages themselves.
- `tenant_audit_events (tenant_id, action)`: the audit log's filter lists the log's
  actions by stepping from one to the next in it, whatever the log's length.
- `people.status_since`: when the person got their present status (their last status
  change, else when they were added), kept by the app with the history; filled here
  from `status_changes`. With `(tenant_id, status, status_since, id)` the privacy
  page reads whose keeping time runs out first without grouping every person's
  history. SQLite adds a NOT NULL column only with a constant default: there it keeps
  one (1970, never used: the app sets the column and the update below fills it).

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:  # NOT NULL once filled, below
        op.add_column("people", sa.Column("status_since", sa.DateTime(timezone=True)))
    else:  # Alembic's add_column leaves NOT NULL out on SQLite
        op.execute(
            "ALTER TABLE people ADD COLUMN status_since DATETIME NOT NULL"
            " DEFAULT '1970-01-01 00:00:00.000000'"
        )
    op.execute(
        "UPDATE people SET status_since = coalesce("
        "(SELECT max(s.at) FROM status_changes s WHERE s.person_id = people.id), created_at)"
    )
    if postgres:
        op.alter_column("people", "status_since", nullable=False)
    op.create_index(
        "ix_people_tenant_status_since", "people", ["tenant_id", "status", "status_since", "id"]
    )
    op.create_index(
        "ix_outbox_messages_tenant_mailing_status",
        "outbox_messages",
        ["tenant_id", "mailing_id", "status", "id"],
    )
    op.create_index(
        "ix_tenant_audit_events_tenant_action", "tenant_audit_events", ["tenant_id", "action"]
    )


def downgrade() -> None:
    op.drop_index("ix_people_tenant_status_since", table_name="people")
    op.drop_column("people", "status_since")
    op.drop_index("ix_tenant_audit_events_tenant_action", table_name="tenant_audit_events")
    op.drop_index("ix_outbox_messages_tenant_mailing_status", table_name="outbox_messages")
