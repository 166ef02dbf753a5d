"""The groups list and the surveys list show every group being planned or running and
the closed groups a page at a time, the latest first: years of closed groups neither
slow the lists down nor push the running ones out of sight."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from kaari.programme.surveys.models import Survey
from tests.helpers import QueryCounter, make_group_leader, pager_link

LISTS = ("/alpha/staff/groups/", "/alpha/staff/surveys/")


def _closed_groups(app, world, count: int, start: int = 0) -> None:
    """Closed groups "Old 000"... (made in that order), each with a closed survey."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for n in range(start, start + count):
            group = Group(name=f"Old {n:03d}", status="closed")
            db.session.add(group)
            db.session.flush()
            db.session.add(Survey(group_id=group.id, questions={}, status="closed"))
        db.session.commit()


def _closed(page: str) -> list[str]:
    section = page.split('id="closed-groups"', 1)[1]
    return re.findall(r">(Old \d{3})</a>", section)


@pytest.mark.parametrize("url", LISTS)
def test_the_lists_do_not_grow_statements_with_closed_groups(app, client, world, url):
    client.login(world.a.coordinator.email, tenant="alpha")
    _closed_groups(app, world, 5)
    client.get(url)
    with QueryCounter(app.extensions["kaari_engine"]) as small:
        page = client.get(url).get_data(as_text=True)
    assert len(_closed(page)) == 5
    _closed_groups(app, world, 55, start=5)
    with QueryCounter(app.extensions["kaari_engine"]) as large:
        page = client.get(url).get_data(as_text=True)
    assert large.count == small.count
    assert len(_closed(page)) == 20
    assert "ALPHA1" in page  # the open group stays first, on every page


@pytest.mark.parametrize("url", LISTS)
def test_a_coordinator_pages_through_the_closed_groups(app, client, world, url):
    _closed_groups(app, world, 45)
    client.login(world.a.coordinator.email, tenant="alpha")
    first = client.get(url + "?lang=en").get_data(as_text=True)
    newest = [f"Old {n:03d}" for n in range(44, -1, -1)]
    assert _closed(first) == newest[:20] and "Previous" not in first
    second = client.get(pager_link(first, "Next")).get_data(as_text=True)
    third = client.get(pager_link(second, "Next")).get_data(as_text=True)
    assert _closed(second) == newest[20:40] and _closed(third) == newest[40:]
    assert "ALPHA1" in second and "ALPHA1" in third
    assert 'rel="next"' not in third
    back = client.get(pager_link(third, "Previous")).get_data(as_text=True)
    assert _closed(back) == newest[20:40]
    last = client.get(pager_link(first, "Last page")).get_data(as_text=True)
    assert _closed(last) == newest[25:]  # the last page is a whole one
    assert _closed(client.get(pager_link(last, "First page")).get_data(as_text=True)) == newest[:20]


@pytest.mark.parametrize("url", LISTS)
def test_a_group_leader_pages_only_through_their_own_closed_groups(app, client, world, url):
    _closed_groups(app, world, 30)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        led = db.session.scalar(select(Group.id).where(Group.name == "Old 003"))
    make_group_leader(app, world.a.tenant_id, led)
    client.login("lea@alpha.example.org", tenant="alpha")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert _closed(page) == ["Old 003"] and "ALPHA1" not in page
    assert 'rel="next"' not in page
