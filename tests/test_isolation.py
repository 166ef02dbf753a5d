"""The cross-tenant matrix, generated from the app's URL map.

A staff member of tenant A, with an admin's role, tries every tenant staff
route with tenant B's object ids and tenant B's slug. Ids of B's objects
answer 404 (never 403, never data), B's pages answer 403, and nothing of B's
appears on A's pages.
"""

from __future__ import annotations

import re

import pytest

from kaari.core import db
from tests.helpers import Client
from tests.isolation_routes import FORM_DATA, LINKS, OBJECT_ARGUMENTS, ROUTES

ID_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+_id)>")


def _rules(app, kind: str | None = None):
    for rule in app.url_map.iter_rules():
        if kind is None or ROUTES.get(rule.endpoint) == kind:
            yield rule


def test_every_route_is_classified(app):
    unclassified = sorted({rule.endpoint for rule in _rules(app)} - ROUTES.keys())
    assert not unclassified, f"classify these routes in tests/isolation_routes.py: {unclassified}"


def test_no_classification_is_left_over(app):
    endpoints = {rule.endpoint for rule in _rules(app)}
    assert not (ROUTES.keys() - endpoints)


def test_tenant_routes_live_under_the_tenant_prefix(app):
    for rule in _rules(app):
        if ROUTES[rule.endpoint].startswith("tenant"):
            assert rule.rule.startswith("/<tenant>/"), rule.rule


def test_every_object_argument_has_a_sample(app):
    arguments = {
        name for rule in _rules(app, "tenant_staff") for name in ID_ARGUMENT.findall(rule.rule)
    }
    assert arguments <= OBJECT_ARGUMENTS.keys(), arguments - OBJECT_ARGUMENTS.keys()


def _url(rule, slug: str, world) -> str:
    url = rule.rule.replace("<tenant>", slug)
    for name in ID_ARGUMENT.findall(rule.rule):
        url = re.sub(rf"<(?:\w+:)?{name}>", str(OBJECT_ARGUMENTS[name](world)), url)
    return url


def _request(client, rule, url: str, form_url: str = "/alpha/staff/members/"):
    if "GET" in rule.methods:
        return client.get(url)
    data = FORM_DATA.get(rule.endpoint, {})
    return client.submit(url, data, form_url=form_url)


@pytest.fixture
def admin_of_a(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    return client


def test_ids_of_another_tenant_answer_404(app, admin_of_a, world):
    """Asked by A's admin, or by A's partner on the pages only partners use."""
    partner_of_a = Client(app)
    partner_of_a.login(world.a.partner.email, tenant="alpha")
    checked = 0
    for rule in _rules(app, "tenant_staff"):
        if not ID_ARGUMENT.search(rule.rule):
            continue
        partners_only = getattr(app.view_functions[rule.endpoint], "permission", "") == (
            "refer_people"
        )
        reader = partner_of_a if partners_only else admin_of_a
        response = _request(reader, rule, _url(rule, "alpha", world))
        assert response.status_code == 404, (rule.rule, response.status_code)
        checked += 1
    assert checked >= 2


def test_another_tenants_staff_pages_answer_403(app, admin_of_a, world):
    for rule in _rules(app, "tenant_staff"):
        response = _request(admin_of_a, rule, _url(rule, "beta", world))
        assert response.status_code == 403, (rule.rule, response.status_code)


def test_nothing_of_another_tenant_appears_on_this_tenants_pages(app, world):
    """Every page without ids, read by A's admin and by A's partner: none shows B's data."""
    markers = [world.b.name, world.b.admin.email, world.b.coordinator.email, "beta"]
    readers = []
    for staff in (world.a.admin, world.a.partner):
        reader = Client(app)
        reader.login(staff.email, tenant="alpha")
        readers.append(reader)
    pages = 0
    for rule in _rules(app):
        kind = ROUTES[rule.endpoint]
        if kind not in ("tenant_staff", "tenant_public") or "GET" not in rule.methods:
            continue
        if ID_ARGUMENT.search(rule.rule) or rule.arguments - {"tenant"}:
            continue
        statuses = []
        for reader in readers:
            response = reader.get(_url(rule, "alpha", world))
            body = response.get_data()  # read at once: exports are streamed, PDFs binary
            statuses.append(response.status_code)
            if response.status_code == 200 and response.mimetype == "text/html":
                html = body.decode()
                for marker in markers:
                    assert marker not in html, (rule.rule, marker)
                pages += 1
        assert 200 in statuses, rule.rule
    assert pages >= 10


def test_every_tenant_link_route_has_a_link_maker(app):
    assert {rule.endpoint for rule in _rules(app, "tenant_link")} == LINKS.keys()


def test_tenant_links_of_another_tenant_answer_404(app, client, world):
    for endpoint, make_link in LINKS.items():
        link = make_link(app, world)
        assert client.get(link.replace("/beta/", "/alpha/")).status_code == 404, endpoint
        assert client.get(link).status_code in (200, 302), endpoint


def test_forged_tenant_links_answer_404(app, client, world):
    for rule in _rules(app, "tenant_link"):
        url = re.sub(r"<(?:\w+:)?(\w+)>", "forged-token", rule.rule.replace("<tenant>", "alpha"))
        assert client.get(url).status_code == 404, url


def test_an_unknown_tenant_answers_404_on_every_tenant_route(app, client, world):
    for rule in _rules(app):
        if ROUTES[rule.endpoint].startswith("tenant") and "GET" in rule.methods:
            url = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule.replace("<tenant>", "no-such"))
            assert client.get(url).status_code == 404, url


