"""A coordinator makes one file of every pair's pack of a group: it is built by a
background job (inline here, with no Redis), its progress is shown, and the file has
each pair's pack with its own page numbers."""

from __future__ import annotations

import io

from pypdf import PdfReader

from kaari import db
from kaari.materials.models import GroupPack
from kaari.tenancy.scoping import tenant_scope
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
    assert len(pages) == 2 * 18
    assert "Aino Äijö" in pages[0] and "Björn Åström" in pages[18]
    assert "Mentorskapsavtal" in "\n".join(pages)  # in the language chosen
    assert "1 / 18" not in pages[0] and "2 / 18" in pages[19]  # each pack counts its own pages
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
