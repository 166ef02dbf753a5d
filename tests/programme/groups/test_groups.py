"""Groups: a coordinator creates one, chooses leaders, puts pairs in it, plans its
three meetings, sees them on the calendar and subscribes to its feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.programme.groups import planner
from kaari.programme.groups.models import Group, GroupPair, Meeting, PairMove
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_leader, make_person, make_staff
from tests.test_query_counts import _queries

HELSINKI = ZoneInfo("Europe/Helsinki")


def _pairs(app, world, count: int, start: int = 0) -> list[int]:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        ids = []
        for n in range(start, start + count):
            actor = make_person(tenant, f"Actor {n}", f"a{n}@example.org", status="matched")
            mentor = make_person(tenant, f"Mentor {n}", f"m{n}@example.org", "mentor")
            with tenant_scope(tenant.id):
                pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed")
                db.session.add(pair)
                db.session.flush()
                ids.append(pair.id)
        db.session.commit()
        return ids


def _create(client, name: str = "HKI2", **data) -> str:
    response = client.submit(
        "/alpha/staff/groups/",
        {"name": name, "planned_start": "2027-02-05", "venue": "Main Library", **data},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return response.headers["Location"]


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def test_a_coordinator_runs_a_group_from_creation_to_planned_meetings(app, coordinator, world):
    url = _create(coordinator)
    page = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "Group HKI2" in page and "The group has 0 pairs" in page

    pair_ids = _pairs(app, world, 6)
    response = coordinator.submit(url + "/pairs", {"pairs": pair_ids}, form_url=url)
    assert response.status_code == 302
    page = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "Actor 5" in page and "works best with 5 to 20" not in page

    with app.app_context():
        leader = make_staff(
            db.session.get(Tenant, world.a.tenant_id), "lea@alpha.example.org", "group_leader"
        )
        db.session.commit()
    coordinator.submit(url + "/leaders", {"leaders": [leader.user_id]}, form_url=url)

    coordinator.submit(url + "/plan", form_url=url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        group = db.session.scalar(select(Group).where(Group.name == "HKI2"))
        meetings = db.session.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
        ).all()
    assert [m.kind for m in meetings] == ["kickoff", "midpoint", "final"]
    local = [m.starts_at.astimezone(HELSINKI) for m in meetings]
    assert local[0].date() == date(2027, 2, 8)  # 5 Feb 2027 is a Friday: the next Monday
    assert all(day.weekday() < 4 and day.hour == 17 and day.minute == 30 for day in local)
    assert 120 <= (local[1] - local[0]).days <= 150  # 4-5 months
    assert 240 <= (local[2] - local[0]).days <= 300
    assert all(m.place == "Main Library" for m in meetings)

    # Planning again adds nothing; the coordinator moves the mid-point by hand.
    coordinator.submit(url + "/plan", form_url=url)
    midpoint_url = f"{url}/meetings/{meetings[1].id}"
    response = coordinator.submit(
        midpoint_url, {"day": "2027-06-15", "starts": "18:00", "ends": "20:30", "place": "Museum"}
    )
    assert response.status_code == 302
    calendar_page = coordinator.get("/alpha/staff/groups/calendar?month=2027-06&lang=en")
    assert "Museum" not in calendar_page.get_data(as_text=True)  # the calendar shows titles
    assert "Mid-point meeting" in calendar_page.get_data(as_text=True)

    # The feed: three events, in UTC, the mid-point at 18:00 Helsinki summer time.
    page = coordinator.get(url).get_data(as_text=True)
    feed_path = page.split("/alpha/calendar/")[1].split('"')[0]
    coordinator.logout()
    feed = coordinator.get(f"/alpha/calendar/{feed_path}?lang=en")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = Calendar.from_ical(feed.data).walk("VEVENT")
    assert len(events) == 3
    assert events[1].decoded("dtstart") == datetime(2027, 6, 15, 15, 0, tzinfo=UTC)
    assert str(events[1]["location"]) == "Museum"
    assert str(events[1]["summary"]) == "HKI2: Mid-point meeting"
    assert coordinator.get(f"/alpha/calendar/x{feed_path}").status_code == 404


def test_a_name_in_use_is_refused_and_the_form_keeps_what_was_typed(coordinator):
    _create(coordinator, "HKI2")
    response = coordinator.submit(
        "/alpha/staff/groups/?lang=en", {"name": "hki2", "venue": "Adult education centre"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Another group already has this name." in page and "Adult education centre" in page


def test_a_group_outside_5_to_20_pairs_warns(app, coordinator, world):
    url = _create(coordinator)
    coordinator.submit(url + "/pairs", {"pairs": _pairs(app, world, 21)}, form_url=url)
    page = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "The group has 21 pairs" in page and "Split it" in page


def test_a_pair_moves_to_the_next_group_from_its_page_and_the_move_is_recorded(
    app, coordinator, world
):
    first, second = _create(coordinator, "HKI2"), _create(coordinator, "HKI3")
    (pair_id,) = _pairs(app, world, 1)
    coordinator.submit(first + "/pairs", {"pairs": [pair_id]}, form_url=first)
    second_id = int(second.rsplit("/", 1)[1])
    pair_page = f"{first}/pairs/{pair_id}?lang=en"
    assert f"{first}/pairs/{pair_id}/move" not in coordinator.get(first).get_data(as_text=True)
    page = coordinator.get(pair_page).get_data(as_text=True)
    assert f'action="{first}/pairs/{pair_id}/move"' in page and "HKI3" in page
    response = coordinator.submit(
        f"{first}/pairs/{pair_id}/move",
        {"to_group": second_id, "reason": "Missed the kick-off"},
        form_url=pair_page,
    )
    assert response.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert (
            db.session.scalar(select(GroupPair.group_id).where(GroupPair.pair_id == pair_id))
            == second_id
        )
        move = db.session.scalar(select(PairMove))
        assert move.to_group_id == second_id and move.reason == "Missed the kick-off"
    for group_page in (first, second):  # the pair by its members' names, not its number
        moves = coordinator.get(group_page).get_data(as_text=True).split("<h3>", 1)[1]
        assert "Actor 0 &amp; Mentor 0, HKI2 → HKI3 (Missed the kick-off)" in moves


def test_a_pair_is_taken_out_of_the_group_from_its_page(app, coordinator, world):
    url = _create(coordinator)
    (pair_id,) = _pairs(app, world, 1)
    coordinator.submit(url + "/pairs", {"pairs": [pair_id]}, form_url=url)
    pair_page = f"{url}/pairs/{pair_id}?lang=en"
    assert "Take the pair out of group HKI2" in coordinator.get(pair_page).get_data(as_text=True)
    response = coordinator.submit(f"{url}/pairs/{pair_id}/remove", form_url=pair_page)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert coordinator.get(pair_page).status_code == 404
    assert "Actor 0" in coordinator.get(url).get_data(as_text=True)  # free to add again


def test_a_group_leader_sees_a_pair_without_its_group_actions(app, client, world):
    group = f"/alpha/staff/groups/{world.a.group_id}"
    (pair_id,) = _pairs(app, world, 1)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add(GroupPair(group_id=world.a.group_id, pair_id=pair_id))
        db.session.commit()
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login("lea@alpha.example.org", tenant="alpha")
    page = client.get(f"{group}/pairs/{pair_id}").get_data(as_text=True)
    assert "Actor 0" in page and "/move" not in page and "/remove" not in page


def test_the_group_page_does_not_grow_queries_with_pairs_and_moves(app, coordinator, world):
    first, second = _create(coordinator, "HKI2"), _create(coordinator, "HKI3")

    def add_and_move(count: int, start: int) -> None:
        pairs = _pairs(app, world, count, start)
        coordinator.submit(first + "/pairs", {"pairs": pairs}, form_url=first)
        form = f"{first}/pairs/{pairs[0]}"
        to = {"to_group": int(second.rsplit("/", 1)[1]), "reason": "Timing"}
        assert coordinator.submit(form + "/move", to, form_url=form).status_code == 302

    add_and_move(2, 0)
    small = [_queries(app, coordinator, url) for url in (first, second)]
    add_and_move(12, 100)
    add_and_move(3, 200)
    assert [_queries(app, coordinator, url) for url in (first, second)] == small


def test_group_leaders_see_groups_but_cannot_change_them(app, client, world):
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login("lea@alpha.example.org", tenant="alpha")
    assert client.get("/alpha/staff/groups/").status_code == 200
    url = f"/alpha/staff/groups/{world.a.group_id}"
    assert client.get(url).status_code == 200
    assert client.submit(url + "/plan", form_url=url).status_code == 403


def test_the_planner_keeps_away_from_other_groups_evenings():
    group = Group(name="HKI3", planned_start=date(2027, 2, 8))  # a Monday
    busy = {date(2027, 2, 8), date(2027, 2, 9)}
    kinds = planner.propose(group, today=date(2027, 1, 1), zone=HELSINKI, arc_months=9, busy=busy)
    assert kinds[0][1].date() == date(2027, 2, 10)  # Wednesday, the first free evening
    assert all(starts.weekday() == 2 for _, starts, _ in kinds)
    without_start = planner.propose(
        Group(name="X"), today=date(2027, 1, 1), zone=HELSINKI, arc_months=9, busy=set()
    )
    assert without_start[0][1].date() >= date(2027, 1, 1) + timedelta(days=21)


def test_the_group_list_does_not_grow_queries_with_groups(app, coordinator, world):
    _create(coordinator, "HKI2")
    small = _queries(app, coordinator, "/alpha/staff/groups/")
    for n in range(3, 9):
        url = _create(coordinator, f"HKI{n}")
        coordinator.submit(url + "/plan", form_url=url)
    assert _queries(app, coordinator, "/alpha/staff/groups/") == small
