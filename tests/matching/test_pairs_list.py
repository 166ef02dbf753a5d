"""The pairs list shows a page of 50 open pairs at a time, newest first."""

from __future__ import annotations

import re

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.tenancy.models import Tenant
from tests.helpers import make_person, pager_link


def _actors(page: str) -> list[int]:
    return [int(n) for n in re.findall(r">Actor (\d+)</a>", page)]


def test_a_coordinator_pages_through_the_open_pairs(app, client, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(70):
            actor = make_person(tenant, f"Actor {n}", f"a{n}@example.org", status="matched")
            mentor = make_person(tenant, f"Mentor {n}", f"m{n}@example.org", "mentor")
            with tenant_scope(tenant.id):
                db.session.add(Pair(actor_id=actor.id, mentor_id=mentor.id, status="invited"))
                db.session.flush()
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    first = client.get("/alpha/staff/matching/pairs/?lang=en").get_data(as_text=True)
    newest_first = list(range(69, -1, -1))
    assert _actors(first) == newest_first[:50]
    second = client.get(pager_link(first, "Next")).get_data(as_text=True)
    assert _actors(second) == newest_first[50:]
    last = client.get(pager_link(first, "Last page")).get_data(as_text=True)
    assert _actors(last) == newest_first[-50:]
    back = client.get(pager_link(second, "Previous")).get_data(as_text=True)
    assert _actors(back) == newest_first[:50]
