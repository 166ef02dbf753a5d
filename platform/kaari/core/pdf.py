"""The one way Kaari makes a PDF: HTML from our templates, laid out by WeasyPrint.

Tenant text ends up in these documents, so the renderer fetches nothing from the
network: only `data:` URLs and files under our own static folder are read. A PDF is
tagged (headings, language, title) so screen readers can follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint import HTML, URLFetcher

STATIC = Path(__file__).parents[1] / "static"


ALLOWED_SCHEMES = frozenset({"data", "file"})


class LocalFetcher(URLFetcher):
    """Reads `data:` URLs and our static files; refuses every other address.

    The scheme is judged as parsed and lower-cased (`FILE:`, `File:` and ` file:` are
    all `file`), the same way WeasyPrint itself would read it."""

    def __init__(self, root: Path = STATIC):
        super().__init__(allowed_protocols=set(ALLOWED_SCHEMES), allow_redirects=False)
        self._root = root.resolve()

    def fetch(self, url: str, headers=None):
        parsed = urlparse(url)
        if parsed.scheme not in ALLOWED_SCHEMES:
            raise ValueError(f"not a data: or static file address: {url}")
        if parsed.scheme == "file":
            path = Path(url2pathname(parsed.path)).resolve()
            if not path.is_relative_to(self._root):
                raise ValueError(f"not a static file: {url}")
        return super().fetch(url, headers)


def _document(html: str) -> HTML:
    return HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=LocalFetcher())


def render_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document (its <html lang> and <title> become the
    PDF's language and title)."""
    return _document(html).write_pdf(pdf_tags=True)


def render_combined_pdf(htmls: Iterable[str], done: Callable[[int], None] | None = None) -> bytes:
    """One PDF of several documents, each laid out on its own so that its page numbers
    and contents stay its own (a group's file of every pair's pack). `done(n)` is told
    after each document, for progress; the first document gives the title."""
    documents = []
    for count, html in enumerate(htmls, start=1):
        documents.append(_document(html).render(pdf_tags=True))
        if done is not None:
            done(count)
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf(pdf_tags=True)
