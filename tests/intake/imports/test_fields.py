"""Kaari's proposals: fields from header names in fi/sv/en, statuses from the
organisation's own words; and the row checks on their own."""

from __future__ import annotations

from kaari.intake.imports.checks import Candidate, RowChecker
from kaari.intake.imports.fields import proposed_mapping, proposed_statuses


def test_headers_in_finnish_swedish_and_english_are_recognised():
    assert proposed_mapping(["Sähköposti", "E-post", "Email"]) == ["email", "", ""]
    assert proposed_mapping(["E-post:", "Telefonnummer", "Förnamn", "Efternamn"]) == [
        "email",
        "phone",
        "first_name",
        "last_name",
    ]
    assert proposed_mapping(["E-mail", "Phone number", "Full name", "Role", "Status"]) == [
        "email",
        "phone",
        "name",
        "role",
        "status",
    ]
    assert proposed_mapping(["Lisätietoja", "KOTIKUNTA", "syntymävuosi"]) == [
        "",
        "municipality",
        "birth_year",
    ]


def test_a_saved_mapping_goes_by_the_normalised_header():
    saved = {"kuka": "name", "osoite netissä": "email"}
    assert proposed_mapping(["KUKA", "Osoite  netissä", "Sähköposti"], saved) == [
        "name",
        "email",
        "",
    ]


def test_status_words_are_proposed_from_the_labels_in_each_language_and_usual_words(app):
    with app.test_request_context():
        proposed = proposed_statuses(["Odottaa paria", "Väntar på ett par", "Completed",
                                      "ryhmässä", "Keskeyttänyt", "Jotain muuta", ""])  # fmt: skip
    assert proposed == {
        "Odottaa paria": "waiting",
        "Väntar på ett par": "waiting",
        "Completed": "completed",
        "ryhmässä": "in_group",
        "Keskeyttänyt": "dropped_out",
        "Jotain muuta": "",
        "": "",
    }


def _checker(app, **kwargs):
    mapping = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "role",
        "status",
        "language",
        "birth_year",
    ]
    with app.test_request_context():
        return RowChecker(
            mapping,
            {"Odottaa": "waiting", "": "contacted"},
            default_role=kwargs.get("default_role", ""),
            default_language="fi",
        )


def test_a_good_row_becomes_a_candidate_in_kaaris_terms(app):
    checker = _checker(app)
    cells = [
        "Aino",
        "Virtanen",
        "Aino@Example.FI",
        "040 123 4567",
        "Mentori",
        "odottaa",
        "Ruotsi",
        "1980",
    ]
    with app.test_request_context():
        candidate = checker.check(2, cells)
    assert candidate == Candidate(
        row=2,
        name="Aino Virtanen",
        email="Aino@example.fi",
        phone="+358401234567",
        role="mentor",
        status="waiting",
        municipality="",
        language="sv",
        answers={"phone": "+358401234567", "birth_year": "1980"},
    )


def test_each_problem_of_a_row_is_an_error_with_its_row_and_field(app):
    checker = _checker(app)
    with app.test_request_context():
        errors = checker.check(7, ["", "", "", "", "Kummi", "Outo", "latina", "1890"])
    assert {(e.row, e.field, e.code) for e in errors} == {
        (7, "name", "name_missing"),
        (7, "email", "contact_missing"),
        (7, "role", "role"),
        (7, "status", "status"),
        (7, "language", "language"),
        (7, "birth_year", "birth_year"),
    }


def test_the_default_role_fills_empty_role_cells_only(app):
    checker = _checker(app, default_role="actor")
    with app.test_request_context():
        assert checker.check(2, ["A", "B", "a@example.fi", "", "", "", "", ""]).role == "actor"
        errors = checker.check(3, ["A", "B", "b@example.fi", "", "Kummi", "", "", ""])
    assert [e.code for e in errors] == ["role"]


def test_the_same_person_twice_in_a_file_is_an_error_naming_the_first_row(app):
    checker = _checker(app, default_role="actor")
    with app.test_request_context():
        checker.check(2, ["A", "B", "a@example.fi", "0401234567", "", "", "", ""])
        errors = checker.check(5, ["C", "D", "A@example.fi", "+358 40 123 4567", "", "", "", ""])
    assert {(e.code, e.other_row) for e in errors} == {("same_email", 2), ("same_phone", 2)}
