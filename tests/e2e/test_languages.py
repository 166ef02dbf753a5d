"""The language switcher in the header, and the cookie that remembers the choice."""

from __future__ import annotations

from tests.e2e.support import expect


def test_language_choice_is_remembered(page, world):
    html = page.locator("html")
    languages = page.locator("nav.languages")

    page.goto("/alpha/")
    expect(html).to_have_attribute("lang", "fi")

    languages.get_by_role("link", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    expect(languages.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    page.goto("/alpha/accessibility")
    expect(html).to_have_attribute("lang", "en")

    languages.get_by_role("link", name="Svenska").click()
    expect(html).to_have_attribute("lang", "sv")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies.get("kaari_lang") == "sv"