def test_staff_pages_need_a_login(app, client, world):
    for rule in _rules(app, "tenant_staff"):
        if "GET" in rule.methods:
            response = client.get(_url(rule, "alpha", world))
            assert response.status_code == 302, rule.rule
            assert "/alpha/login" in response.headers["Location"]


def test_platform_pages_refuse_tenant_staff(app, admin_of_a, world):
    for rule in _rules(app, "platform"):
        url = re.sub(r"<(?:\w+:)?(\w+)>", "alpha", rule.rule)
        response = admin_of_a.get(url) if "GET" in rule.methods else admin_of_a.post(url)
        assert response.status_code in (403, 400), (rule.rule, response.status_code)


def _national_url(rule) -> str:
    return rule.rule.replace("<int:year>", "2026").replace("<key>", "funnel")


def test_national_pages_refuse_tenant_staff(app, admin_of_a, world):
    rules = list(_rules(app, "national"))
    assert rules
    for rule in rules:
        assert admin_of_a.get(_national_url(rule)).status_code == 403, rule.rule


def test_a_national_analyst_opens_no_tenant_staff_page(app, client, world):
    from kaari.accounts.services import create_user
    from tests.helpers import PASSWORD

    with app.app_context():
        create_user(
            "analyst@kaari.example.org", password=PASSWORD, platform_role="national_analyst"
        )
        db.session.commit()
    client.login("analyst@kaari.example.org")
    assert client.get("/national/").status_code == 200
    for rule in _rules(app, "tenant_staff"):
        response = _request(client, rule, _url(rule, "alpha", world), "/national/")
        assert response.status_code in (403, 404), (rule.rule, response.status_code)
    for rule in _rules(app, "platform"):
        if "GET" in rule.methods:
            url = re.sub(r"<(?:\w+:)?(\w+)>", "alpha", rule.rule)
            assert client.get(url).status_code == 403, rule.rule


def _participant_of_a(app, world) -> Client:
    """A member of a confirmed pair of tenant A, in their portal."""
    from kaari.core.scoping import tenant_scope
    from kaari.tenancy.models import Tenant
    from tests.helpers import make_group_pair, make_person
    from tests.isolation_routes import portal_link

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(tenant, "Actor of alpha", "actor@alpha.example.org")
        mentor = make_person(tenant, "Mentor of alpha", "mentor@alpha.example.org", "mentor")
        with tenant_scope(tenant.id):
            make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
        actor_id = actor.id
    participant = Client(app)
    assert participant.submit(portal_link(app, world.a.tenant_id, actor_id)).status_code == 302
    assert participant.get("/alpha/portal/").status_code == 200
    return participant


def test_participant_pages_need_a_portal_session(app, client, world):
    for rule in _rules(app, "tenant_participant"):
        if "GET" in rule.methods:
            response = client.get(_url(rule, "alpha", world))
            assert response.status_code == 302, rule.rule
            assert response.headers["Location"].endswith("/alpha/portal/link")


def test_a_participant_reaches_no_object_of_another_tenant(app, world):
    participant = _participant_of_a(app, world)
    checked = 0
    for rule in _rules(app, "tenant_participant"):
        if not ID_ARGUMENT.search(rule.rule):
            continue
        response = _request(participant, rule, _url(rule, "alpha", world), "/alpha/portal/data")
        assert response.status_code == 404, (rule.rule, response.status_code)
        checked += 1
    assert checked >= 6
    # Under the other tenant's address the session opens nothing.
    assert participant.get("/beta/portal/").status_code == 302
