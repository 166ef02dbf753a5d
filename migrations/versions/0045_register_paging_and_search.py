"""register: deep pages from the index, search by trigrams

- `ix_people_tenant_created`, `ix_people_tenant_name` and
  `ix_people_tenant_registered` end on `id`, as the list's orders do, so that a deep
  page's ids are read from the index alone (an index-only scan) and only its 50
  people are fetched.
- `ix_people_search_text_trgm` and `ix_person_notes_text_trgm`: on PostgreSQL, GIN
  indexes of trigrams (the `pg_trgm` extension, which a database owner may create)
  for the search's `LIKE '%text%'`, so that a search that matches few or nobody
  does not read the whole register. SQLite makes plain indexes of them.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-08 04:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0045"
down_revision = "0044"
branch_labels = None
depends_on = None

ORDERS = {
    "ix_people_tenant_created": "created_at",
    "ix_people_tenant_name": "name",
    "ix_people_tenant_registered": "registered_at",
}
TRIGRAMS = {
    "ix_people_search_text_trgm": ("people", "search_text"),
    "ix_person_notes_text_trgm": ("person_notes", "text"),
}


def upgrade() -> None:
    for name, column in ORDERS.items():
        op.drop_index(name, table_name="people")
        op.create_index(name, "people", ["tenant_id", column, "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, column) in TRIGRAMS.items():
        op.create_index(
            name,
            table,
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade() -> None:
    for name, (table, _column) in TRIGRAMS.items():
        op.drop_index(name, table_name=table)
    for name, column in ORDERS.items():
        op.drop_index(name, table_name="people")
        op.create_index(name, "people", ["tenant_id", column])
