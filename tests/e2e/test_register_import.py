"""A coordinator imports a Finnish Excel register with an error in it, corrects the
file and imports it; axe finds nothing on the import pages."""

from __future__ import annotations

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import put_pairs_in_group
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


def _import_rows(page, count: int) -> None:
    page.get_by_role("button", name=f"Import {count} rows").click()


def test_import_a_register_correct_it_and_import_again(page, world):
    """A 500-row register with three errors; corrected; imported; imported again."""
    sign_in(page, world.a.coordinator.email)
    rows = [person_row(n) for n in range(1, 501)]
    rows[2] = ["Virheellinen", "ei-osoite", "", "Aktori", "Odottaa", "Espoo"]
    rows[119] = [*person_row(120)[:2], "12", *person_row(120)[3:]]
    rows[479] = ["Kaksoiskappale", *person_row(10)[1:2], "", "Aktori", "Odottaa", "Espoo"]
    _upload(page, rows)
    assert_accessible(page)  # the columns page, reached from the upload page
    _map_and_check(page, check_pages=True)
    expect(page.get_by_text("Errors: 3")).to_be_visible()
    for message in (
        "The email address is not valid.",
        "The phone number is not valid.",
        "The same email address is on row 11.",
    ):
        expect(page.get_by_role("cell", name=message, exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="481", exact=True)).to_be_visible()  # as Excel numbers it
    assert_accessible(page)

    rows = [person_row(n) for n in range(1, 501)]
    for again, (added, updated) in enumerate(((500, 0), (0, 500))):
        _upload(page, rows)
        _map_and_check(page, check_pages=False)
        expect(page.get_by_text(f"New people: {added}")).to_be_visible()
        _import_rows(page, 500)
        done = f"The import is done: {added} new people added and {updated} people updated."
        expect(page.get_by_text(done)).to_be_visible()
        if not again:
            assert_accessible(page)
    page.goto("/alpha/staff/participants/?lang=en&q=Henkilö")
    expect(page.get_by_text("500 people", exact=True)).to_be_visible()  # no duplicates
    page.goto("/alpha/staff/participants/import/?lang=en")
    assert_accessible(page)


def test_filter_the_register_by_group_with_the_group_column(page, app, world):
    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Grace Grouped", "fi")])
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/participants/?lang=en")
    filters = page.get_by_role("search", name="Filter the participants")
    filters.get_by_role("combobox", name="Group", exact=True).select_option(label="ALPHA1")
    filters.get_by_role("group", name="More columns").get_by_label("Group").check()
    filters.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("columnheader", name="Group")).to_be_visible()
    rows = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Group"))
    for name in ("Grace Grouped", "Mentor of Grace Grouped"):
        row = rows.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))
        expect(row.get_by_role("cell", name="ALPHA1")).to_be_visible()
    expect(rows.get_by_role("row")).to_have_count(3)  # the header and the pair, nobody else
    assert_accessible(page)
