"""A tenant's configuration of the material pack, and the PDFs already made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core import db, storage
from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.tenancy.models import Translations


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
    covers every input (texts, dates, branding, names, language, template version).
    The file itself is in `kaari.core.storage` under `file_key`."""

    __tablename__ = "stored_pdfs"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "input_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "pack", "pair_pack", "group_pack"
    input_hash: Mapped[str] = mapped_column(String(64))
    file_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


GROUP_PACK_STATUSES = ("queued", "running", "done", "failed")
PDFS_WITH_NAMES = ("pair_pack", "agreement", "group_pack")


class GroupPack(TenantOwned, Base):
    """One file with every pair's pack of a group, made in the background: how far it
    has come, and the stored PDF once it is ready."""

    __tablename__ = "group_packs"
    __table_args__ = (Index("ix_group_packs_tenant_group", "tenant_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)  # pairs laid out so far
    total: Mapped[int] = mapped_column(default=0)
    stored_pdf_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_pdfs.id", ondelete="SET NULL"), default=None
    )
    requested_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


def forget_pdfs_with_names(_person_id: int) -> None:
    """Generated PDFs are a cache keyed by a hash, so which of them name the person
    cannot be told: erasing anyone forgets the tenant's PDFs that carry names, and
    their files."""
    with_names = StoredPdf.kind.in_(PDFS_WITH_NAMES)
    storage.current().delete(db.session.scalars(select(StoredPdf.file_key).where(with_names)))
    db.session.execute(delete(GroupPack))
    db.session.execute(delete(StoredPdf).where(with_names))
