"""An import of an organisation's existing register, and the column mappings kept for reuse."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned

# reading (a job counts the rows) -> uploaded -> mapped (columns) -> checking ->
# checked (the dry run's report) -> importing -> done; a job that breaks leaves
# "failed" and nothing written, and so does a job whose worker died (the sweep: `lost`).
STATES = ("reading", "uploaded", "mapped", "checking", "checked", "importing", "done", "failed")
RUNNING_STATES = ("reading", "checking", "importing")
# A column with more distinct values than this is not a column of status words.
MAX_WORDS = 100


class RegisterImport(TenantOwned, Base):
    """One uploaded register file and everything decided about it.

    `columns` are the file's headers; `column_words` the distinct values of each
    column (by its index, as a string) found by the reading job, or None for a column
    with more than `MAX_WORDS` of them; `mapping` names a field (or "") for each
    column; `status_words` maps the organisation's own status words to Kaari's. The
    dry run leaves its `report` (counts and every row error); the import its counts.
    """

    __tablename__ = "register_imports"
    __table_args__ = (Index("ix_register_imports_tenant_created", "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_key: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(4))  # csv or xlsx
    columns: Mapped[list] = mapped_column(JSON, default=list)
    column_words: Mapped[dict] = mapped_column(JSON, default=dict)
    # When the reading job finished: until then the columns cannot be mapped.
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    mapping: Mapped[list] = mapped_column(JSON, default=list)
    status_words: Mapped[dict] = mapped_column(JSON, default=dict)
    default_role: Mapped[str] = mapped_column(String(10), default="")
    consent_basis: Mapped[str] = mapped_column(String(300), default="")
    informed_on: Mapped[date | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(String(10), default="reading")
    total_rows: Mapped[int] = mapped_column(default=0)
    processed_rows: Mapped[int] = mapped_column(default=0)
    # When the running step started or last committed its progress (see the sweep).
    progressed_at: Mapped[datetime | None] = mapped_column(default=None)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    failure: Mapped[str] = mapped_column(String(40), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportMapping(TenantOwned, Base):
    """A named mapping from header names to fields, to reuse on the next file."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # normalised header -> field
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
