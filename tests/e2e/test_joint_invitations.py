"""A coordinator invites five accepted pairs in one action from the page of joint
invitations, after rewriting one introduction; each member's mail (read from the
outbox) names the group's kick-off in their own language. axe-core checks the page."""

from __future__ import annotations

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import read_outbox, text_body
from tests.programme.test_joint_invitations import (
    KICKOFF_HEADING,
    KICKOFF_PLACE,
    KICKOFF_WHEN,
    LANGUAGES,
    make_accepted_pairs,
)

EDITED = "Mentor1 has led a design office for years and mentors in Swedish gladly."


def test_five_pairs_are_invited_in_one_action(page, app, world, outbox):
    make_accepted_pairs(app, world, LANGUAGES)
    make_accepted_pairs(app, world, [("fi", "fi")], group=False)
    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/matching/pairs/?lang=en")
    with page.expect_navigation():
        page.get_by_role("link", name="Invite the accepted pairs together").click()
    expect(page.get_by_role("heading", name="Joint invitations")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(5)
    expect(page.get_by_text("Not in a group yet:")).to_be_visible()
    assert_accessible(page)

    introduction = page.get_by_label("What Actor1 Surname reads about Mentor1 Surname")
    expect(introduction).to_have_value("Ammatti: Occupation of mentor 1\nKieli: Svenska")
    introduction.fill(EDITED)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("5 pairs")
    expect(page.get_by_role("checkbox")).to_have_count(0)
    assert_accessible(page)

    mails = read_outbox(outbox)
    assert len(mails) == 10
    for number, languages in enumerate(LANGUAGES, 1):
        for role, language in zip(("actor", "mentor"), languages, strict=True):
            [mail] = [m for m in mails if m["To"] == f"{role}{number}@example.org"]
            body = text_body(mail)
            assert f"{KICKOFF_HEADING[language]} {KICKOFF_WHEN[language]}" in body
            assert KICKOFF_PLACE in body
    actor1 = text_body(next(m for m in mails if m["To"] == "actor1@example.org"))
    assert EDITED in actor1 and "Occupation of mentor 1" not in actor1
