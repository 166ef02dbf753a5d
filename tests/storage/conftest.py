"""Both file stores, each against the real database (SQLite or PostgreSQL) and a real
directory, and two tenants without files of their own."""

from __future__ import annotations

import pytest

from kaari.core import db, storage
from kaari.tenancy import services as tenancy


@pytest.fixture(params=["database", "file"])
def store(request, app_context, tmp_path) -> storage.FileStore:
    url = "database:" if request.param == "database" else (tmp_path / "files").as_uri()
    return storage.for_url(url)


@pytest.fixture
def tenant_ids(app_context) -> tuple[int, int]:
    ids = tuple(
        tenancy.create_tenant(slug, slug.title(), "fi", ["fi"]).id for slug in ("alpha", "beta")
    )
    db.session.commit()
    return ids
