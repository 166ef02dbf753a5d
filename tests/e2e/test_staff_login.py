"""Signing in and out through the real login form, with the mouse and with the keyboard."""

from __future__ import annotations

import re

from tests.e2e.support import expect, sign_in
from tests.helpers import PASSWORD


def test_coordinator_signs_in_and_out(page, world):
    page.goto("/alpha/login")
    for field in ("email", "password"):  # each input has a label, whatever its language
        label = page.locator(f"label[for={field}]").inner_text()
        expect(page.get_by_label(label, exact=True)).to_have_id(field)

    sign_in(page, world.a.coordinator.email)
    expect(page).to_have_url(re.compile(r"/alpha/staff/(#main)?$"))
    expect(page.locator("main")).to_contain_text(world.a.name)

    page.locator("header form.signout").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/alpha/$"))
    page.goto("/alpha/staff/")
    expect(page).to_have_url(re.compile(r"/alpha/login\?next=/alpha/staff/"))


def test_login_with_the_keyboard_only(page, world):
    page.goto("/alpha/login")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type(world.a.coordinator.email)
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/alpha/staff/(#main)?$"))
