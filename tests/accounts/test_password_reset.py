"""Forgotten passwords: an emailed one-time link, and no hint whether an account exists."""

from __future__ import annotations

from tests.helpers import first_link, read_outbox

NEW_PASSWORD = "a new and long passphrase"


def test_a_reset_link_sets_a_new_password_once(client, world, outbox):
    response = client.submit("/password/forgot", {"email": world.a.coordinator.email})
    assert response.status_code == 302
    [message] = read_outbox(outbox)
    link = first_link(message)
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/login"
    client.login(world.a.coordinator.email, NEW_PASSWORD)
    client.logout()
    assert client.get(link).status_code == 404


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, outbox):
    known = client.submit("/password/forgot", {"email": world.a.coordinator.email})
    unknown = client.submit("/password/forgot", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert len(read_outbox(outbox)) == 1


def test_a_tampered_link_is_refused(client, world, outbox):
    client.submit("/password/forgot", {"email": world.a.coordinator.email})
    link = first_link(read_outbox(outbox)[0])
    assert client.get(link[:-3] + "abc").status_code == 404


def test_mismatched_passwords_are_explained(client, world, outbox):
    client.submit("/password/forgot", {"email": world.a.coordinator.email})
    link = first_link(read_outbox(outbox)[0])
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
