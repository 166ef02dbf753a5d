"""One storage interface for the files Kaari keeps (generated PDFs, tenant logos).

`STORAGE_URL` chooses the store: `database:` (rows of `stored_files`, the production
default) or `file:///absolute/path` (a directory, the development default). Code asks
`storage.current()` for the app's store and never writes files itself, so the web
processes keep nothing on their own disks. See docs/ARCHITECTURE.md, "Files".
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app

from kaari.core.config import ConfigError
from kaari.core.storage.base import FileInfo, FileStore, StorageKeyError, checked_key, new_key
from kaari.core.storage.database import DatabaseStore, StoredFile
from kaari.core.storage.filesystem import FilesystemStore

__all__ = [
    "DatabaseStore",
    "FileInfo",
    "FileStore",
    "FilesystemStore",
    "StorageKeyError",
    "StoredFile",
    "checked_key",
    "current",
    "for_app",
    "for_url",
    "new_key",
]


def for_url(url: str) -> FileStore:
    """The store a `STORAGE_URL` names, or ConfigError saying what is wrong with it."""
    if url == "database:":
        return DatabaseStore()
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost") and not parts.query:
        path = Path(unquote(parts.path))
        if path.is_absolute():
            return FilesystemStore(path)
    raise ConfigError(f"STORAGE_URL must be 'database:' or 'file:///an/absolute/path', not {url!r}")


def for_app(app: Flask) -> FileStore:
    if "kaari_storage" not in app.extensions:
        app.extensions["kaari_storage"] = for_url(app.config["STORAGE_URL"])
    return app.extensions["kaari_storage"]


def current() -> FileStore:
    """The store of the app in context."""
    return for_app(current_app)
