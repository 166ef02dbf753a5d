"""The PDF renderer reads `data:` URLs and our static files, nothing else.

Each address is put in a real document as a PDF attachment (`<link rel=attachment>`,
which WeasyPrint embeds byte for byte), the PDF is rendered and read back with pypdf:
a file the fetcher let through would be in it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from kaari.core.pdf import STATIC, render_pdf

SECRET = "kaari-secret-3f9c1e: not for any PDF"


def _embedded(href: str) -> bytes:
    html = (
        '<!doctype html><html lang="en"><head><title>t</title>'
        f'<link rel="attachment" href="{href}"></head><body><p>x</p></body></html>'
    )
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    text = "".join(page.extract_text() for page in reader.pages).encode()
    attached = b"".join(b"".join(contents) for contents in reader.attachments.values())
    return text + attached


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(SECRET)
    return path


def test_a_static_file_is_embedded_so_the_check_below_can_see_a_leak():
    css = (STATIC / "kaari.css").read_bytes()
    assert css[:200] in _embedded((STATIC / "kaari.css").as_uri())


@pytest.mark.parametrize("scheme", ["file", "FILE", "File", "fIlE"])
def test_a_file_outside_static_is_not_read_whatever_the_case_of_its_scheme(secret_file, scheme):
    url = secret_file.as_uri().replace("file:", f"{scheme}:", 1)
    assert SECRET.encode() not in _embedded(url)


@pytest.mark.parametrize("scheme", ["FILE", "File"])
def test_a_file_outside_static_reached_by_dot_dot_is_not_read(secret_file, scheme):
    climb = "/..".join([""] * (len(STATIC.parts) + 1))
    url = f"{scheme}://{STATIC.as_posix()}{climb}{secret_file.as_posix()}"
    assert SECRET.encode() not in _embedded(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/secret",
        "HTTPS://example.org/secret",
        "ftp://example.org/secret",
        "jar:file:///etc/passwd!/",
        "FTP://example.org/secret",
    ],
)
def test_other_schemes_are_refused(url, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open", lambda self, *a, **k: opened.append(a)
    )
    _embedded(url)
    assert opened == []


def test_data_urls_still_work():
    assert b"hello data" in _embedded("data:text/plain,hello%20data")
