"""A coordinator gets explained proposals, accepts one and sends the joint invitation;
the mentor answers with one click. axe-core checks every page on the way."""

from __future__ import annotations

import re

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import first_link, make_person, read_outbox

ANSWERS = {"occupation_code": "2512", "birth_year": "1990", "interests": "chess, hiking"}


def test_a_coordinator_matches_invites_and_the_mentor_accepts(page, app, world, outbox):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, "Sara Software", "sara@example.org", answers=ANSWERS, status="waiting")
        make_person(
            tenant,
            "Mikko Mentor",
            "mikko@example.org",
            role="mentor",
            answers={**ANSWERS, "birth_year": "1975", "situation": "employed_own_field"},
            status="waiting",
        )
        db.session.commit()

    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/matching/?lang=en")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Propose pairs").click()
    row = page.get_by_role("row").filter(has_text="Mikko Mentor")
    expect(row.get_by_role("cell", name="Sara Software", exact=True)).to_be_visible()
    assert_accessible(page)
    run_url = page.url
    # On a phone the page itself never scrolls sideways; the table scrolls in its region.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"Why this pair\W+Sara Software \+ Mikko")).click()
    expect(page.get_by_role("heading", name="Sara Software + Mikko Mentor")).to_be_visible()
    expect(page.get_by_text("Same occupation (unit group)").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_navigation():
        page.get_by_role("button", name="Accept the pair Sara Software and Mikko Mentor").click()
    assert page.url == run_url
    expect(page.get_by_role("status")).to_be_visible()
    expect(row.get_by_role("cell", name="Accepted", exact=True)).to_be_visible()

    page.goto("/alpha/staff/matching/pairs/?lang=en")
    assert_accessible(page)
    # The pair joins a group, and the joint invitation names the group's kick-off.
    page.goto(f"/alpha/staff/groups/{world.a.group_id}?lang=en")
    page.get_by_label("Sara Software & Mikko Mentor").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the group").click()
    page.goto("/alpha/staff/matching/pairs/?lang=en")
    with page.expect_navigation():
        page.get_by_role("link", name="Send the joint invitation").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_be_visible()

    page.goto("/alpha/staff/matching/rules?lang=en")
    assert_accessible(page)

    mail = next(m for m in read_outbox(outbox) if m["To"] == "mikko@example.org")
    page.goto(first_link(mail))
    # The mentor sees the actor by first name only, and only what she agreed to share.
    expect(page.get_by_text("Sara").first).to_be_visible()
    expect(page.get_by_text("Software")).to_have_count(0)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Kyllä, hyväksyn parin").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_mentor_shortlist_page_is_accessible(page, app, world):
    from kaari.matching.preferences import SHORTLIST_LINK
    from kaari.tenancy.settings import change_setting

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        change_setting(tenant, "actor_preferences", True)
        actor = make_person(
            tenant, "Aino Actor", "aino@example.org", answers=ANSWERS, status="waiting"
        )
        make_person(
            tenant,
            "Mari Mentor",
            "mari@example.org",
            role="mentor",
            answers=ANSWERS,
            status="waiting",
        )
        db.session.commit()
        token = SHORTLIST_LINK.dumps([actor.id, tenant.id])
    page.goto(f"/alpha/mentors/{token}?lang=en")
    expect(page.get_by_role("heading", name="Mentor A")).to_be_visible()
    expect(page.get_by_text("Mari Mentor")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Your rank for mentor A").select_option("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my order").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
