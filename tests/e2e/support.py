"""Helpers for the browser tests: signing in through the form and axe-core checks."""

from __future__ import annotations

from tests.helpers import PASSWORD

try:  # conftest skips the directory with a reason when Playwright is missing
    from playwright.sync_api import expect
except ImportError:
    expect = None

PATIENCE = 20_000  # milliseconds a browser action or expectation may wait
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page, email: str, password: str = PASSWORD, tenant: str = "alpha") -> None:
    """Fill the real login form; labels may still be untranslated, so go by id and role."""
    page.goto(f"/{tenant}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").get_by_role("button").click()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.0/2.1 A or AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
