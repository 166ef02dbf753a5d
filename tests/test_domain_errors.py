"""Every domain error the user can fix has its message (in fi and sv) and its field in
one place, and a view shows it beside that field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import get_flashed_messages
from flask_babel import force_locale, get_translations
from wtforms import Form, StringField

import kaari
from kaari.core.user_errors import UserError, show
from kaari.programme.groups.invitations import RsvpError
from kaari.programme.groups.services import ProgrammeError
from kaari.programme.outcomes.services import OutcomeError
from kaari.programme.surveys.services import SurveyError
from kaari.tenancy.logo import LogoError

ERRORS = (LogoError, ProgrammeError, SurveyError, OutcomeError, RsvpError)
SOURCE = Path(kaari.__file__).parent


def _raised_codes(error: type[UserError]) -> set[str]:
    pattern = re.compile(rf'\b{error.__name__}\(\s*"(\w+)"')
    return {code for path in SOURCE.rglob("*.py") for code in pattern.findall(path.read_text())}


@pytest.mark.parametrize("error", ERRORS)
def test_every_raised_code_has_a_message_and_a_field_only_of_its_codes(error):
    raised = _raised_codes(error)
    assert raised, "the pattern finds the raises"
    assert raised <= error.MESSAGES.keys(), raised - error.MESSAGES.keys()
    assert error.FIELDS.keys() <= error.MESSAGES.keys()


@pytest.mark.parametrize("error", ERRORS)
def test_every_message_is_translated_into_finnish_and_swedish(app, error):
    with app.test_request_context("/"):
        for language in ("fi", "sv"):
            with force_locale(language):
                catalogue = get_translations()._catalog
                for code, message in error.MESSAGES.items():
                    assert catalogue.get(message._args[0]), (language, error.__name__, code)


@pytest.mark.parametrize(
    "error", [cls(code) for cls in ERRORS for code in cls.MESSAGES if code in cls.FIELDS]
)
def test_each_error_is_shown_beside_its_field(app, error):
    class OneField(Form):
        pass

    setattr(OneField, error.field, StringField())
    form = OneField()
    form.validate()  # as a view has done before it calls the service
    with app.test_request_context("/"), force_locale("en"):
        show(error, form)
        assert form[error.field].errors == [str(error.message)]
        assert not get_flashed_messages()


@pytest.mark.parametrize(
    "error", [cls(code) for cls in ERRORS for code in cls.MESSAGES if code not in cls.FIELDS]
)
def test_an_error_about_no_field_is_flashed(app, error):
    with app.test_request_context("/"), force_locale("en"):
        show(error, Form())
        assert get_flashed_messages(with_categories=True) == [("error", str(error.message))]


def test_the_staff_and_the_portal_say_pair_not_confirmed_differently(app):
    with app.test_request_context("/"), force_locale("en"):
        staff = str(ProgrammeError("pair_not_confirmed_to_end").message)
        portal = str(ProgrammeError("pair_not_confirmed").message)
    assert staff == "Only a confirmed pair can end."
    assert portal == "This becomes possible once both of you have confirmed the pair."


def test_placeholders_are_filled_in_the_language_of_the_request(app):
    error = ProgrammeError("name_differs", name="Aino Virtanen")
    with app.test_request_context("/"):
        with force_locale("en"):
            assert str(error.message) == ("Type your name as it is in the register: Aino Virtanen.")
        with force_locale("fi"):
            assert "Aino Virtanen" in str(error.message)
            assert not str(error.message).startswith("Type your name")
