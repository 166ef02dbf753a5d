"""What every file store promises, run against each store (the same tests, not copies):
files follow the caller's transaction, keys cannot leave the tenant's part of the
store, and one tenant never reaches another's files."""

from __future__ import annotations

import pytest

from kaari.core import db, storage
from kaari.core.scoping import TenantScopeError, cross_tenant, tenant_scope
from kaari.core.storage import FileInfo, StorageKeyError

PDF = b"%PDF-1.7 a small file"


def test_a_file_is_written_read_listed_replaced_and_deleted(store, tenant_ids):
    with tenant_scope(tenant_ids[0]):
        store.put("pdf/pack/one.pdf", PDF, "application/pdf")
        store.put("logo/two.png", b"\x89PNG", "image/png")
        db.session.commit()
        assert store.get("pdf/pack/one.pdf") == PDF and store.exists("pdf/pack/one.pdf")
        assert list(store.files()) == [
            FileInfo("logo/two.png", "image/png", 4),
            FileInfo("pdf/pack/one.pdf", "application/pdf", len(PDF)),
        ]
        store.put("pdf/pack/one.pdf", b"%PDF new", "application/pdf")
        db.session.commit()
        assert store.get("pdf/pack/one.pdf") == b"%PDF new"
        store.delete(["pdf/pack/one.pdf", "pdf/never/written.pdf"])
        db.session.commit()
        assert store.get("pdf/pack/one.pdf") is None and not store.exists("pdf/pack/one.pdf")
        assert [file.key for file in store.files()] == ["logo/two.png"]


def test_a_rolled_back_write_leaves_nothing(store, tenant_ids):
    with tenant_scope(tenant_ids[0]):
        key = storage.new_key("pdf/pack", ".pdf")
        store.put(key, PDF, "application/pdf")
        assert store.get(key) == PDF  # the transaction sees its own write
        db.session.rollback()
        assert store.get(key) is None and list(store.files()) == []


def test_a_write_in_a_session_closed_without_commit_leaves_nothing(store, tenant_ids):
    with tenant_scope(tenant_ids[0]):
        store.put("logo/x.png", b"\x89PNG", "image/png")
        db.session.remove()  # the end of a request or job that failed before its commit
        assert store.get("logo/x.png") is None


def test_a_rolled_back_deletion_keeps_the_file(store, tenant_ids):
    with tenant_scope(tenant_ids[0]):
        store.put("logo/x.png", b"\x89PNG", "image/png")
        db.session.commit()
        store.delete(["logo/x.png"])
        store.delete_all()
        db.session.rollback()
        assert store.get("logo/x.png") == b"\x89PNG"


@pytest.mark.parametrize(
    "key",
    ["../1/logo/x.png", "logo/../../x", "/etc/passwd", "", "logo//x.png", "logo/", ".hidden",
     "logo/./x.png", "logo\\x.png", "a" * 201, "logo/x.png\x00"],
)  # fmt: skip
def test_a_key_that_could_leave_the_tenants_files_is_refused(store, tenant_ids, key):
    with tenant_scope(tenant_ids[0]):
        for call in (
            lambda: store.put(key, b"x", "text/plain"),
            lambda: store.get(key),
            lambda: store.exists(key),
            lambda: store.delete([key]),
        ):
            with pytest.raises(StorageKeyError):
                call()


def test_one_tenant_never_reaches_anothers_files(store, tenant_ids):
    alpha, beta = tenant_ids
    with tenant_scope(alpha):
        store.put("logo/secret.png", b"alpha's", "image/png")
        db.session.commit()
    with tenant_scope(beta):
        assert store.get("logo/secret.png") is None
        assert not store.exists("logo/secret.png")
        assert list(store.files()) == []
        store.delete(["logo/secret.png"])
        store.delete_all()
        db.session.commit()
    with tenant_scope(alpha):
        assert store.get("logo/secret.png") == b"alpha's"


def test_files_are_touched_only_in_one_tenants_scope(store, tenant_ids):
    for call in (lambda: store.get("logo/x.png"), lambda: list(store.files())):
        with pytest.raises(TenantScopeError):
            call()
        with cross_tenant(), pytest.raises(TenantScopeError):
            call()


def test_delete_all_takes_every_file_of_the_tenant_only(store, tenant_ids):
    alpha, beta = tenant_ids
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            store.put("pdf/pack/p.pdf", PDF, "application/pdf")
            store.put("logo/l.png", b"\x89PNG", "image/png")
    db.session.commit()
    with tenant_scope(alpha):
        store.delete_all()
        db.session.commit()
        assert list(store.files()) == []
    with tenant_scope(beta):
        assert len(list(store.files())) == 2
