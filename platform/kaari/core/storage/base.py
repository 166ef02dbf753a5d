"""What every file store offers, and the rules for keys.

A store keeps the files of one tenant at a time: the tenant in scope
(`kaari.core.scoping`), as every query does, so no caller can name another
tenant's file. Writes and deletions follow the caller's transaction: what a rolled-back
transaction wrote is gone, and what it deleted is still there.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from kaari.core.scoping import TenantScopeError, current_tenant_id

MAX_KEY_LENGTH = 200
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


class StorageKeyError(ValueError):
    """A key that could leave the tenant's part of the store (`..`, `/x`) or is not
    a plain relative path of letters, digits, `.`, `_` and `-`."""


@dataclass(frozen=True)
class FileInfo:
    key: str
    content_type: str
    size: int


class FileStore(Protocol):
    """Files of the tenant in scope, under relative keys such as `pdf/pack/….pdf`."""

    url: str  # the STORAGE_URL that names this store

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write (or replace) the file in the caller's transaction."""

    def get(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""

    def exists(self, key: str) -> bool: ...

    def delete(self, keys: Iterable[str]) -> None:
        """Delete the files once the caller's transaction commits (missing keys are fine)."""

    def files(self) -> Iterator[FileInfo]:
        """Every file of the tenant, in key order."""

    def delete_all(self) -> None:
        """Delete every file of the tenant once the transaction commits (offboarding)."""


def scope_tenant_id() -> int:
    """The tenant whose files a store call touches: the one in scope. Cross-tenant
    code enters each tenant's scope in turn; no call spans tenants."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise TenantScopeError("files are read and written in one tenant's scope")
    return tenant_id


def checked_key(key: str) -> str:
    """The key itself if it is a safe relative path, else StorageKeyError."""
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH:
        raise StorageKeyError(f"a key is 1 to {MAX_KEY_LENGTH} characters: {key!r}")
    segments = key.split("/")
    if not all(_SEGMENT.fullmatch(segment) for segment in segments):  # no "", ".", ".."
        raise StorageKeyError(f"not a safe relative key: {key!r}")
    return key


def new_key(prefix: str, suffix: str) -> str:
    """A key no other write uses (`logo/3f…a1.png`): every write gets a fresh key, so
    undoing a rolled-back write can never remove a file that someone else committed."""
    return checked_key(f"{prefix}/{secrets.token_hex(16)}{suffix}")
