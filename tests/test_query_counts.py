"""List pages run the same number of queries whatever the number of rows."""

from __future__ import annotations

from kaari import db
from kaari.tenancy.models import Tenant
from tests.helpers import PASSWORD, QueryCounter, make_staff, make_tenant


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
