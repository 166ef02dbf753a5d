"""A coordinator makes one file of every pair's pack of a group: it is built by a
background job (inline here, with no Redis), its progress is shown, and the file has
each pair's pack with its own page numbers."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import func, select, update

from kaari.audit.models import TenantAuditEvent
from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.materials.jobs import make_group_pack, prune_stored_pdfs, sweep_group_packs
from kaari.materials.models import GroupPack, StoredPdf
from tests.helpers import put_pairs_in_group


def test_a_coordinator_makes_the_groups_file_of_every_pairs_pack(app, coordinator, world):
    put_pairs_in_group(
        app, world.a.tenant_id, world.a.group_id, [("Aino Äijö", "fi"), ("Björn Åström", "sv")]
    )
    group_page = f"/alpha/staff/groups/{world.a.group_id}"
    start = f"/alpha/staff/materials/groups/{world.a.group_id}/packs"
    response = coordinator.submit(start, {"language": "sv"}, form_url=group_page)
    assert response.status_code == 302
    status = coordinator.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Download the file (PDF)" in status  # inline: ready by the time the page opens
    file_url = response.headers["Location"] + "/pack.pdf"
    reader = PdfReader(io.BytesIO(coordinator.get(file_url).data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) == 2 * 19
    assert "Aino Äijö" in pages[0] and "Björn Åström" in pages[19]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        actions = db.session.scalars(select(TenantAuditEvent.action)).all()
        assert "materials.group_pack_downloaded" in actions  # a PDF with names was read
    assert "Mentorskapsavtal" in "\n".join(pages)  # in the language chosen
    assert "1 / 19" not in pages[0] and "2 / 19" in pages[20]  # each pack counts its own pages
    with app.app_context(), tenant_scope(world.a.tenant_id):
        made = db.session.get(GroupPack, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert (made.status, made.done, made.total) == ("done", 2, 2)


def test_a_group_without_pairs_gets_no_file(coordinator, world):
    group_page = f"/alpha/staff/groups/{world.a.group_id}"
    url = f"/alpha/staff/materials/groups/{world.a.group_id}/packs?lang=en"
    response = coordinator.submit(url, {"language": "fi"}, form_url=f"{group_page}?lang=en")
    assert response.status_code == 302 and response.headers["Location"].endswith(group_page)


def test_a_file_still_being_made_shows_its_progress(app, coordinator, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pack = GroupPack(group_id=world.a.group_id, language="fi", status="running", done=3,
                         total=12)  # fmt: skip
        db.session.add(pack)
        db.session.commit()
        url = f"/alpha/staff/materials/groups/{world.a.group_id}/packs/{pack.id}"
    page = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "3 of 12 pairs ready" in page and 'http-equiv="refresh"' in page
    assert coordinator.get(url + "/pack.pdf").status_code == 404


def _pack(app, world, status: str, age: timedelta) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pack = GroupPack(group_id=world.a.group_id, language="fi", status=status, total=1,
                         created_at=utcnow() - age)  # fmt: skip
        db.session.add(pack)
        db.session.commit()
        return pack.id


def _status(app, world, pack_id: int) -> str | None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pack = db.session.get(GroupPack, pack_id)
        return None if pack is None else pack.status


def test_the_sweep_builds_the_files_whose_job_was_lost(app, world):
    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Aino Äijö", "fi")])
    never_run = _pack(app, world, "queued", timedelta(minutes=15))  # Redis was down
    worker_died = _pack(app, world, "running", timedelta(hours=2))
    just_asked = _pack(app, world, "queued", timedelta(minutes=1))  # its job is coming
    being_made = _pack(app, world, "running", timedelta(minutes=5))
    with app.app_context():
        assert sweep_group_packs() == 2
        assert sweep_group_packs() == 0
    assert _status(app, world, never_run) == _status(app, world, worker_died) == "done"
    assert _status(app, world, just_asked) == "queued"
    assert _status(app, world, being_made) == "running"


def test_a_pack_is_built_by_one_job_only(app, world):
    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Aino Äijö", "fi")])
    pack_id = _pack(app, world, "queued", timedelta(0))
    with app.app_context():
        make_group_pack(world.a.tenant_id, pack_id)
        with tenant_scope(world.a.tenant_id):
            db.session.execute(update(GroupPack).values(done=0))  # a second job would redo it
            db.session.commit()
        make_group_pack(world.a.tenant_id, pack_id)
        make_group_pack(world.a.tenant_id, pack_id, True)  # the sweep's, were it lost
        with tenant_scope(world.a.tenant_id):
            assert db.session.get(GroupPack, pack_id).done == 0


def _pdf_files() -> list[str]:
    return [f.key for f in storage.current().files() if f.content_type == "application/pdf"]


def test_old_files_are_forgotten_and_made_again_on_request(app, coordinator, world, pair_of_a):
    assert coordinator.get(pair_of_a.staff_url).status_code == 200  # stored now
    old = _pack(app, world, "done", timedelta(days=40))
    recent = _pack(app, world, "done", timedelta(days=2))
    with app.app_context():
        assert prune_stored_pdfs() == (1, 0)  # the stored pack is new
        with tenant_scope(world.a.tenant_id):
            db.session.execute(update(StoredPdf).values(created_at=utcnow() - timedelta(days=31)))
            db.session.commit()
            (pdf_file,) = _pdf_files()
        assert prune_stored_pdfs() == (0, 1)
        with tenant_scope(world.a.tenant_id):
            assert not storage.current().exists(pdf_file)  # the file went with its row
    assert _status(app, world, old) is None and _status(app, world, recent) == "done"
    response = coordinator.get(pair_of_a.staff_url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(func.count()).select_from(StoredPdf)) == 1


def test_the_groups_file_keeps_each_packs_tags_and_contents_links(app, coordinator, world):
    """Screen readers follow the file's tags through every pack, and a pack's contents
    lead to its own sections, not to the first pack's."""
    put_pairs_in_group(
        app, world.a.tenant_id, world.a.group_id, [("Aino Äijö", "fi"), ("Björn Åström", "sv")]
    )
    group_page = f"/alpha/staff/groups/{world.a.group_id}"
    start = f"/alpha/staff/materials/groups/{world.a.group_id}/packs"
    response = coordinator.submit(start, {"language": "fi"}, form_url=group_page)
    reader = PdfReader(io.BytesIO(coordinator.get(response.headers["Location"] + "/pack.pdf").data))
    catalogue = reader.trailer["/Root"]
    assert catalogue["/Lang"] == "fi" and catalogue["/MarkInfo"]["/Marked"]
    tree = catalogue["/StructTreeRoot"]
    tops = tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]
    assert all(top.get_object().raw_get("/P") == tree.indirect_reference for top in tops)
    numbers = tree["/ParentTree"]["/Nums"]
    keys = [int(numbers[i]) for i in range(0, len(numbers), 2)]
    page_keys = [int(page["/StructParents"]) for page in reader.pages]
    assert len(set(page_keys)) == len(reader.pages) and set(page_keys) <= set(keys)
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    half = len(reader.pages) // 2
    targets = [
        (n, page_numbers[annotation.get_object().raw_get("/Dest")[0].idnum])
        for n, page in enumerate(reader.pages)
        for annotation in page.get("/Annots", ())
        if "/Dest" in annotation.get_object()
    ]
    assert {n < half for n, _ in targets} == {True, False}  # both packs have contents links
    assert all((n < half) == (target < half) for n, target in targets)
