"""The material pack read back from its PDF: every section in the chosen language,
the contents' page numbers where the headings really are, the tenant's branding,
and a pair's own names, dates and agreement."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.materials.texts import HEADINGS, SECTION_KEYS
from kaari.tenancy.logo import store_logo
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person
from tests.isolation_routes import portal_link
from tests.materials.conftest import pdf_pages, pdf_title

PACK = "/alpha/staff/materials/pack.pdf"
TOC_LINE = re.compile(r"^(.+?)\s*\.{3,}\s*(\d+)$")


def _contents(pages: list[str]) -> list[tuple[str, int]]:
    """(heading, page number) of each line of the table of contents (page 2)."""
    return [
        (m.group(1).strip(), int(m.group(2)))
        for m in map(TOC_LINE.match, pages[1].splitlines())
        if m
    ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_coordinator_downloads_the_pack_in_each_language(coordinator, language):
    response = coordinator.get(f"{PACK}?lang={language}")
    pages = pdf_pages(response)
    text = "\n".join(pages)
    # Cover, contents, nine sections and eight diary pages.
    assert len(pages) == 19
    assert "Alpha Network" in pages[0] and "Alpha Network" in pages[5]  # cover, footer
    for key in SECTION_KEYS:
        assert HEADINGS[key][language] in text
    title = {"fi": "Materiaalipaketti", "sv": "Materialpaket", "en": "Material pack"}[language]
    assert pdf_title(response) == f"{title} \N{EN DASH} Alpha Network"
    assert f"2 / {len(pages)}" in pages[1]  # the running footer counts pages


def test_finnish_and_swedish_letters_come_back_from_the_pdf(coordinator):
    finnish = "\n".join(pdf_pages(coordinator.get(f"{PACK}?lang=fi")))
    swedish = "\n".join(pdf_pages(coordinator.get(f"{PACK}?lang=sv")))
    assert "Hyvä aktori, hyvä mentori" in finnish and "Työnhaun kanavat" in finnish
    assert "Övning: nätverkskarta" in swedish and "Mentorskapsbågen" in swedish


def test_the_contents_page_numbers_are_where_the_headings_are(coordinator):
    pages = pdf_pages(coordinator.get(f"{PACK}?lang=fi"))
    contents = _contents(pages)
    assert [heading for heading, _page in contents] == [HEADINGS[k]["fi"] for k in SECTION_KEYS]
    for heading, number in contents:
        assert pages[number - 1].splitlines()[0] == heading


def test_a_pairs_pack_has_their_names_dates_and_signed_agreement(coordinator, pair_of_a):
    pages = pdf_pages(coordinator.get(pair_of_a.staff_url + "?lang=fi"))
    text = "\n".join(pages)
    assert "Päivi Äijälä" in pages[0] and "Åke Öberg" in pages[0]
    assert "Ryhmä ALPHA1" in pages[0]
    assert "2. maaliskuuta 2027" in text  # the kick-off, in the tenant's time zone
    assert "3. elokuuta 2027" in text and "12. tammikuuta 2028" in text
    assert "Työ omalta alalta" in text and "16. maaliskuuta 2027" in text  # agreement filled in
    assert "Päivi Äijälä allekirjoitti" in text and "Åke Öberg allekirjoitti" in text
    assert "Kaisa Koordinaattori" in text and "kaisa@alpha.example.org" in text


def test_an_unsigned_agreement_leaves_lines_for_the_signatures(app, coordinator, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(tenant, "Ilona Actor", "ilona@example.org")
        mentor = make_person(tenant, "Olavi Mentor", "olavi@example.org", "mentor")
        from kaari.core.scoping import tenant_scope

        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
    url = f"/alpha/staff/materials/groups/{world.a.group_id}/pairs/{pair_id}/pack.pdf?lang=en"
    text = "\n".join(pdf_pages(coordinator.get(url)))
    assert "Ilona Actor" in text and "Olavi Mentor" in text
    assert "signed on" not in text


def test_a_participant_downloads_their_own_pack_only(app, client, world, pair_of_a):
    assert client.submit(portal_link(app, world.a.tenant_id, pair_of_a.actor_id)).status_code == 302
    home = client.get("/alpha/portal/").get_data(as_text=True)
    own = f"/alpha/portal/pairs/{pair_of_a.pair_id}/pack.pdf"
    assert own in home
    text = " ".join(" ".join(pdf_pages(client.get(own + "?lang=en"))).split())
    assert "Material pack of Päivi Äijälä and Åke Öberg" in text
    assert "3 August 2027" in text
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        others = (make_person(tenant, "Other Actor", "other@example.org"),
                  make_person(tenant, "Other Mentor", "om@example.org", "mentor"))  # fmt: skip
        from kaari.core.scoping import tenant_scope

        with tenant_scope(tenant.id):
            other_pair = make_group_pair(world.a.group_id, *others)
        db.session.commit()
    assert client.get(f"/alpha/portal/pairs/{other_pair}/pack.pdf").status_code == 404


def test_the_group_page_links_each_pairs_pack(coordinator, pair_of_a):
    page = coordinator.get(f"/alpha/staff/groups/{pair_of_a.group_id}").get_data(as_text=True)
    assert pair_of_a.staff_url in page


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _set_logo(app, world, logo: bytes, mimetype: str = "image/png") -> None:
    with app.app_context():
        with tenant_scope(world.a.tenant_id):
            store_logo(db.session.get(Tenant, world.a.tenant_id), logo, mimetype)
        db.session.commit()


def _cover_images(response) -> int:
    return len(PdfReader(io.BytesIO(response.data)).pages[0].images)


def test_the_logo_is_on_the_cover(app, coordinator, world):
    _set_logo(app, world, _png(300, 100))
    assert _cover_images(coordinator.get(f"{PACK}?lang=fi")) == 1


@pytest.mark.parametrize(
    "logo, mimetype",
    [
        (b"this is not a picture", "image/png"),
        (b"<html>not svg either</html>", "image/svg+xml"),
        (_png(5000, 5000), "image/png"),  # huge: left out rather than laid out
    ],
)
def test_a_broken_or_huge_logo_leaves_the_pack_without_it(app, coordinator, world, logo, mimetype):
    _set_logo(app, world, logo, mimetype)
    response = coordinator.get(f"{PACK}?lang=fi")
    assert len(pdf_pages(response)) == 19
    assert _cover_images(response) == 0
