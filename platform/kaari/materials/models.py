"""A tenant's configuration of the material pack, and the PDFs already made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.db import Base, utcnow
from kaari.tenancy.models import TenantOwned, Translations


class PackSection(TenantOwned, Base):
    """How one section of the pack is used by the tenant: its place, whether it is in
    the pack, and its own Markdown text per language (empty: Kaari's text). A section
    without a row keeps its default place, is in the pack and uses Kaari's text."""

    __tablename__ = "pack_sections"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(default=0)
    enabled: Mapped[bool] = mapped_column(default=True)
    text: Mapped[Translations] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StoredPdf(TenantOwned, Base):
    """A PDF made once and served again while its inputs are the same: the hash
    covers every input (texts, dates, branding, names, language, template version)."""

    __tablename__ = "stored_pdfs"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "input_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "pack", "pair_pack", "group_pack"
    input_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
