"""In the browser: an admin works through the personal-data pages (the record, the
requests, the audit log) and erases a person in two steps; a national analyst reads
the national dashboard. Every page passes axe."""

from __future__ import annotations

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import PASSWORD


def test_an_admin_erases_a_person_in_two_steps(page, world):
    sign_in(page, world.a.admin.email)
    for url in ("/alpha/staff/participants/privacy", "/alpha/staff/participants/requests/"):
        page.goto(url + "?lang=en")
        assert_accessible(page)
    page.goto("/alpha/staff/audit?lang=en")
    page.get_by_label("Person number").fill("0")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/alpha/staff/participants/{world.a.person_id}?lang=en")
    page.get_by_role("link", name="Erase the person's data…").click()
    assert_accessible(page)
    page.get_by_role("button", name="Erase the data").click()  # the box is not ticked
    expect(page.locator(".error-summary")).to_contain_text("Tick the box")
    page.get_by_label("I understand that the person's data is erased").check()
    page.get_by_role("button", name="Erase the data").click()
    expect(page.get_by_text("The person's data has been erased.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("—")
    assert_accessible(page)


def test_the_national_dashboard(app, page, world):
    from kaari.accounts.services import create_user
    from kaari.core import db
    from kaari.core.db import utcnow
    from kaari.reporting.jobs import refresh_all_facts
    from kaari.tenancy.models import Tenant

    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).national_reporting = True
        create_user("analyst@kaari.example.org", password=PASSWORD,
                    platform_role="national_analyst")  # fmt: skip
        db.session.commit()
        refresh_all_facts(utcnow().year)
    page.goto("/login")
    page.locator("#email").fill("analyst@kaari.example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.goto("/national/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("National reporting")
    assert_accessible(page)
