"""New passwords: long enough, not common, not the email; long passphrases welcome."""

from __future__ import annotations

import pytest

from kaari.accounts.passwords import common_passwords, password_problem
from kaari.core.i18n import LANGUAGE_COOKIE
from kaari.demo import DEMO_PASSWORD
from tests.helpers import PASSWORD

# Twelve characters long, and the seventh most common such password in the shipped list.
COMMON = "qwerty123456"


def _change_password(client, world, new: str, language: str = "en"):
    client.http.set_cookie(LANGUAGE_COOKIE, language)
    client.login(world.a.coordinator.email, tenant="alpha")
    return client.submit(
        "/account/password", {"current": PASSWORD, "password": new, "confirm": new}
    )


def test_the_shipped_list_is_a_real_list_of_common_passwords():
    passwords = common_passwords()
    assert len(passwords) > 10_000
    assert {"123456", "password", "qwerty", COMMON} <= passwords


def test_a_common_password_is_refused_whatever_its_letter_case(client, world):
    response = _change_password(client, world, COMMON.upper())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This password is among the most common ones and easy to guess" in html
    # What was typed in the password fields is not sent back.
    assert COMMON.upper() not in html


def test_an_eleven_character_password_is_refused_with_its_length(client, world):
    response = _change_password(client, world, "elevenchars")
    assert "The password is too short: use at least 12 characters." in response.get_data(
        as_text=True
    )


def test_a_password_with_the_email_name_in_it_is_refused(client, world):
    local_part = world.a.coordinator.email.split("@")[0]
    response = _change_password(client, world, f"My {local_part.title()} Secret 2026")
    assert "The password must not contain your email address." in response.get_data(as_text=True)


def test_the_messages_are_translated(client, world):
    response = _change_password(client, world, "elevenchars", language="fi")
    assert "Salasana on liian lyhyt" in response.get_data(as_text=True)


def test_a_64_character_passphrase_is_accepted_and_signs_in(app, client, world):
    passphrase = "kuusi pientä sanaa ja vielä yksi pitkä lause kesäisestä järvestä"
    assert len(passphrase) == 64
    response = _change_password(client, world, passphrase)
    assert response.status_code == 302
    client.logout()
    client.login(world.a.coordinator.email, password=passphrase, tenant="alpha")
    assert client.get("/alpha/staff/").status_code == 200


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * 200, None),
        ("x" * 201, "too_long"),
        (" password1234 ", "common"),
        ("no composition rules at all", None),
    ],
)
def test_the_rules_at_their_edges(password, problem):
    assert password_problem(password, "someone@example.org") == problem


def test_the_demo_password_is_still_valid():
    assert password_problem(DEMO_PASSWORD, "admin@kaari.example.org") is None
