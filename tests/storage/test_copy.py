"""An operator moves every tenant's files from one store to another with
`kaari storage copy`, either way, and running it again copies nothing."""

from __future__ import annotations

import pytest

from kaari.core import db, storage
from kaari.core.scoping import tenant_scope
from kaari.core.storage import FileInfo


@pytest.mark.parametrize("direction", ["file -> database", "database -> file"])
def test_every_tenants_files_are_copied_once(app, tenant_ids, tmp_path, direction):
    directory = (tmp_path / "files").as_uri()
    source, target = (directory, "database:") if direction.startswith("file") else (
        "database:", directory)  # fmt: skip
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            storage.for_url(source).put("logo/l.svg", f"<svg>{tenant_id}</svg>".encode(),
                                        "image/svg+xml")  # fmt: skip
            storage.for_url(source).put("pdf/pack/p.pdf", b"%PDF", "application/pdf")
    db.session.commit()

    def copy() -> str:
        result = app.test_cli_runner().invoke(
            args=["storage", "copy", "--from", source, "--to", target]
        )
        assert result.exit_code == 0, result.output
        return result.output

    assert copy() == f"copied 4 files from {source} to {target} (0 were there already)\n"
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            copied = storage.for_url(target)
            assert list(copied.files()) == [
                FileInfo("logo/l.svg", "image/svg+xml", len(f"<svg>{tenant_id}</svg>")),
                FileInfo("pdf/pack/p.pdf", "application/pdf", 4),
            ]
            assert copied.get("logo/l.svg") == f"<svg>{tenant_id}</svg>".encode()
    assert copy().startswith("copied 0 files") and "(4 were there already)" in copy()


def test_a_store_that_does_not_exist_is_refused(app):
    result = app.test_cli_runner().invoke(args=["storage", "copy", "--to", "s3://bucket"])
    assert result.exit_code == 2 and "STORAGE_URL must be 'database:'" in result.output
