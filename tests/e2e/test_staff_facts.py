"""A coordinator hears by phone that a quiet pair has met: recording the meeting takes
the pair's "no meetings" flag off the group page. The pair's agreement was signed on
paper at the kick-off: recorded with its scan, it shows as signed. axe finds nothing on
the new pages."""

from __future__ import annotations

from datetime import timedelta

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Meeting
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import put_pairs_in_group

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _group_with_a_quiet_pair(app, world) -> None:
    """Aino's pair has logged nothing, and the mid-point meeting is ten days away."""
    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Aino Actor", "fi")])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        starts = utcnow() + timedelta(days=10)
        db.session.add(Meeting(group_id=world.a.group_id, kind="midpoint", starts_at=starts,
                               ends_at=starts + timedelta(hours=2)))  # fmt: skip
        db.session.commit()


def test_a_coordinator_records_a_meeting_and_a_paper_agreement(app, page, world, tmp_path):
    _group_with_a_quiet_pair(app, world)
    sign_in(page, world.a.coordinator.email)
    group_url = f"/alpha/staff/groups/{world.a.group_id}?lang=en"
    page.goto(group_url)
    row = page.get_by_role("row").filter(has_text="Aino Actor")
    expect(row).to_contain_text("No meetings")
    expect(row).to_contain_text("Not signed")

    row.get_by_role("link", name="Aino Actor", exact=True).click()
    page.get_by_role("link", name="Record a meeting you heard of").click()
    assert_accessible(page)
    met_on = (utcnow().date() - timedelta(days=3)).isoformat()
    page.get_by_label("Date of the meeting").fill(met_on)
    page.get_by_label("Note for staff").fill("Aino phoned: they met at the library")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("The meeting has been recorded.")).to_be_visible()
    expect(page.get_by_text("Recorded by staff: coordinator")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record an agreement signed on paper").click()
    assert_accessible(page)
    page.get_by_label("Date of signing").fill((utcnow().date() - timedelta(days=30)).isoformat())
    page.get_by_label("Actor").check()
    page.get_by_label("Mentor").check()
    scan = tmp_path / "agreement.pdf"
    scan.write_bytes(SCAN)
    page.get_by_label("Scan of the signed agreement").set_input_files(str(scan))
    page.get_by_role("button", name="Save the agreement signed on paper").click()
    expect(page.get_by_text("The agreement signed on paper has been recorded.")).to_be_visible()
    expect(page.get_by_text("Present: the actor, the mentor.")).to_be_visible()
    expect(page.get_by_role("link", name="The scan of the signed agreement")).to_be_visible()
    page.get_by_role("link", name="Change the agreement signed on paper").click()
    expect(page.get_by_role("button", name="Remove the agreement signed on paper")).to_be_visible()
    assert_accessible(page)

    page.goto(group_url)
    row = page.get_by_role("row").filter(has_text="Aino Actor")
    expect(row).not_to_contain_text("No meetings")
    expect(row).to_contain_text("Fewer than four")
    expect(row.get_by_role("cell", name="Signed", exact=True)).to_be_visible()
