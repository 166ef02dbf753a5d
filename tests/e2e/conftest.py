"""Browser tests: a live server in a thread and a system Chromium driven by Playwright.

The whole directory is skipped when /usr/bin/chromium, playwright or
axe-playwright-python is missing. Playwright's own browser download is never used.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.e2e.support import PATIENCE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"e2e: {CHROMIUM} is not installed"
    try:
        import axe_playwright_python.sync_playwright  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"e2e: cannot import {error.name} (pip install -e '.[dev]')"
    return None


SKIP_REASON = _missing()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if SKIP_REASON:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served over HTTP from a daemon thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Waits are generous: two test processes share two cores with PDF rendering and the
    # live server, and a wait only lasts as long as the page takes.
    expect.set_options(timeout=PATIENCE)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; relative URLs go to the live server."""
    context = browser.new_context(locale="fi-FI", base_url=live_server)
    context.set_default_timeout(PATIENCE)
    page = context.new_page()
    yield page
    context.close()
