"""List pages run the same number of queries whatever the number of rows."""

from __future__ import annotations

from sqlalchemy import select, update

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from tests.helpers import PASSWORD, QueryCounter, make_person, make_staff, make_tenant


def _queries(app, client, url: str) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def _add_staff(app, world, count: int, start: int) -> None:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for number in range(start, start + count):
            make_staff(tenant, f"extra{number}@alpha.example.org", "group_leader")
        db.session.commit()


def test_the_staff_list_does_not_grow_queries_with_people(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    client.get("/alpha/staff/members/")
    _add_staff(app, world, 2, 0)
    small = _queries(app, client, "/alpha/staff/members/")
    _add_staff(app, world, 20, 100)
    large = _queries(app, client, "/alpha/staff/members/")
    assert large == small


def test_the_organisation_list_does_not_grow_queries_with_organisations(app, client, world):
    from kaari.accounts.services import create_user

    with app.app_context():
        create_user("root@kaari.example.org", password=PASSWORD, platform_role="platform_admin")
        db.session.commit()
    client.login("root@kaari.example.org")
    small = _queries(app, client, "/platform/")
    with app.app_context():
        for number in range(15):
            make_tenant(f"extra-{number}", f"Extra {number}")
        db.session.commit()
    large = _queries(app, client, "/platform/")
    assert large == small
    assert _queries(app, client, "/") == _queries(app, client, "/")


def _add_pairs(app, world, count: int, start: int) -> None:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(start, start + count):
            actor = make_person(tenant, f"Actor {n}", f"a{n}@example.org", status="matched")
            mentor = make_person(tenant, f"Mentor {n}", f"m{n}@example.org", "mentor")
            with tenant_scope(tenant.id):
                db.session.add(Pair(actor_id=actor.id, mentor_id=mentor.id, status="invited"))
        db.session.commit()


def test_the_pairs_list_and_a_proposal_run_do_not_grow_queries(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get("/alpha/staff/matching/pairs/")
    _add_pairs(app, world, 2, 0)
    small = _queries(app, client, "/alpha/staff/matching/pairs/")
    _add_pairs(app, world, 58, 100)  # past a page of 50
    assert _queries(app, client, "/alpha/staff/matching/pairs/") == small

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(30):
            make_person(tenant, f"Waiting actor {n}", f"w{n}@example.org", status="waiting")
            make_person(tenant, f"Free mentor {n}", f"f{n}@example.org", "mentor", status="waiting")
        db.session.commit()
    run_url = client.submit("/alpha/staff/matching/", {"objective": "score"}).headers["Location"]
    many = _queries(app, client, run_url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(Person).where(Person.name.like("Free mentor 1%")).values(status="withdrawn")
        )
        db.session.commit()
    few_url = client.submit("/alpha/staff/matching/", {"objective": "score"}).headers["Location"]
    assert _queries(app, client, few_url) == many


def test_a_pairs_material_pack_does_not_grow_queries_with_meetings(app, client, world):
    from datetime import UTC, datetime, timedelta

    from kaari.programme.groups.models import Meeting
    from tests.helpers import put_pairs_in_group

    def add_meetings(count: int) -> None:
        with app.app_context(), tenant_scope(world.a.tenant_id):
            for day in range(1, count + 1):
                starts = datetime(2027, 5, day, 15, tzinfo=UTC)
                db.session.add(
                    Meeting(
                        group_id=world.a.group_id,
                        kind="training",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                    )
                )
            db.session.commit()

    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Aino Actor", "fi")])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair_id = db.session.scalar(select(Pair.id).order_by(Pair.id.desc()))
    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/materials/groups/{world.a.group_id}/pairs/{pair_id}/pack.pdf"
    add_meetings(1)
    small = _queries(app, client, url)
    add_meetings(12)
    assert _queries(app, client, url) == small  # each a new PDF: the meetings changed


def _add_requests_and_leavers(app, world, count: int, start: int) -> None:
    """People who withdrew long ago (due for erasure) and their open data requests."""
    from datetime import timedelta

    from kaari.core.db import utcnow
    from kaari.participants.models import DataRequest, StatusChange

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(start, start + count):
            person = make_person(tenant, f"Leaver {n}", f"l{n}@example.org", status="withdrawn")
            with tenant_scope(tenant.id):
                long_ago = person.status_since = utcnow() - timedelta(days=400)
                db.session.add_all([
                    StatusChange(person_id=person.id, new_status="withdrawn", at=long_ago),
                    DataRequest(person_id=person.id, kind="access", due_at=utcnow()),
                ])  # fmt: skip
        db.session.commit()


def test_the_privacy_pages_do_not_grow_queries_with_people(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    pages = ("/alpha/staff/participants/privacy", "/alpha/staff/participants/requests/")
    _add_requests_and_leavers(app, world, 2, 0)
    small = [_queries(app, client, url) for url in pages]
    _add_requests_and_leavers(app, world, 58, 100)  # past a page of 50
    assert [_queries(app, client, url) for url in pages] == small
    assert "Leaver 110" in client.get(pages[0]).get_data(as_text=True)  # due: listed


def test_the_reports_page_does_not_grow_queries_with_people(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get("/alpha/staff/reports/")
    _add_pairs(app, world, 2, 0)
    small = _queries(app, client, "/alpha/staff/reports/")
    _add_pairs(app, world, 25, 100)
    assert _queries(app, client, "/alpha/staff/reports/") == small


def _add_corrections(app, world, count: int) -> None:
    from kaari.intake.models import PersonCorrection

    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add_all(
            PersonCorrection(
                person_id=world.a.person_id, field="email", old_value="a", new_value="b"
            )
            for _ in range(count)
        )
        db.session.commit()


def _add_unfinished(app, world, count: int, start: int) -> None:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for number in range(start, start + count):
            make_person(tenant, f"Unfinished {number}", f"u{number}@example.org",
                        status="registration_sent")  # fmt: skip
        db.session.commit()


def test_the_correction_page_and_the_unfinished_filter_do_not_grow_queries(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    pages = (
        f"/alpha/staff/participants/{world.a.person_id}/correct",
        "/alpha/staff/participants/?unfinished=1",
    )
    _add_corrections(app, world, 2)
    _add_unfinished(app, world, 2, 0)
    small = [_queries(app, client, url) for url in pages]
    _add_corrections(app, world, 20)
    _add_unfinished(app, world, 20, 100)
    assert [_queries(app, client, url) for url in pages] == small
