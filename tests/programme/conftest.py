"""A group with actors, shared by the outcome and follow-up tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kaari import db
from kaari.matching.models import Pair
from kaari.programme.models import GroupPair
from kaari.tenancy.models import Tenant
from kaari.tenancy.scoping import tenant_scope
from tests.helpers import make_person


@dataclass
class GroupOfActors:
    group_id: int
    url: str  # the group's staff page
    actors: dict[str, int]  # actor ids by name
    mentors: dict[str, int]


def put_pairs_in_group(app, tenant_id: int, group_id: int, names: list[tuple[str, str]]):
    """Pairs of new actors and mentors (name, language) in the group; returns the people."""
    actors, mentors = {}, {}
    with app.app_context():
        tenant = db.session.get(Tenant, tenant_id)
        for name, language in names:
            first = name.split()[0].lower()
            actor = make_person(tenant, name, f"{first}@example.org", language=language)
            mentor = make_person(
                tenant, f"Mentor of {name}", f"mentor.{first}@example.org", "mentor"
            )
            with tenant_scope(tenant_id):
                pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed")
                db.session.add(pair)
                db.session.flush()
                db.session.add(GroupPair(group_id=group_id, pair_id=pair.id))
            actors[name], mentors[name] = actor.id, mentor.id
        db.session.commit()
    return actors, mentors


@pytest.fixture
def actors_group(app, world) -> GroupOfActors:
    """Tenant A's group with three pairs; Mika Actor reads English."""
    actors, mentors = put_pairs_in_group(
        app,
        world.a.tenant_id,
        world.a.group_id,
        [("Aino Actor", "fi"), ("Mika Actor", "en"), ("Bea Actor", "fi")],
    )
    return GroupOfActors(
        world.a.group_id, f"/alpha/staff/groups/{world.a.group_id}", actors, mentors
    )


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client
