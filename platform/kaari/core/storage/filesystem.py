"""Files under a directory, `<root>/<tenant id>/<key>`: the development default, and
a production option only on a volume that every web and worker process shares.

The file system knows no transactions, so this store follows the caller's:

* a write lands at once (a temporary file renamed over the key, so a reader never sees
  half a file) and is removed again if the transaction rolls back; keys come from
  `new_key()`, so such a file was never anyone else's;
* a deletion waits for the commit (`kaari.core.jobs.after_commit`), so a rolled-back
  deletion keeps the file.

A process killed between the write and the commit leaves an unreferenced file behind;
nothing reads it, and it goes with the tenant's directory at offboarding.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from kaari.core import db
from kaari.core.jobs import after_commit
from kaari.core.storage.base import FileInfo, checked_key, scope_tenant_id

_WRITTEN = "kaari_storage_written"  # session.info: files to remove if the transaction fails


class FilesystemStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.url = self.root.as_uri()

    def _tenant_dir(self) -> Path:
        return self.root / str(scope_tenant_id())

    def _path(self, key: str) -> Path:
        return self._tenant_dir() / checked_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write the file; `content_type` is not kept: it is read from the key's suffix."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if not existed:
            session = db.session()
            if not session.in_transaction():
                session.begin()  # so that the transaction's end is an event we see
            session.info.setdefault(_WRITTEN, []).append(path)

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, keys: Iterable[str]) -> None:
        paths = [self._path(key) for key in keys]
        if paths:
            after_commit(lambda: _remove(paths))

    def files(self) -> Iterator[FileInfo]:
        folder = self._tenant_dir()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.name.startswith(".tmp-"):
                continue  # a write under way (or one cut short)
            key = path.relative_to(folder).as_posix()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            yield FileInfo(key, content_type, path.stat().st_size)

    def delete_all(self) -> None:
        folder = self._tenant_dir()
        after_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@event.listens_for(db.session_factory, "after_commit")
def _keep_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


@event.listens_for(db.session_factory, "after_transaction_end")
def _undo_written(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended without a commit: its new files go."""
    if transaction.parent is None:
        with contextlib.suppress(OSError):
            _remove(session.info.pop(_WRITTEN, []))
