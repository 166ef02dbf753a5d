"""A coordinator's home lists today's to-dos; each link leads to where it is handled,
and a handled one is gone; in Finnish too; axe finds nothing."""

from __future__ import annotations

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.dashboard.test_today import _running_group_with_quiet_pair
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import make_person


def test_the_coordinators_home_leads_to_each_to_do(page, app, world):
    with app.app_context():
        make_person(db.session.get(Tenant, world.a.tenant_id), "Uusi Yhteys", "uusi@example.org",
                    status="contacted")  # fmt: skip
        db.session.commit()
    _running_group_with_quiet_pair(app, world)
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/?lang=en")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1 new contact has not been sent the registration form").click()
    expect(page.get_by_role("link", name="Uusi Yhteys")).to_be_visible()
    page.goto("/alpha/staff/?lang=en")
    page.get_by_role("link", name="ALPHA1: 1 pair has not logged a meeting", exact=False).click()
    expect(page.get_by_role("heading", name="ALPHA1", level=1)).to_be_visible()
    page.goto("/alpha/staff/?lang=fi")
    expect(page.get_by_role("heading", name="Tänään", level=1)).to_be_visible()
    expect(
        page.get_by_role("link", name="ALPHA1: 1 pari ei ole kirjannut", exact=False)
    ).to_be_visible()
    assert_accessible(page)
