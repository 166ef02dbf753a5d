"""A coordinator mails the mentors of one group: the form says how the choices combine,
the preview says how many people the mailing reaches, and exactly those mentors get it.
Every page on the way passes axe."""

from __future__ import annotations

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import put_pairs_in_group, read_outbox


def test_a_coordinator_mails_the_mentors_of_one_group(app, page, world, outbox):
    put_pairs_in_group(
        app, world.a.tenant_id, world.a.group_id, [("Aino Actor", "fi"), ("Bea Actor", "en")]
    )
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="ALPHA2")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    put_pairs_in_group(app, world.a.tenant_id, other_id, [("Cai Actor", "fi")])

    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/mailings/new?lang=en")
    expect(page.get_by_text("AND with one of the chosen roles")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("radio", name="Members of groups").check()
    groups = page.get_by_role("group", name="Members of groups")
    groups.get_by_label("Group: ALPHA1").check()
    groups.get_by_label("Role: Mentor").check()
    page.get_by_label("Subject (Suomi)").fill("Välitapaaminen lähestyy")
    page.get_by_label("Message (Suomi)").fill("Hei mentorit, nähdään pian.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_have_text("This mailing goes to 2 people.")
    assert read_outbox(outbox) == []  # nothing is sent before the count is seen
    assert_accessible(page)

    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The mailing is on its way to 2 people.")).to_be_visible()
    assert_accessible(page)
    assert sorted(message["To"] for message in read_outbox(outbox)) == [
        "mentor.aino@example.org",
        "mentor.bea@example.org",
    ]
    page.goto("/alpha/staff/mailings/?lang=en")
    expect(page.get_by_text("Members of groups, Group: ALPHA1, Role: Mentor")).to_be_visible()
    assert_accessible(page)
