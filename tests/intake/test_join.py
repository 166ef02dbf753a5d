"""The public contact form: a person joins, gets a reply with a personal link;
robots and double submits do not make people."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.extensions import limiter
from kaari.core.scoping import tenant_scope
from kaari.intake.models import Consent
from kaari.participants.models import Person, StatusChange
from tests.helpers import read_outbox, text_body

JOIN = {
    "role": "actor",
    "name": "Amina Haddad",
    "email": "amina@example.org",
    "municipality": "Vantaa",
    "question": "",
    "language": "en",
    "consent": "y",
}


def _people(app, world) -> list[Person]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return list(
            db.session.scalars(select(Person).where(Person.email != "person@alpha.example.org"))
        )


def test_a_newcomer_joins_and_gets_a_reply_in_their_language(app, client, world, outbox):
    response = client.submit("/alpha/join", JOIN)
    assert response.headers["Location"] == "/alpha/join/thanks"
    [person] = _people(app, world)
    assert (person.role, person.status, person.language) == ("actor", "registration_sent", "en")
    [reply] = read_outbox(outbox)
    assert reply["To"] == "amina@example.org" and reply["Content-Language"] == "en"
    body = text_body(reply)
    assert re.search(r"http://localhost/alpha/register/\S{20,}", body)
    assert "Alpha Network connects" in body  # the tenant's own introduction
    with app.app_context(), tenant_scope(world.a.tenant_id):
        consent = db.session.scalar(select(Consent))
        steps = db.session.scalars(select(StatusChange.new_status).order_by(StatusChange.id)).all()
    assert (consent.person_id, consent.notice_version, consent.form) == (person.id, 1, "contact")
    assert steps == ["contacted", "registration_sent"]


def test_the_form_speaks_plain_finnish_by_default(client, world):
    html = client.get("/alpha/join").get_data(as_text=True)
    assert '<html lang="fi">' in html
    assert 'for="email"' in html and 'href="/alpha/privacy"' in html


def test_someone_who_wants_a_job_now_is_flagged_and_told_kindly(app, client, world, outbox):
    client.submit("/alpha/join", {**JOIN, "question": "I want a job now, please"})
    [person] = _people(app, world)
    assert person.wants_job_placement
    assert "we do not place people in jobs" in text_body(read_outbox(outbox)[0])
    client.login(world.a.coordinator.email, tenant="alpha")
    listing = client.get("/alpha/staff/participants/?flagged=1").get_data(as_text=True)
    assert "Amina Haddad" in listing


def test_the_same_address_twice_makes_one_person_and_one_mail(app, client, world, outbox):
    client.submit("/alpha/join", JOIN)
    client.submit("/alpha/join", {**JOIN, "email": "AMINA@example.org"})
    assert len(_people(app, world)) == 1
    assert len(read_outbox(outbox)) == 1


def test_the_hidden_field_stops_robots_quietly(app, client, world, outbox):
    response = client.submit("/alpha/join", {**JOIN, "website": "http://spam.example"})
    assert response.headers["Location"] == "/alpha/join/thanks"
    assert _people(app, world) == [] and read_outbox(outbox) == []


def test_a_form_sent_too_fast_is_returned_with_everything_typed(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_MIN_SECONDS", 30)
    response = client.submit("/alpha/join", JOIN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Amina Haddad"' in html and 'value="amina@example.org"' in html
    assert "Shown At" not in html and 'href="#shown_at"' not in html  # no internal field named
    assert _people(app, world) == []


def test_joining_is_rate_limited_per_address(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_RATE_LIMIT", "2 per minute")
    limiter.reset()
    statuses = [
        client.submit("/alpha/join", {**JOIN, "email": f"p{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    limiter.reset()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"consent": ""}, "consent"),
        ({"role": "boss"}, "role"),
        ({"name": ""}, "name"),
        ({"question": "x" * 5000}, "question"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(app, client, world, changes, field):
    response = client.submit("/alpha/join", {**JOIN, **changes})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _people(app, world) == []


def test_script_in_free_text_is_stored_and_shown_inert(app, client, world):
    script = "<script>alert('x')</script>"
    client.submit("/alpha/join", {**JOIN, "name": f"Eve {script}", "question": script})
    client.login(world.a.coordinator.email, tenant="alpha")
    [person] = _people(app, world)
    for url in ("/alpha/staff/participants/", f"/alpha/staff/participants/{person.id}"):
        html = client.get(url).get_data(as_text=True)
        assert script not in html and "&lt;script&gt;" in html


def test_people_of_one_tenant_do_not_count_in_anothers_queue(app, client, world):
    client.submit("/beta/join", JOIN)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        count = db.session.scalar(select(func.count()).select_from(Person))
    assert count == 1  # only the world's own person of tenant A
