"""The personal registration link: the detailed form per role, save and continue,
errors next to the fields with nothing lost, and links that only work for their person."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake.models import RegistrationLink
from kaari.participants.models import Person
from tests.helpers import read_outbox, text_body

ACTOR = {
    "phone": "040 123 4567",
    "address": "Mannerheimintie 1, Helsinki",
    "birth_year": "1988",
    "occupation": "2142 Civil engineers",
    "education_field": "Rakennustekniikka omin sanoin",
    "education_abroad": "MSc in Civil Engineering, Damascus University",
    "education_here": "",
    "work_abroad": "Site engineer for six years",
    "work_here": "",
    "goals": "Work as a structural engineer",
    "situation": "unemployed",
    "finnish_level": "b1",
    "interests": "Chess, hiking",
}


def _join_and_link(client, role="actor", email="amina@example.org") -> None:
    data = {
        "role": role,
        "name": "Amina Haddad",
        "email": email,
        "municipality": "Vantaa",
        "language": "fi",
        "consent": "y",
    }
    client.submit("/alpha/join", data)


def _link(outbox, email="amina@example.org") -> str:
    message = next(m for m in read_outbox(outbox) if m["To"] == email)
    return re.search(r"http://localhost(/alpha/register/\S+)", text_body(message)).group(1)


def _person(app, world, email="amina@example.org") -> Person:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Person).where(Person.email == email))


def test_an_actor_corrects_an_error_and_registers(app, client, world, outbox):
    _join_and_link(client)
    link = _link(outbox)
    response = client.submit(link, {**ACTOR, "phone": "12", "submit": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="phone-error"' in html
    assert "MSc in Civil Engineering, Damascus University" in html  # nothing typed is lost
    assert _person(app, world).status == "registration_sent"

    response = client.submit(link, {**ACTOR, "submit": "1"})
    assert response.status_code == 302  # a reload of the thank-you page sends nothing again
    assert "Amina Haddad" in client.get(response.headers["Location"]).get_data(as_text=True)
    person = _person(app, world)
    assert person.status == "registered" and person.registered_at is not None
    assert person.answers["phone"] == "040 123 4567"
    assert person.answers["finnish_level"] == "b1"
    # Chosen from the list: the ISCO-08 code is kept; written freely: no code.
    assert person.answers["occupation_code"] == "2142"
    assert person.answers["education_field_code"] is None


def test_a_half_filled_form_is_kept_for_later(app, client, world, outbox):
    _join_and_link(client)
    link = _link(outbox)
    response = client.submit(link, {"goals": "Structural engineering", "phone": "", "save": "1"})
    assert response.status_code == 302
    assert _person(app, world).status == "registration_sent"
    assert "Structural engineering" in client.get(link).get_data(as_text=True)


def test_the_link_opens_in_the_language_the_person_chose(app, client, world, outbox):
    data = {
        "role": "actor",
        "name": "Sam",
        "email": "sam@example.org",
        "municipality": "Turku",
        "language": "sv",
        "consent": "y",
    }
    client.submit("/alpha/join", data)
    link = _link(outbox, "sam@example.org")
    fresh = client.__class__(app)  # another browser: no language cookie
    assert '<html lang="sv">' in fresh.get(link).get_data(as_text=True)


def test_a_mentor_gets_the_mentor_form(app, client, world, outbox):
    _join_and_link(client, role="mentor", email="matti@example.org")
    html = client.get(_link(outbox, "matti@example.org")).get_data(as_text=True)
    assert 'name="wished_field"' in html and 'name="other_fields"' in html
    assert 'name="finnish_level"' not in html
    assert "why" not in html.lower()  # nobody is asked why they moved here


def test_answers_can_be_corrected_until_matching_starts(app, client, world, outbox):
    _join_and_link(client)
    link = _link(outbox)
    client.submit(link, {**ACTOR, "submit": "1"})
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(Person).where(Person.email == "amina@example.org").values(status="matched")
        )
        db.session.commit()
    response = client.submit(
        link, {**ACTOR, "goals": "Something else", "submit": "1"}, form_url="/alpha/join"
    )
    assert response.status_code == 200
    assert _person(app, world).answers["goals"] == "Work as a structural engineer"


def test_expired_forged_and_other_tenant_links_do_not_open(app, client, world, outbox):
    _join_and_link(client)
    link = _link(outbox)
    assert client.get(link.replace("/alpha/", "/beta/")).status_code == 404
    assert client.get("/alpha/register/forged-token-value").status_code == 404
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(RegistrationLink).values(expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    assert client.get(link).status_code == 404


def test_the_coordinator_sees_the_answers_with_labels(app, client, world, outbox):
    _join_and_link(client)
    client.submit(_link(outbox), {**ACTOR, "submit": "1"})
    person = _person(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    html = client.get(f"/alpha/staff/participants/{person.id}?lang=en").get_data(as_text=True)
    assert "Professional goals in Finland" in html and "Work as a structural engineer" in html
    assert "Your professional goals" not in html  # staff read about the person, not to them
    assert "Intermediate (B1)" in html  # the chosen option's label, not its code
