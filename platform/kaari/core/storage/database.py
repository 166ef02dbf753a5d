"""Files as rows of `stored_files`, in the caller's transaction: the production default.

No extra service to run, the files are in the database's backups and point-in-time
recovery with the rows that name them, and row-level security guards them like any
other tenant-owned table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, defer, mapped_column

from kaari.core import db
from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.core.storage.base import FileInfo, checked_key, scope_tenant_id


class StoredFile(TenantOwned, Base):
    """One file of a tenant (a generated PDF, a logo) under its key."""

    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DatabaseStore:
    """`database:`. Every statement is an ORM statement, so tenant scoping applies
    (and each method first insists that there is one tenant in scope)."""

    url = "database:"

    def _where_key(self, key: str):
        scope_tenant_id()
        return StoredFile.key == checked_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        query = select(StoredFile).options(defer(StoredFile.content)).where(self._where_key(key))
        row = db.session.scalar(query)
        if row is None:
            row = StoredFile(key=key)
            db.session.add(row)
        row.content, row.content_type, row.size = data, content_type, len(data)
        db.session.flush()

    def get(self, key: str) -> bytes | None:
        query = select(StoredFile.content).where(self._where_key(key))
        return db.session.scalar(query)

    def exists(self, key: str) -> bool:
        query = select(StoredFile.id).where(self._where_key(key))
        return db.session.scalar(query) is not None

    def delete(self, keys: Iterable[str]) -> None:
        scope_tenant_id()
        keys = [checked_key(key) for key in keys]
        if keys:
            db.session.execute(delete(StoredFile).where(StoredFile.key.in_(keys)))

    def files(self) -> Iterator[FileInfo]:
        scope_tenant_id()
        query = select(StoredFile.key, StoredFile.content_type, StoredFile.size).order_by(
            StoredFile.key
        )
        for key, content_type, size in db.session.execute(query):
            yield FileInfo(key, content_type, size)

    def delete_all(self) -> None:
        scope_tenant_id()
        db.session.execute(delete(StoredFile))
