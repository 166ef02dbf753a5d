"""A person's status follows the programme: a pair placed in a group puts both members
"in a group", closing the group completes them, ending a pair sends them back to wait
or out; the history says why. Migration 0036 brings existing people up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.lifecycle import TRANSITIONS
from kaari.participants.models import Person, StatusChange
from kaari.programme.groups.models import Group
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _matched_pairs(app, world, names: list[str]) -> dict[str, int]:
    """A confirmed pair, in no group, for each actor name; pair ids by actor name."""
    ids = {}
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for name in names:
            actor = make_person(tenant, name, f"{name.lower()}@example.org", status="matched")
            mentor = make_person(
                tenant,
                f"Mentor of {name}",
                f"m.{name.lower()}@example.org",
                "mentor",
                status="matched",
            )
            with tenant_scope(tenant.id):
                pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed")
                db.session.add(pair)
                db.session.flush()
            ids[name] = pair.id
        db.session.commit()
    return ids


def _create_group(client, name: str) -> str:
    data = {"name": name, "planned_start": "2027-02-05", "venue": "Library", "status": "running"}
    response = client.submit("/alpha/staff/groups/", data)
    assert response.status_code == 302
    return response.headers["Location"]


def _statuses(app, world) -> dict[str, str]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return {p.name: p.status for p in db.session.scalars(select(Person))}


def _person_page(app, client, world, name: str, lang: str = "en") -> str:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        person_id = db.session.scalar(select(Person.id).where(Person.name == name))
    return client.get(f"/alpha/staff/participants/{person_id}?lang={lang}").get_data(as_text=True)


def test_the_status_follows_the_group_from_placement_to_closing(app, coordinator, world):
    pairs = _matched_pairs(app, world, ["Aino", "Mika", "Bea"])
    url = _create_group(coordinator, "HKI2")
    placed = coordinator.submit(url + "/pairs", {"pairs": list(pairs.values())}, form_url=url)
    assert placed.status_code == 302

    statuses = _statuses(app, world)
    assert statuses["Aino"] == statuses["Mentor of Aino"] == "in_group"
    register = coordinator.get("/alpha/staff/participants/?status=in_group&lang=en")
    html = register.get_data(as_text=True)
    assert "Mentor of Bea" in html and "In a group" in html
    assert "Pair placed in group HKI2" in _person_page(app, coordinator, world, "Aino")

    # Mika's pair ends for a re-match; Bea's mentor leaves the programme.
    pair_url = f"{url}/pairs/{pairs['Mika']}"
    ended = coordinator.submit(
        pair_url + "/end", {"reason": "No time", "members": "waiting"}, form_url=pair_url
    )
    assert ended.status_code == 302
    assert _statuses(app, world)["Mika"] == "waiting"
    assert "Pair ended: No time" in _person_page(app, coordinator, world, "Mika")

    closing = {"name": "HKI2", "planned_start": "2027-02-05", "venue": "Library"}
    closed = coordinator.submit(url, {**closing, "status": "closed"})
    assert closed.status_code == 302
    statuses = _statuses(app, world)
    assert statuses["Aino"] == statuses["Mentor of Aino"] == statuses["Bea"] == "completed"
    assert statuses["Mika"] == statuses["Mentor of Mika"] == "waiting"  # an ended pair stays
    assert "Group HKI2 closed" in _person_page(app, coordinator, world, "Aino")
    assert "Mentorointiryhmä HKI2 suljettu" in _person_page(app, coordinator, world, "Aino", "fi")

    # Reopening the group does not set anyone back.
    coordinator.submit(url, {**closing, "status": "running"})
    assert _statuses(app, world)["Aino"] == "completed"


def test_a_mentor_with_a_pair_in_a_running_group_stays_in_a_group(app, coordinator, world):
    pairs = _matched_pairs(app, world, ["Aino"])
    first = _create_group(coordinator, "HKI2")
    coordinator.submit(first + "/pairs", {"pairs": [pairs["Aino"]]}, form_url=first)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        second_actor = make_person(tenant, "Lumi", "lumi@example.org", status="matched")
        with tenant_scope(tenant.id):
            mentor = db.session.scalar(select(Person).where(Person.name == "Mentor of Aino"))
            make_group_pair(world.a.group_id, second_actor, mentor)
        db.session.commit()
    closing = {"name": "HKI2", "planned_start": "2027-02-05", "venue": "Library"}
    coordinator.submit(first, {**closing, "status": "closed"})
    statuses = _statuses(app, world)
    assert statuses["Aino"] == "completed" and statuses["Mentor of Aino"] == "in_group"


def test_the_programme_moves_only_forward_and_back_to_waiting():
    assert TRANSITIONS["completed"] == frozenset()
    assert TRANSITIONS["withdrawn"] == frozenset()
    assert "waiting" in TRANSITIONS["in_group"] and "matched" not in TRANSITIONS["in_group"]
    assert "in_group" in TRANSITIONS["matched"] and "dropped_out" in TRANSITIONS["matched"]
    assert "registered" not in TRANSITIONS["waiting"]


# Migration 0036: people already in groups


def _migration():
    path = Path(__file__).parents[3] / "migrations" / "versions" / "0036_lifecycle.py"
    spec = importlib.util.spec_from_file_location("migration_0036_lifecycle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_as_the_migration_does(app, work) -> None:
    """As the schema owner across tenants (the app's role may not lift the tenant wall)."""
    engine = create_engine(app.config["MIGRATE_DATABASE_URL"])
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT set_config('app.cross_tenant', 'on', true)"))
        work(connection)
    engine.dispose()


def test_the_migration_sets_people_to_the_state_of_their_groups(app, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        people = {
            name: make_person(tenant, name, f"{name.lower()}@example.org", status=status)
            for name, status in [
                ("Running", "matched"),
                ("RunningMentor", "waiting"),
                ("Closed", "matched"),
                ("ClosedMentor", "in_group"),
                ("Gone", "withdrawn"),
                ("GoneMentor", "matched"),
                ("Ended", "waiting"),
                ("EndedMentor", "waiting"),
            ]
        }
        with tenant_scope(tenant.id):
            running = Group(name="RUN", status="running")
            closed = Group(name="OLD", status="closed")
            db.session.add_all([running, closed])
            db.session.flush()
            make_group_pair(running.id, people["Running"], people["RunningMentor"])
            make_group_pair(closed.id, people["Closed"], people["ClosedMentor"])
            make_group_pair(closed.id, people["Gone"], people["GoneMentor"])
            make_group_pair(closed.id, people["Ended"], people["EndedMentor"], status="ended")
        db.session.commit()

        ids = [person.id for person in people.values()]
        _run_as_the_migration_does(app, _migration().move_people_along)
        db.session.expire_all()
        with tenant_scope(tenant.id):
            statuses = {p.name: p.status for p in db.session.scalars(select(Person))}
            history = db.session.scalars(
                select(StatusChange).where(
                    StatusChange.reason == "data_migration:0036", StatusChange.person_id.in_(ids)
                )
            ).all()
    assert len(history) == 5
    assert statuses["Running"] == statuses["RunningMentor"] == "in_group"
    assert statuses["Closed"] == statuses["ClosedMentor"] == statuses["GoneMentor"] == "completed"
    assert statuses["Gone"] == "withdrawn"
    assert statuses["Ended"] == statuses["EndedMentor"] == "waiting"
    assert {(c.old_status, c.new_status) for c in history} >= {("in_group", "completed")}
