"""In the browser: a new organisation stays out of the directory until its admin
publishes it, and a partner downloads the poster of its referral link. The new pages
pass axe."""

from __future__ import annotations

from pypdf import PdfReader

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import make_staff


def _new_organisation(app) -> str:
    """Gamma as the platform admin leaves it, with its first admin; returns the email."""
    from kaari.core import db
    from kaari.tenancy import services as tenancy

    with app.app_context():
        gamma = tenancy.create_tenant("gamma", "Gamma Network", "fi", ["fi", "en"])
        admin = make_staff(gamma, "boss@gamma.example.org", "admin")
        db.session.commit()
    return admin.email


def test_a_new_organisation_stays_out_of_the_directory_until_published(app, page, world):
    email = _new_organisation(app)
    page.goto("/?lang=en")
    expect(page.get_by_role("link", name="Alpha Network")).to_be_visible()
    expect(page.get_by_role("link", name="Gamma Network")).to_have_count(0)
    response = page.goto("/gamma/?lang=en")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Gamma Network is not open yet")).to_be_visible()
    assert_accessible(page)

    sign_in(page, email, tenant="gamma")
    page.goto("/gamma/?lang=en")
    expect(page.get_by_text("Preview: Gamma Network is not published yet")).to_be_visible()
    assert_accessible(page)
    page.goto("/gamma/staff/settings/publication?lang=en")
    expect(page.get_by_text("The tagline of the front page")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the network").click()
    expect(page.get_by_role("alert")).to_contain_text("The network cannot be published yet")
    assert_accessible(page)

    page.get_by_role("link", name="Write the texts").first.click()
    for title, text in (
        ("Tagline", "Careers for newcomers"),
        ("About the network", "Pairs meet for nine months."),
        ("How to join", "Fill in the form."),
    ):
        page.get_by_role("group", name=title).get_by_label("Suomi").fill(text)
    page.get_by_role("button", name="Save").click()
    page.goto("/gamma/staff/controller?lang=en")
    page.get_by_label("Contact person or unit").fill("Coordinator Cai")
    page.get_by_label("Email").fill("office@gamma.example.org")
    page.get_by_role("button", name="Save").click()
    page.goto("/gamma/staff/settings/publication?lang=en")
    expect(page.locator(".checklist .missing")).to_have_count(0)
    page.get_by_role("button", name="Publish the network").click()
    expect(page.locator("p.flash-info")).to_contain_text("The network is published")
    expect(page.get_by_role("button", name="Unpublish the network")).to_be_visible()

    page.goto("/?lang=en")
    page.get_by_role("link", name="Gamma Network").click()
    expect(page.get_by_role("heading", name="Gamma Network")).to_be_visible()
    expect(page.get_by_text("Preview:")).to_have_count(0)


def test_a_partner_downloads_the_qr_poster_of_its_link(page, world):
    sign_in(page, world.a.partner.email)
    page.goto("/alpha/staff/partners/referrals?lang=en")
    link = page.locator("article.referral")
    expect(link.get_by_role("img", name="QR code of the link")).to_be_visible()
    expect(page.get_by_role("table", name="People referred, by stage")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.get_by_role("link", name="English").click()
    reader = PdfReader(download.value.path())
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert "Alpha Network" in text and "/alpha/join?ref=ref-alpha" in text
    assert reader.pages[0].images
