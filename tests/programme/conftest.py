"""A group with actors, shared by the outcome and follow-up tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.helpers import put_pairs_in_group


@dataclass
class GroupOfActors:
    group_id: int
    url: str  # the group's staff page
    actors: dict[str, int]  # actor ids by name
    mentors: dict[str, int]


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
