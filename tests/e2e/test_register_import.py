"""A coordinator imports a Finnish Excel register with an error in it, corrects the
file and imports it; axe finds nothing on the import pages."""

from __future__ import annotations

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.intake.imports.support import HEADERS, person_row, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(page, rows) -> None:
    page.goto("/alpha/staff/participants/?lang=en")
    page.get_by_role("link", name="Import a register").click()
    page.get_by_label("Register file").set_input_files(
        {"name": "rekisteri.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(rows, headers=HEADERS)}
    )
    page.get_by_role("button", name="Upload").click()


def _map_and_check(page, check_pages: bool) -> None:
    expect(page.get_by_label("Sähköposti")).to_have_value("email")
    if check_pages:
        assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Odottaa")).to_have_value("waiting")
    page.get_by_label("Basis for keeping these people's data").fill("Existing register")
    page.get_by_label("Date the people were informed").fill("2026-11-30")
    if check_pages:
        assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()


def test_import_a_register_correct_it_and_import_again(page, world):
    sign_in(page, world.a.coordinator.email)
    rows = [person_row(n) for n in range(1, 6)]
    rows[2] = ["Virheellinen", "ei-osoite", "", "Aktori", "Odottaa", "Espoo"]
    _upload(page, rows)
    assert_accessible(page)  # the columns page, reached from the upload page
    _map_and_check(page, check_pages=True)
    expect(page.get_by_text("Errors: 1")).to_be_visible()
    expect(page.get_by_role("cell", name="The email address is not valid.")).to_be_visible()
    assert_accessible(page)

    rows[2] = person_row(3)
    _upload(page, rows)
    _map_and_check(page, check_pages=False)
    expect(page.get_by_text("New people: 5")).to_be_visible()
    page.get_by_role("button", name="Import 5 rows").click()
    expect(page.get_by_text("5 people added and 0 updated")).to_be_visible()
    assert_accessible(page)
    page.goto("/alpha/staff/participants/import/?lang=en")
    assert_accessible(page)
