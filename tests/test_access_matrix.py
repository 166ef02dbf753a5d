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
from dataclasses import dataclass, replace
from datetime import date

import pytest

from kaari import db
from kaari.accounts.services import create_user
from kaari.db import utcnow
from kaari.intake.custom_fields import check_definition, save_definition
from kaari.intake.tenant_forms import optional_builtins
from kaari.materials.texts import SECTION_KEYS
from kaari.participants.models import Person
from kaari.programme.events import EVENT_KINDS
from kaari.programme.models import GroupLeader, Meeting, MeetingInvitation, PairMeeting
from kaari.programme.survey_defaults import DEFAULT_QUESTIONS
from kaari.tenancy.models import Tenant
from kaari.tenancy.scoping import tenant_scope
from tests.helpers import PASSWORD, Client, Side, World, make_group_pair, make_person, make_staff
from tests.isolation_routes import FORM_DATA, LINKS, ROUTES, portal_link

HOBBY = {
    "fields": [{"key": "hobby", "kind": "text", "label": {"fi": "Harrastus"}, "required": False}]
}
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")

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


@dataclass
class Alpha:
    """Tenant A's side of the world with the samples only this test needs."""

    side: Side
    event_id: int
    report_table: str


def _complete_world_a(app, world: World) -> Alpha:
    """Tenant A gets the objects only B had (a pair in its group, an invitation, a diary
    entry), a group leader leading the group, an event, a custom question of the contact
    form, and the platform's analyst and admin."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        mentor = make_person(tenant, "Mentor of alpha", "mentor@alpha.example.org", "mentor")
        leader = make_staff(tenant, "leader@alpha.example.org", "group_leader")
        with tenant_scope(tenant.id):
            actor = db.session.get(Person, world.a.person_id)
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
            invitation = MeetingInvitation(meeting_id=world.a.meeting_id, person_id=actor.id)
            entry = PairMeeting(pair_id=pair_id, met_on=date(2027, 3, 2), goal="Alpha's CV")
            db.session.add_all(
                [invitation, entry, GroupLeader(group_id=world.a.group_id, user_id=leader.user_id)]
            )
            db.session.flush()
            side = replace(world.a, pair_id=pair_id, invitation_id=invitation.id, entry_id=entry.id)
            save_definition(
                "contact",
                check_definition(HOBBY, optional_builtins("contact"), ["fi"], "fi"),
                actor_id=None,
            )
            event = Meeting(kind=EVENT_KINDS[0], starts_at=utcnow(), ends_at=utcnow())
            db.session.add(event)
            db.session.flush()
            event_id = event.id
        create_user(
            "analyst@kaari.example.org", password=PASSWORD, platform_role="national_analyst"
        )
        create_user("root@kaari.example.org", password=PASSWORD, platform_role="platform_admin")
        db.session.commit()
    admin = Client(app)
    admin.login(world.a.admin.email, tenant="alpha")
    csv_link = re.search(
        r'href="/alpha/staff/reports/([\w-]+)\.csv',
        admin.get("/alpha/staff/reports/").get_data(as_text=True),
    )
    return Alpha(side, event_id, csv_link.group(1))


# Tenant A's own object for every id argument of its routes.
SAMPLES = {
    "membership_id": lambda a: a.side.partner.membership_id,
    "mailing_id": lambda a: a.side.mailing_id,
    "message_id": lambda a: a.side.message_id,
    "person_id": lambda a: a.side.person_id,
    "partner_id": lambda a: a.side.partner_id,
    "link_id": lambda a: a.side.link_id,
    "filter_id": lambda a: a.side.filter_id,
    "run_id": lambda a: a.side.run_id,
    "pair_id": lambda a: a.side.pair_id,
    "group_id": lambda a: a.side.group_id,
    "meeting_id": lambda a: a.side.meeting_id,
    "invitation_id": lambda a: a.side.invitation_id,
    "entry_id": lambda a: a.side.entry_id,
    "outcome_id": lambda a: a.side.outcome_id,
    "pack_id": lambda a: a.side.group_pack_id,
    "request_id": lambda a: a.side.data_request_id,
    "tenant": lambda a: a.side.slug,
    "slug": lambda a: a.side.slug,
    "year": lambda a: 2026,
    "token": lambda a: "an-unknown-token",
    "form_name": lambda a: "contact",
    "field_key": lambda a: "hobby",  # the custom question _complete_world_a adds
    "field_name": lambda a: next(iter(optional_builtins("contact"))),
    "role": lambda a: "actor",
    "name": lambda a: a.report_table,
}
# Arguments named alike on different pages.
KEYS = {
    "surveys.question": DEFAULT_QUESTIONS["actor"][0]["key"],
    "surveys.change_question": DEFAULT_QUESTIONS["actor"][0]["key"],
    "materials.section": SECTION_KEYS[0],
    "national.table_csv": "funnel",
}


def _url(app, rule, world: World, alpha: Alpha) -> str:
    if rule.endpoint in LINKS:  # a genuine link of A's, made as the isolation test makes B's
        mirrored = World(a=world.b, b=world.a)
        return LINKS[rule.endpoint](app, mirrored).replace("/beta/", "/alpha/", 1)

    def sample(match):
        name = match.group(1)
        if name == "key":
            return KEYS[rule.endpoint]
        if name == "meeting_id" and rule.endpoint.startswith("programme_events."):
            return str(alpha.event_id)  # an event, not a group's meeting
        return str(SAMPLES[name](alpha))

    return ARGUMENT.sub(sample, rule.rule)


def _client(app, world: World, role: str) -> tuple[Client, str]:
    """A client signed in as the role, and a page of theirs carrying a CSRF token."""
    client = Client(app)
    if role == "anonymous":
        return client, "/alpha/login"
    if role == "participant":
        assert client.get(portal_link(app, world.a.tenant_id, world.a.person_id)).status_code == 302
        return client, f"/alpha/portal/pairs/{world.a.pair_id}/diary"
    email = {
        "partner": world.a.partner.email,
        "group_leader": "leader@alpha.example.org",
        "coordinator": world.a.coordinator.email,
        "admin": world.a.admin.email,
        "other_admin": world.b.admin.email,
        "analyst": "analyst@kaari.example.org",
        "platform_admin": "root@kaari.example.org",
    }[role]
    client.login(email, tenant="beta" if role == "other_admin" else None)
    return client, "/account"


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
    alpha = _complete_world_a(app, world)
    world = World(a=alpha.side, b=world.b)
    client, form_url = _client(app, world, role)
    wrong = []
    for rule in _rules(app):
        kind = ROUTES[rule.endpoint]
        if kind == "platform" and role == "platform_admin" and "GET" not in rule.methods:
            continue  # the platform admin would close or delete tenant A mid-test
        url = _url(app, rule, world, alpha)
        if rule.endpoint in SIGN_OUTS:  # a client of its own, so that the others stay signed in
            own, own_form = _client(app, world, role)
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
