"""A document in another language has a parameter of its own: downloading the Swedish
pack or poster leaves a Finnish coordinator's pages in Finnish (no language cookie)."""

from __future__ import annotations

import io
import re
from html import unescape

from pypdf import PdfReader

from kaari.core.i18n import LANGUAGE_COOKIE
from tests.materials.conftest import pdf_pages

MATERIALS = "/alpha/staff/materials/"


def _link(page: str, pattern: str) -> str:
    match = re.search(rf'href="([^"]*{pattern})"', page)
    assert match, pattern
    return unescape(match.group(1))


def _finnish(client, url: str) -> bool:
    return '<html lang="fi">' in client.get(url).get_data(as_text=True)


def test_the_swedish_pack_leaves_the_coordinators_pages_in_finnish(coordinator):
    page = coordinator.get(MATERIALS).get_data(as_text=True)
    assert '<html lang="fi">' in page and "Materiaalipaketti" in page
    response = coordinator.get(_link(page, r"pack\.pdf\?document_language=sv"))
    assert "Mentorskapsavtal" in "\n".join(pdf_pages(response))
    assert LANGUAGE_COOKIE not in response.headers.get("Set-Cookie", "")
    assert coordinator.http.get_cookie(LANGUAGE_COOKIE) is None
    assert _finnish(coordinator, MATERIALS)


def test_a_language_the_tenant_does_not_offer_gives_the_pages_language(coordinator):
    text = "\n".join(pdf_pages(coordinator.get(f"{MATERIALS}pack.pdf?document_language=de")))
    assert "Mentorointisopimus" in text


def test_a_partners_poster_in_swedish_leaves_the_page_in_finnish(coordinator, world):
    partner_page = f"/alpha/staff/partners/{world.a.partner_id}"
    page = coordinator.get(partner_page).get_data(as_text=True)
    response = coordinator.get(_link(page, r"poster\.pdf\?document_language=sv"))
    assert response.mimetype == "application/pdf"
    poster = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert "Hitta arbete inom din egen bransch med en mentor" in poster
    assert coordinator.http.get_cookie(LANGUAGE_COOKIE) is None
    assert _finnish(coordinator, partner_page)
