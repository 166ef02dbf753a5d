"""The one way Kaari makes a PDF: HTML from our templates, laid out by WeasyPrint.

Tenant text ends up in these documents, so the renderer fetches nothing from the
network: only `data:` URLs and files under our own static folder are read
(`pdf_layout.LocalFetcher`). A PDF is tagged (headings, language, title) so screen
readers can follow it.

WeasyPrint and pypdf are imported here only when a PDF is made (`pdf_layout`,
`pdf_merge`): they would add over a second and tens of MiB to every process's start.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

STATIC = Path(__file__).parents[1] / "static"


def render_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document (its <html lang> and <title> become the
    PDF's language and title)."""
    from kaari.core.pdf_layout import document

    return document(html).write_pdf(pdf_tags=True)


def render_combined_pdf(htmls: Iterable[str], done: Callable[[int], None] | None = None) -> bytes:
    """One PDF of several documents, each laid out on its own so that its page numbers
    and contents stay its own (a group's file of every pair's pack). `done(n)` is told
    after each document, for progress; the first document gives the title.

    Each document is written to a temporary file as soon as it is laid out and its
    layout dropped, and the files are then joined one at a time (`pdf_merge`): memory
    holds one layout or one document, not every document's layout (a file of twenty
    20-page packs held about 200 MiB that way)."""
    from kaari.core.pdf_layout import document
    from kaari.core.pdf_merge import merge_pdfs

    with tempfile.TemporaryDirectory(prefix="kaari-pdf-") as folder:
        parts = []
        for count, html in enumerate(htmls, start=1):
            part = Path(folder) / f"{count:05d}.pdf"
            document(html).write_pdf(part, pdf_tags=True)
            parts.append(part)
            if done is not None:
                done(count)
        combined = Path(folder) / "combined.pdf"
        merge_pdfs(parts, combined)
        return combined.read_bytes()
