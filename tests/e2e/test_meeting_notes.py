"""A coordinator saves the mid-point meeting's notes in the browser; the group's leader
reads them, a leader of another group cannot reach them; axe finds nothing."""

from __future__ import annotations

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import make_group_leader
from tests.programme.groups.test_meeting_notes import _midpoint


def test_midpoint_notes_are_saved_and_read_by_the_groups_leader_only(page, app, world):
    url, _pairs = _midpoint(app, world)
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="OTHER2")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    outsider = make_group_leader(app, world.a.tenant_id, other_id, "other.lea@alpha.example.org")

    sign_in(page, world.a.coordinator.email)
    page.goto(f"/alpha/staff/groups/{world.a.group_id}?lang=en")
    page.get_by_role("link", name="Notes of Mid-point meeting").click()
    expect(page.get_by_role("heading", name="Pair meetings so far")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mentors were encouraged to act as referees").check()
    page.get_by_label("Wishes for training evenings").fill("LinkedIn workshop")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.get_by_text("The notes have been saved.")).to_be_visible()

    sign_in(page, leader.email)
    page.goto(f"{url}?lang=en")
    expect(page.get_by_text("LinkedIn workshop")).to_be_visible()
    expect(page.get_by_text("Mentors were encouraged to act as referees: Done")).to_be_visible()
    assert_accessible(page)

    sign_in(page, outsider.email)
    response = page.goto(f"{url}?lang=en")
    assert response.status == 404
