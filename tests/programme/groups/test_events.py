"""Events besides the group meetings: a coordinator creates a training evening for
everyone in the open groups and a social event for actors only; each reaches exactly
the people it is for, with its own title in their language."""

from __future__ import annotations

import pytest

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person, read_outbox, text_body

EVENTS = "/alpha/staff/events/"


@pytest.fixture
def groups(app, world):
    """ALPHA1 (open) with Aino & Mika (Mika reads English); CLOSED1 with Cai & Dan."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            closed = Group(name="CLOSED1", status="closed")
            db.session.add(closed)
            db.session.flush()
            make_group_pair(
                world.a.group_id,
                make_person(tenant, "Aino", "aino@example.org"),
                make_person(tenant, "Mika", "mika@example.org", "mentor", language="en"),
            )
            make_group_pair(
                closed.id,
                make_person(tenant, "Cai", "cai@example.org"),
                make_person(tenant, "Dan", "dan@example.org", "mentor"),
            )
        db.session.commit()


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _event(**fields) -> dict:
    data = {
        "kind": "training",
        "audience": "all_groups",
        "group": "0",
        "day": "2027-02-10",
        "starts": "17:30",
        "ends": "20:00",
        "place": "Kirjasto Oodi",
        "title__fi": "CV-työpaja",
        "title__en": "CV workshop",
        "description__fi": "Tuo oma CV mukanasi.",
    }
    return {**data, **fields}


def test_a_training_evening_reaches_everyone_in_the_open_groups(coordinator, groups, outbox):
    created = coordinator.submit(EVENTS, _event())
    assert created.status_code == 302
    event = created.location
    coordinator.submit(event + "/invite", form_url=event)
    sent = {m["To"]: m for m in read_outbox(outbox)}
    assert sorted(sent) == ["aino@example.org", "mika@example.org"]
    assert "CV-työpaja" in sent["aino@example.org"]["Subject"]
    assert "CV workshop" in sent["mika@example.org"]["Subject"]
    assert "Kirjasto Oodi" in text_body(sent["aino@example.org"])
    listed = coordinator.get(EVENTS + "?lang=en").get_data(as_text=True)
    assert "CV workshop" in listed and "Everyone in the groups that are not closed" in listed


def test_a_social_event_for_actors_invites_only_actors(coordinator, groups, outbox):
    event = coordinator.submit(
        EVENTS, _event(kind="social", audience="actors", title__fi="Museoilta")
    ).location
    coordinator.submit(event + "/invite", form_url=event)
    assert [m["To"] for m in read_outbox(outbox)] == ["aino@example.org"]


def test_bad_events_are_refused_keeping_what_was_typed(coordinator, groups):
    untitled = coordinator.submit(EVENTS + "?lang=en", _event(title__fi="", place="Sali 3"))
    page = untitled.get_data(as_text=True)
    assert untitled.status_code == 400
    assert "Give the event a title in the organisation&#39;s main language." in page
    assert "Sali 3" in page
    no_group = coordinator.submit(EVENTS + "?lang=en", _event(audience="group"))
    assert "Choose the group the event is for." in no_group.get_data(as_text=True)
    backwards = coordinator.submit(EVENTS + "?lang=en", _event(ends="16:00"))
    assert "The end must come after the start." in backwards.get_data(as_text=True)


def test_group_leaders_see_events_but_cannot_create_them(app, client, world, groups):
    from tests.helpers import make_group_leader

    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login("lea@alpha.example.org", tenant="alpha")
    assert client.get(EVENTS).status_code == 200
    assert client.submit(EVENTS, _event()).status_code == 403
