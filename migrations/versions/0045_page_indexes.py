"""indexes for the staff pages at 20,000 people

- `outbox_messages (tenant_id, mailing_id, status, id)`: a mailing's progress page
  counts its recipients by state and reads each state's page in id order without
  reading the messages themselves.
- `tenant_audit_events (tenant_id, action)`: the audit log's filter lists the log's
  actions by stepping from one to the next in it, whatever the log's length.

Revision ID: 0045
Revises: 0042
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0045"
down_revision = "0042"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_messages_tenant_mailing_status",
        "outbox_messages",
        ["tenant_id", "mailing_id", "status", "id"],
    )
    op.create_index(
        "ix_tenant_audit_events_tenant_action", "tenant_audit_events", ["tenant_id", "action"]
    )


def downgrade() -> None:
    op.drop_index("ix_tenant_audit_events_tenant_action", table_name="tenant_audit_events")
    op.drop_index("ix_outbox_messages_tenant_mailing_status", table_name="outbox_messages")
