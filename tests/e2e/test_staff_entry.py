"""A coordinator adds a person who phoned in, is warned of a duplicate before saving,
saves anyway, and corrects the person's email; axe finds nothing on the new pages."""

from __future__ import annotations

from tests.e2e.support import assert_accessible, expect, sign_in


def _add_phoned_in(page, name: str) -> None:
    page.goto("/alpha/staff/participants/?lang=en")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("link", name="Actor").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Phone", exact=True).fill("040 765 4321")
    page.get_by_label("Where the person came from, e.g. an information session (optional)").fill(
        "Library info evening"
    )


def test_add_a_person_who_phoned_in_then_correct_the_email(page, world):
    sign_in(page, world.a.coordinator.email)
    _add_phoned_in(page, "Phoned Pirjo")
    assert_accessible(page)
    page.get_by_role("button", name="Save the person").click()
    expect(page.get_by_role("heading", name="Phoned Pirjo")).to_be_visible()
    person_url = page.url

    _add_phoned_in(page, "Pirjo Twice")
    page.get_by_role("button", name="Save the person").click()
    expect(page.get_by_role("link", name="Phoned Pirjo")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_role("heading", name="Pirjo Twice")).to_be_visible()

    page.goto(person_url)
    page.get_by_role("link", name="Correct the person's data").click()
    assert_accessible(page)
    page.get_by_label("Email", exact=True).fill("pirjo@example.org")
    page.get_by_role("button", name="Save the corrections").click()
    expect(page.get_by_text("pirjo@example.org")).to_be_visible()
