"""register filters: occupation code, language level and search text on people

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 17:18:33.416907
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PEOPLE = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("tenant_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("email", sa.String),
    sa.column("municipality", sa.String),
    sa.column("question", sa.Text),
    sa.column("answers", sa.JSON),
    sa.column("occupation_code", sa.String),
    sa.column("language_level", sa.String),
    sa.column("search_text", sa.Text),
)


def _search_text(row) -> str:
    texts = [row.name, row.email, row.municipality, row.question]
    for key, value in (row.answers or {}).items():
        if not key.startswith("_") and not key.endswith("_code"):
            texts.extend(value if isinstance(value, list) else [value])
    return "\n".join(str(text) for text in texts if text).lower()


def _fill_existing_rows() -> None:
    """Copy the new columns from the answers, tenant by tenant (row-level security on
    PostgreSQL shows each tenant's rows only with its id set for the transaction)."""
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    for tenant_id in bind.execute(sa.text("SELECT id FROM tenants")).scalars().all():
        if postgres:
            bind.execute(
                sa.text("SELECT set_config('app.tenant_id', :id, true)"), {"id": str(tenant_id)}
            )
        for row in bind.execute(sa.select(PEOPLE).where(PEOPLE.c.tenant_id == tenant_id)).all():
            answers = row.answers or {}
            bind.execute(
                PEOPLE.update()
                .where(PEOPLE.c.id == row.id)
                .values(
                    occupation_code=answers.get("occupation_code") or None,
                    language_level=answers.get("finnish_level") or "",
                    search_text=_search_text(row),
                )
            )
    if postgres:
        bind.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupation_code", sa.String(length=4), nullable=True))
        batch_op.add_column(
            sa.Column("language_level", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index("ix_people_tenant_name", ["tenant_id", "name"], unique=False)
        batch_op.create_index(
            "ix_people_tenant_registered", ["tenant_id", "registered_at"], unique=False
        )
    _fill_existing_rows()


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_tenant_registered")
        batch_op.drop_index("ix_people_tenant_name")
        batch_op.drop_column("search_text")
        batch_op.drop_column("language_level")
        batch_op.drop_column("occupation_code")
