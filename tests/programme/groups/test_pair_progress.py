"""Follow-up of a group's pairs: staff see how often each pair has met and, near the
mid-point, which pairs have met fewer than four times or not at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Meeting, PairMeeting
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person
from tests.test_query_counts import _queries


def _pairs_with_meetings(app, world, counts: list[int], start: int = 0) -> list[int]:
    """A confirmed pair in tenant A's group for each count, with that many logged meetings."""
    ids = []
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for number, count in enumerate(counts, start):
            actor = make_person(tenant, f"Actor {number}", f"a{number}@example.org")
            mentor = make_person(tenant, f"Mentor {number}", f"m{number}@example.org", "mentor")
            with tenant_scope(tenant.id):
                pair_id = make_group_pair(world.a.group_id, actor, mentor)
                for week in range(count):
                    met = date(2026, 10, 1) + timedelta(weeks=week)
                    db.session.add(PairMeeting(pair_id=pair_id, met_on=met))
            ids.append(pair_id)
        db.session.commit()
    return ids


def _midpoint_in(app, world, days: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        starts = utcnow() + timedelta(days=days)
        db.session.add(
            Meeting(
                group_id=world.a.group_id,
                kind="midpoint",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
        )
        db.session.commit()


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _rows(page: str) -> dict[str, str]:
    """Each pair's table row, by the actor's name."""
    rows = page.split("<tr>")[2:]
    return {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in rows if "</a>" in row}


def test_pairs_short_of_meetings_are_flagged_near_the_midpoint(app, coordinator, world):
    _pairs_with_meetings(app, world, [0, 2, 5])
    url = f"/alpha/staff/groups/{world.a.group_id}?lang=en"
    _midpoint_in(app, world, 60)
    early = coordinator.get(url).get_data(as_text=True)
    assert "No meetings</span>" not in early and "Fewer than four</span>" not in early
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.query(Meeting).filter_by(kind="midpoint").delete()
        db.session.commit()
    _midpoint_in(app, world, 10)
    rows = _rows(coordinator.get(url).get_data(as_text=True))
    assert "No meetings</span>" in rows["Actor 0"]
    assert "<td>2" in rows["Actor 1"] and "Fewer than four</span>" in rows["Actor 1"]
    assert "<td>5" in rows["Actor 2"] and "</span>" not in rows["Actor 2"]


def test_the_group_page_does_not_grow_queries_with_pairs(app, coordinator, world):
    _pairs_with_meetings(app, world, [1, 3])
    url = f"/alpha/staff/groups/{world.a.group_id}"
    small = _queries(app, coordinator, url)
    _pairs_with_meetings(app, world, [0, 2, 4, 6, 1, 1], start=10)
    assert _queries(app, coordinator, url) == small
