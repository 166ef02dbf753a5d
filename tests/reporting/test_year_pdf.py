"""The yearly PDF read back: in every language each table fits its page (Finnish
headings are long words that do not break), and a coordinator gets it in another
language without their pages changing language."""

from __future__ import annotations

import io
import math

import pytest
from PIL import ImageFont
from pypdf import PdfReader

from kaari.core.i18n import LANGUAGE_COOKIE
from tests.reporting.conftest import Year

MM = 72 / 25.4
RIGHT_MARGIN = 18 * MM  # pdf/_base.html


@pytest.fixture
def coordinator(client, world, year_2025: Year):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _font(name: str) -> ImageFont.FreeTypeFont:
    """The font file of a PDF font name ("ABCDEF+DejaVu-Sans-Bold": DejaVuSans-Bold.ttf)."""
    return ImageFont.truetype(name.split("+")[-1].replace("-", "", 1) + ".ttf", 100)


def _beyond_the_margin(pdf: bytes) -> list[str]:
    """Every piece of text whose end lies past its page's right margin."""
    beyond = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        edge = float(page.mediabox.width) - RIGHT_MARGIN

        def visit(text, cm, tm, font, size, edge=edge):
            if not text.strip() or font is None:
                return
            left = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            points = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            width = _font(str(font["/BaseFont"])).getlength(text.strip()) * points / 100
            if left + width > edge + 0.5:
                beyond.append(
                    f"{text.strip()!r} ends at {left + width:.0f}, the margin at {edge:.0f}"
                )

        page.extract_text(visitor_text=visit)
    return beyond


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_column_of_the_yearly_pdf_fits_its_page(coordinator, language):
    response = coordinator.get(
        f"/alpha/staff/reports/year.pdf?year=2025&document_language={language}"
    )
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    last_column = {"fi": "Työllistyneet", "sv": "Sysselsatta", "en": "Employed"}[language]
    assert last_column in text  # the outcome tables' last column is printed
    assert _beyond_the_margin(response.data) == []


def test_the_yearly_pdf_in_swedish_leaves_the_page_in_finnish(coordinator):
    page = coordinator.get("/alpha/staff/reports/?year=2025").get_data(as_text=True)
    link = "/alpha/staff/reports/year.pdf?year=2025&amp;document_language=sv"
    assert '<html lang="fi">' in page and link in page
    response = coordinator.get(link.replace("&amp;", "&"))
    first = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Årsrapport 2025" in first
    assert coordinator.http.get_cookie(LANGUAGE_COOKIE) is None
    assert '<html lang="fi">' in coordinator.get("/alpha/staff/reports/").get_data(as_text=True)
