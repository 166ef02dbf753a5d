"""Old registrations are flagged; the coordinator asks, and the person's own answer
updates the register."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person, StatusChange
from tests.helpers import read_outbox, text_body


def _age(app, world, days: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        old = utcnow() - timedelta(days=days)
        db.session.execute(update(Person).values(created_at=old, registered_at=old))
        db.session.commit()


def _person(app, world) -> Person:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.get(Person, world.a.person_id)


def _ask(client, world, outbox) -> dict[str, str]:
    url = f"/alpha/staff/participants/{world.a.person_id}"
    client.submit(f"{url}/reconfirm", form_url=url)
    [message] = read_outbox(outbox)
    links = re.findall(r"http://localhost(/alpha/interest/\S+)", text_body(message))
    return {re.search(r"answer=(\w+)", link).group(1): link for link in links}


def test_an_old_registration_is_flagged_for_re_confirmation(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/participants/{world.a.person_id}?lang=en"
    assert "The registration is old" not in client.get(url).get_data(as_text=True)
    _age(app, world, 91)  # the tenant's default is 90 days
    assert "The registration is old" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(("answer", "status"), [("yes", "waiting"), ("no", "withdrawn")])
def test_the_persons_answer_updates_the_register(app, client, world, outbox, answer, status):
    _age(app, world, 120)
    client.login(world.a.coordinator.email, tenant="alpha")
    links = _ask(client, world, outbox)
    assert set(links) == {"yes", "no"}
    client.logout()

    visitor = client.__class__(app)
    page = visitor.get(links[answer])
    assert page.status_code == 200  # a page to confirm: opening the link alone changes nothing
    assert _person(app, world).status == "registered"
    visitor.submit(links[answer], {"answer": answer})
    person = _person(app, world)
    assert person.status == status
    assert (person.reconfirmed_at is not None) == (answer == "yes")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        reason = db.session.scalar(select(StatusChange.reason).order_by(StatusChange.id.desc()))
    assert reason


def test_a_forged_or_other_tenant_answer_link_is_refused(app, client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    links = _ask(client, world, outbox)
    assert client.get(links["yes"].replace("/alpha/", "/beta/")).status_code == 404
    assert client.get("/alpha/interest/forged?answer=yes").status_code == 404
