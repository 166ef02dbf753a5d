"""Every route x every role, with the status each role should get.

The routes come from the app's URL map, so a new route without a class in
tests/isolation_routes.py (or without its roles below) fails here. Each role
asks for tenant A's pages with tenant A's own object ids: a role that may use a
page gets it (never 403, and never 404 for lack of data), a role that may not
is refused (403, or sent to sign in), and nobody ever gets a 500. POST routes
get a POST with a valid CSRF token; side effects are not checked here.
"""

from __future__ import annotations

import re

import pytest

from tests.alpha_world import complete_alpha, role_client, sample_url
from tests.helpers import World
from tests.isolation_routes import FORM_DATA, ROUTES

ROLES = (
    "anonymous",
    "participant",
    "partner",
    "group_leader",
    "coordinator",
    "admin",
    "other_admin",
    "analyst",
    "platform_admin",
)
TENANT_MEMBERS = ("partner", "group_leader", "coordinator", "admin")

# Who may use a tenant staff page, as in the views' staff_required(...) decorators.
# The default is the managers: admin and coordinator.
MANAGERS = frozenset({"admin", "coordinator"})
WITH_GROUP_LEADERS = MANAGERS | {"group_leader"}
STAFF_ROLES = {
    "dashboard.home": frozenset(TENANT_MEMBERS),
    "dashboard.audit_log": frozenset({"admin"}),
    "dashboard.controller": frozenset({"admin"}),
    "staff_members.members": frozenset({"admin"}),
    "staff_members.change_role": frozenset({"admin"}),
    "staff_members.remove": frozenset({"admin"}),
    "partners.referrals": frozenset({"partner"}),
    **dict.fromkeys(
        (
            "programme.group_list",
            "programme.group",
            "programme.attendance",
            "programme.pair",
            "programme.month",
            "programme_reports.report",
            "programme_events.event_list",
            "programme_events.attendance",
            "outcomes.group_outcomes",
            "surveys.survey_list",
            "surveys.group_survey",
            "surveys.paper",
            "surveys.paper_entry",
            "surveys.results",
            "materials.pack",
            "materials.pair_pack",
            "materials.pair_agreement",
            "materials.start_group_pack",
            "materials.group_pack",
            "materials.group_pack_file",
        ),
        WITH_GROUP_LEADERS,
    ),
}

# The answers of a page a role may use: a page, a redirect (after a form, to sign in
# again for a sensitive action, a download) or a form's 400 for the empty input.
USED = frozenset({200, 302, 303, 400})
# Pages that answer 404 to a role allowed to use them, by design, in this world.
NOT_HERE = {
    "accounts.reset_password": "the token is unknown",
    "materials.group_pack_file": "the group pack is still being made",
    "matching.ask_preferences": "the tenant has not turned actor preferences on",
    "programme.move_pair": "the form names no group to move to",
    "portal.sign_agreement": "the pair has not written its agreement yet",
    "national.table_csv": "no organisation has shared its figures yet",
    "national.yearly_pdf": "no organisation has shared its figures yet",
}
TO_TENANT_LOGIN, TO_LOGIN, TO_PORTAL_LINK = "/alpha/login", "/login", "/alpha/portal/link"


def expected(kind: str, endpoint: str, role: str):
    """USED, 403, or the address a refused role is redirected to."""
    if kind in ("public", "tenant_public", "tenant_sign_in_step", "tenant_link"):
        return USED
    if kind == "account":
        return TO_LOGIN if role in ("anonymous", "participant") else USED
    if kind == "tenant_participant":
        return USED if role == "participant" else TO_PORTAL_LINK
    if kind == "tenant_staff":
        if role in ("anonymous", "participant"):
            return TO_TENANT_LOGIN
        return USED if role in STAFF_ROLES.get(endpoint, MANAGERS) else 403
    allowed = {"platform": "platform_admin", "national": "analyst"}[kind]
    if role in ("anonymous", "participant"):
        return TO_LOGIN
    return USED if role == allowed else 403


def test_every_staff_role_override_names_a_staff_route(app):
    staff = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if ROUTES.get(rule.endpoint) == "tenant_staff"
    }
    assert STAFF_ROLES.keys() <= staff, STAFF_ROLES.keys() - staff


SIGN_OUTS = ("accounts.logout", "portal.sign_out")
# POSTs that take away an object other routes use go after the rest.
TAKING_AWAY = re.compile(r"remove|delete|end_pair|erase")


def _rules(app):
    """GET routes first, so that a POST's effect (a removed pair) cannot hide a page."""

    def order(rule):
        return (
            ROUTES[rule.endpoint] == "tenant_link",  # the portal link signs the client in
            "GET" not in rule.methods,
            bool(TAKING_AWAY.search(rule.endpoint)),
            rule.rule,
        )

    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=order
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_its_class_says(app, world, role):
    alpha = complete_alpha(app, world)
    world = World(a=alpha.side, b=world.b)
    client, form_url = role_client(app, world, role)
    wrong = []
    for rule in _rules(app):
        kind = ROUTES[rule.endpoint]
        if kind == "platform" and role == "platform_admin" and "GET" not in rule.methods:
            continue  # the platform admin would close or delete tenant A mid-test
        url = sample_url(app, rule, world, alpha)
        if rule.endpoint in SIGN_OUTS:  # a client of its own, so that the others stay signed in
            own, own_form = role_client(app, world, role)
            response = own.submit(url, form_url=own_form)
        elif "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.submit(url, FORM_DATA.get(rule.endpoint, {}), form_url=form_url)
        want = expected(kind, rule.endpoint, role)
        status = response.status_code
        if want is USED:
            ok = status in USED or (status == 404 and rule.endpoint in NOT_HERE)
        elif want == 403:
            ok = status == 403
        else:
            location = response.headers.get("Location", "")
            ok = status == 302 and location.split("?")[0].endswith(want)
        if not ok:
            wrong.append((rule.endpoint, rule.rule, status, response.headers.get("Location")))
    assert not wrong, "\n".join(map(str, wrong))
