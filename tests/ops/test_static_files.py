"""Static files get hashed names with year-long caching once digested, as in the image."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kaari import create_app
from kaari.cli import main

YEAR = 365 * 24 * 3600


@pytest.fixture
def digested(app):
    """The static folder after `kaari digest compile`, as the image build leaves it."""
    runner = CliRunner()
    result = runner.invoke(main, ["digest", "compile"])
    assert result.exit_code == 0, result.output
    yield create_app(dict(app.config))
    runner.invoke(main, ["digest", "clean"])


def _max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"]).group(1))


def test_pages_link_hashed_names_that_are_cached_for_a_year(digested):
    client = digested.test_client()
    page = client.get("/").get_data(as_text=True)
    (href,) = re.findall(r'href="(/static/kaari-[0-9a-f]{32}\.css)"', page)
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert "immutable" in response.headers["Cache-Control"]
    assert _max_age(response) >= YEAR
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_gzip_goes_to_browsers_that_take_it(digested):
    client = digested.test_client()
    href = re.search(r'href="(/static/kaari-[0-9a-f]{32}\.css)"', client.get("/").text).group(1)
    plain = client.get(href)
    packed = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert int(packed.headers["Content-Length"]) < int(plain.headers["Content-Length"])


def test_plain_names_are_revalidated_soon(app):
    client = app.test_client()
    assert 'href="/static/kaari.css"' in client.get("/").text
    response = client.get("/static/kaari.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]
    assert _max_age(response) <= 60
