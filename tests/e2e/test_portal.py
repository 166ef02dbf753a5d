"""A pair in the browser: each member opens the portal from the emailed link, they
write and sign the agreement and log a meeting; the coordinator sees it. Every page
passes axe."""

from __future__ import annotations

from pypdf import PdfReader

from tests.e2e.support import PATIENCE, assert_accessible, expect, sign_in
from tests.isolation_routes import portal_link


def _page(browser, live_server):
    """Another person's browser (their own cookies)."""
    context = browser.new_context(locale="fi-FI", base_url=live_server)
    context.set_default_timeout(PATIENCE)
    return context.new_page()


def _downloaded_pdf_text(page, link: str) -> str:
    """Click a download link and read the PDF the browser saved."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    reader = PdfReader(download.value.path())
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _pair(app, world) -> tuple[int, int, int]:
    from kaari.core import db
    from kaari.core.scoping import tenant_scope
    from kaari.tenancy.models import Tenant
    from tests.helpers import make_group_pair, make_person

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(tenant, "Aino Actor", "aino@example.org", status="in_group")
        mentor = make_person(tenant, "Mika Mentor", "mika@example.org", "mentor", status="in_group")
        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
        return actor.id, mentor.id, pair_id


def test_a_pair_signs_its_agreement_and_keeps_a_diary(app, browser, live_server, world):
    actor_id, mentor_id, pair_id = _pair(app, world)
    aino = _page(browser, live_server)
    aino.goto(portal_link(app, world.a.tenant_id, actor_id) + "?lang=en")
    assert_accessible(aino)
    aino.get_by_role("button", name="Enter my portal").click()
    expect(aino.get_by_role("heading", name="Hello Aino Actor!")).to_be_visible()
    assert_accessible(aino)
    aino.get_by_role("link", name="Mentoring agreement").click()
    aino.get_by_role("button", name="Save the agreement").click()  # goals missing
    expect(aino.locator(".error-summary")).to_be_visible()
    assert_accessible(aino)
    aino.get_by_label("Goals for the mentoring").fill("A job in my own field")
    aino.get_by_label("How often you meet").fill("Twice a month")
    aino.get_by_role("button", name="Save the agreement").click()
    aino.get_by_label("Type your full name to sign").fill("Aino Actor")
    aino.get_by_role("button", name="Sign the agreement").click()
    expect(aino.get_by_text("You have signed the agreement.")).to_be_visible()
    assert_accessible(aino)

    mika = _page(browser, live_server)
    mika.goto(portal_link(app, world.a.tenant_id, mentor_id) + "?lang=en")
    mika.get_by_role("button", name="Enter my portal").click()
    mika.get_by_role("link", name="Mentoring agreement").click()
    expect(mika.get_by_label("Goals for the mentoring")).to_have_value("A job in my own field")
    mika.get_by_label("Type your full name to sign").fill("Mika Mentor")
    mika.get_by_role("button", name="Sign the agreement").click()
    mika.goto("/alpha/portal/?lang=en")
    expect(mika.get_by_text("signed by both")).to_be_visible()
    mika.get_by_role("link", name="Meetings and diary").click()
    mika.get_by_label("Date of the meeting").fill("2026-11-20")
    mika.get_by_label("Goal of the meeting").fill("Update the CV")
    mika.get_by_label("Mentor's comments").fill("Good progress")
    mika.get_by_role("button", name="Save the meeting").click()
    expect(mika.get_by_text("The meeting has been saved in your diary.")).to_be_visible()
    assert_accessible(mika)
    mika.get_by_role("link", name="Your data").first.click()
    assert_accessible(mika)
    mika.goto("/alpha/portal/?lang=en")
    text = _downloaded_pdf_text(mika, "Your material pack (PDF)")
    assert "Aino Actor" in text and "Mika Mentor" in text
    assert "A job in my own field" in text  # their own agreement, signed

    staff = _page(browser, live_server)
    sign_in(staff, world.a.coordinator.email)
    staff.goto(f"/alpha/staff/groups/{world.a.group_id}/pairs/{pair_id}?lang=en")
    expect(staff.get_by_text("Version 1, signed by 2 of 2.")).to_be_visible()
    expect(staff.get_by_text("Pair meetings (1)")).to_be_visible()
    expect(staff.get_by_text("Update the CV")).to_have_count(0)  # the diary is not shared
    assert_accessible(staff)
