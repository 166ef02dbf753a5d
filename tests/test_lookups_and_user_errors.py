"""kaari.core.lookups (a foreign or missing id is a 404) and kaari.core.user_errors (one way to
show an error the user can fix)."""

from __future__ import annotations

import pytest
from flask import Flask, get_flashed_messages
from werkzeug.exceptions import NotFound
from wtforms import Form, StringField

from kaari.core.lookups import found_or_404, get_or_404
from kaari.core.scoping import tenant_scope
from kaari.core.user_errors import UserError, show
from kaari.participants.models import Person
from kaari.tenancy.logo import LogoError


def test_get_or_404_finds_its_own_tenants_row_only(app, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert get_or_404(Person, world.a.person_id).id == world.a.person_id
        with pytest.raises(NotFound):
            get_or_404(Person, world.b.person_id)
        with pytest.raises(NotFound):
            get_or_404(Person, world.a.person_id, Person.name == "nobody of that name")


def test_found_or_404():
    assert found_or_404(0) == 0
    with pytest.raises(NotFound):
        found_or_404(None)


class _Form(Form):
    name = StringField()


class _NameError(UserError):
    MESSAGES = {"name_missing": "Give the group a name.", "other": "Other."}
    FIELDS = {"name_missing": "name"}


def test_an_error_is_shown_beside_its_field_or_flashed():
    app = Flask(__name__)
    app.secret_key = "x"
    with app.test_request_context():
        form = _Form()
        form.validate()
        show(_NameError("name_missing"), form)
        assert form.name.errors == ["Give the group a name."]
        show(_NameError("other"), form)
        show(_NameError("name_missing"))
        assert get_flashed_messages() == ["Other.", "Give the group a name."]


def test_an_error_message_is_translated_when_shown(app):
    for language, expected in (("fi", "Tiedosto on suurempi"), ("sv", "Filen är större")):
        with app.test_request_context(f"/?lang={language}"):
            message = str(LogoError("too_large").message)
        assert message.startswith(expected), message
