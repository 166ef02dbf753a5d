"""A partner's own page: its referral links with their QR codes and printable posters,
and how many people it referred at each stage. Only its own partner's, counts only."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import segno
from pypdf import PdfReader

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.intake.models import Partner, ReferralLink
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person

REFERRALS = "/alpha/staff/partners/referrals"
LINK_URL = "http://localhost/alpha/join?ref=ref-alpha"
# Statuses of the people partner A referred, and the stages they are counted in.
REFERRED = {
    "contacted": "Contacted",
    "registration_sent": "Contacted",
    "registered": "Registered",
    "waiting": "Waiting for a pair",
    "matched": "Pair formed",
    "in_group": "In a group",
    "completed": "Completed",
    "withdrawn": "Left the programme",
    "dropped_out": "Left the programme",
}


@pytest.fixture
def other_link_id(app, world) -> int:
    """Another partner of tenant A, with a link and a person it referred."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            other = Partner(name="Other Partner", kind="union")
            db.session.add(other)
            db.session.flush()
            link = ReferralLink(partner_id=other.id, code="ref-other", label="Union flyer")
            db.session.add(link)
            db.session.flush()
        make_person(tenant, "Oona Other", "oona@example.org", partner_id=other.id)
        for n, status in enumerate(REFERRED):
            make_person(
                tenant, f"Referred {n}", f"ref{n}@example.org", status=status,
                partner_id=world.a.partner_id,
            )  # fmt: skip
        db.session.commit()
        return link.id


@pytest.fixture
def partner(client, world):
    client.login(world.a.partner.email, tenant="alpha")
    return client


def test_a_partner_sees_its_own_links_and_counts_by_stage_only(app, partner, other_link_id):
    html = unescape(partner.get(f"{REFERRALS}?lang=en").get_data(as_text=True))
    assert LINK_URL in html and "ref-other" not in html and "Union flyer" not in html
    stages = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", html))
    months = {key: stages.pop(key) for key in list(stages) if re.match(r"\d{4}-\d{2}$", key)}
    assert sum(map(int, months.values())) == len(REFERRED)
    assert stages == {
        "Contacted": "2",
        "Registered": "1",
        "Waiting for a pair": "1",
        "Pair formed": "1",
        "In a group": "1",
        "Completed": "1",
        "Left the programme": "2",
    }
    assert "Referred 0" not in html and "ref0@example.org" not in html
    assert "Oona Other" not in html
    qr = partner.get(
        re.search(r'src="(/alpha/staff/partners/referrals/links/\d+/qr\.svg)"', html)[1]
    )
    assert qr.mimetype == "image/svg+xml" and LINK_URL.encode() in qr.get_data()


def test_the_referrals_page_does_not_grow_queries_with_links_and_people(app, partner, world):
    with QueryCounter(app.extensions["kaari_engine"]) as few:
        partner.get(REFERRALS)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            for n in range(5):
                db.session.add(ReferralLink(partner_id=world.a.partner_id, code=f"more-{n}"))
        for n in range(10):
            make_person(tenant, f"More {n}", f"more{n}@example.org", partner_id=world.a.partner_id)
        db.session.commit()
    with QueryCounter(app.extensions["kaari_engine"]) as many:
        assert "more-4" in partner.get(REFERRALS).get_data(as_text=True)
    assert many.count == few.count


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_partner_downloads_a_one_page_poster_of_its_link(app, partner, world, language):
    html = partner.get(f"{REFERRALS}?lang=en").get_data(as_text=True)
    poster_url = unescape(
        re.search(rf'href="([^"]+poster\.pdf\?document_language={language})"', html)[1]
    )
    response = partner.get(poster_url)
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    assert len(reader.pages) == 1
    assert reader.trailer["/Root"]["/Lang"] == language
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Alpha Network" in text and LINK_URL in text and "Partner of alpha" in text
    if language == "en":
        assert "Scan the code with your phone's camera" in text
    [qr] = [image for image in reader.pages[0].images if image.image.size[0] > 300]
    _assert_qr_of(qr.image, LINK_URL)


def _assert_qr_of(image, url: str) -> None:
    """The picture's modules are those of `url`'s QR code (segno's PNG: 16 px a module,
    a border of two)."""
    matrix = segno.make(url, error="m").matrix
    pixels = image.convert("L")
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            centre = ((column + 2) * 16 + 8, (row + 2) * 16 + 8)
            assert (pixels.getpixel(centre) < 128) == bool(dark), (row, column)


def test_another_partners_link_and_another_tenants_link_answer_404(partner, world, other_link_id):
    for link_id in (other_link_id, world.b.link_id):
        assert partner.get(f"{REFERRALS}/links/{link_id}/qr.svg").status_code == 404
        poster = f"/alpha/staff/materials/referral-links/{link_id}/poster.pdf"
        assert partner.get(poster).status_code == 404
    own = f"/alpha/staff/materials/referral-links/{world.a.link_id}/poster.pdf"
    assert partner.get(own).status_code == 200
    assert partner.get(own.replace("/alpha/", "/beta/")).status_code == 403


def test_a_coordinator_prints_a_partners_poster_from_its_page(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    html = client.get(f"/alpha/staff/partners/{world.a.partner_id}?lang=en").get_data(as_text=True)
    poster_url = unescape(re.search(r'href="([^"]+poster\.pdf\?document_language=sv)"', html)[1])
    reader = PdfReader(io.BytesIO(client.get(poster_url).get_data()))
    assert LINK_URL in reader.pages[0].extract_text()
