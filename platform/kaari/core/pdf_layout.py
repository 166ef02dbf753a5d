"""WeasyPrint's side of `kaari.core.pdf`: the documents laid out from our HTML, with
a fetcher that reads nothing from the network.

Loading WeasyPrint (Pango, HarfBuzz, fontconfig through cffi) takes over a second and
tens of MiB, so only `kaari.core.pdf` imports this module, when a PDF is made: a web
worker that serves no PDF never loads it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from weasyprint import HTML, URLFetcher

from kaari.core.pdf import STATIC

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


def document(html: str) -> HTML:
    return HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=LocalFetcher())
