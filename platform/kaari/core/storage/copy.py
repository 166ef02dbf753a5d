"""Moving files between stores (`kaari storage copy`), e.g. from a development
directory into the database, or out of the database onto a shared volume."""

from __future__ import annotations

from collections.abc import Iterable

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.core.storage.base import FileStore

COMMIT_EVERY = 50  # files per transaction: bounded memory with the database store


def copy_files(source: FileStore, target: FileStore, tenant_ids: Iterable[int]) -> tuple[int, int]:
    """Copy every file of these tenants that `target` lacks; returns (copied, already
    there). Keys are written once (`new_key`), so a key that is there holds the same
    file, and running the copy again copies nothing."""
    copied = present = 0
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            for file in list(source.files()):
                if target.exists(file.key):
                    present += 1
                    continue
                content = source.get(file.key)
                if content is None:
                    continue  # deleted since it was listed
                target.put(file.key, content, file.content_type)
                copied += 1
                if copied % COMMIT_EVERY == 0:
                    db.session.commit()
        db.session.commit()
    return copied, present
