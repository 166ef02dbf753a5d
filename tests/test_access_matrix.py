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

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.materials.models import GroupPack
from kaari.programme.groups.models import MeetingInvitation
from kaari.programme.outcomes.models import Outcome
from tests.alpha_world import (
    ARGUMENT,
    KEYS,
    SAMPLES,
    add_other_group,
    complete_alpha,
    role_client,
    sample_url,
)
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

# Who may use each tenant staff page: the policy, written out here on its own (the app
# keeps it in kaari.accounts.access.PERMISSIONS). Every tenant staff route is listed,
# so a new route without its roles fails test_every_staff_route_has_its_roles.
MANAGERS = frozenset({"admin", "coordinator"})
WITH_GROUP_LEADERS = MANAGERS | {"group_leader"}


def _routes(roles: frozenset[str], *endpoints: str) -> dict[str, frozenset[str]]:
    return dict.fromkeys(endpoints, roles)


STAFF_ROLES = {
    **_routes(frozenset(TENANT_MEMBERS), "dashboard.home"),
    **_routes(
        frozenset({"admin"}),
        "dashboard.audit_log",
        "dashboard.security_settings",
        "dashboard.controller",
        "dashboard.publication",
        "staff_members.members",
        "staff_members.change_role",
        "staff_members.remove",
    ),
    **_routes(
        frozenset({"partner"}),
        "partners.referrals",
        "partners.own_referral_qr",
        "materials.referral_poster",
    ),
    # A group leader's pages; those naming a group, or an object under one, answer only
    # for the groups they lead (test_a_group_leader_reaches_no_other_group).
    **_routes(
        WITH_GROUP_LEADERS,
        "programme.group_list",
        "programme.group",
        "programme.attendance",
        "meeting_notes.notes",
        "programme.pair",
        "pair_facts.record_meeting",
        "pair_facts.delete_meeting",
        "pair_facts.paper_agreement",
        "pair_facts.remove_paper_agreement",
        "pair_facts.scan",
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
        "polls.poll",
        "materials.pack",
        "materials.pair_pack",
        "materials.pair_agreement",
        "materials.start_group_pack",
        "materials.group_pack",
        "materials.group_pack_file",
        "mail.mailing_list",
        "mail.new_mailing",
        "mail.mailing",
        "mail.retry",
    ),
    # Changing groups, and everything tenant-wide: the register, matching, mailings to
    # everyone (the development outbox), settings, privacy requests, the reports.
    **_routes(
        MANAGERS,
        "dashboard.texts",
        "dashboard.settings",
        "dashboard.logo",
        "programme.set_leaders",
        "programme.add_pairs",
        "programme.remove_pair",
        "programme.move_pair",
        "programme.plan",
        "programme.meeting",
        "programme.invite",
        "programme.send_portal_links",
        "programme.end_pair",
        "programme_events.event",
        "programme_events.invite",
        "outcomes.remove_outcome",
        "surveys.question_sets",
        "surveys.question",
        "surveys.change_question",
        "surveys.open_survey",
        "surveys.send_links",
        "surveys.change_status",
        "polls.new_poll",
        "polls.close",
        "mail.outbox",
        "mail.outbox_message",
        "participants.people",
        "participants.person",
        "participants.change_status",
        "participants.end_portal_access",
        "participants.add_note",
        "participants.export",
        "participants.subject_access",
        "participants.erase",
        "participants.privacy_records",
        "participants.ask_reconfirm",
        "participants.bulk_status",
        "participants.refer_onward",
        "participants.save_filter",
        "participants.delete_filter",
        "register_import.upload",
        "staff_entry.choose_role",
        "staff_entry.add_person",
        "staff_entry.correct",
        "register_import.example_file",
        "register_import.columns",
        "register_import.use_saved",
        "register_import.details",
        "register_import.show",
        "register_import.confirm",
        "data_requests.request_list",
        "data_requests.receive",
        "data_requests.answer",
        "partners.partner_list",
        "partners.partner",
        "partners.referral_qr",
        "materials.partner_poster",
        "form_editor.form_list",
        "form_editor.form_page",
        "form_editor.question",
        "form_editor.change_question",
        "form_editor.builtin",
        "form_editor.preview",
        "matching.overview",
        "matching.run",
        "matching.proposal",
        "matching.accept",
        "matching.reject",
        "matching.pin",
        "matching.rules",
        "matching.pair_list",
        "matching.end_pair",
        "joint_invitations.page",
        "matching.ask_preferences",
        "materials.section_list",
        "materials.section",
        "reports.page",
        "reports.count_again",
        "reports.table_csv",
        "reports.year_report",
    ),
}
# A group leader's pages that name no group: lists, filtered to their groups, and pages
# with no group's data (the dashboard, the material pack's general texts). Every other
# page of theirs names a group or an object under one.
GROUP_LISTS = frozenset(
    {
        "programme.group_list",
        "programme.month",
        "programme_events.event_list",
        "surveys.survey_list",
    }
)
NO_GROUP_DATA = frozenset({"dashboard.home", "materials.pack"})
# The mailing pages: a group leader sees only the mailings they wrote (another's answers
# 404, tests/mail/test_group_mailings.py) and may mail only the groups they lead.
OWN_MAILINGS = frozenset({"mail.mailing_list", "mail.new_mailing", "mail.mailing", "mail.retry"})

# The answers of a page a role may use: a page, a redirect (after a form, to sign in
# again for a sensitive action, a download) or a form's 400 for the empty input.
USED = frozenset({200, 302, 303, 400})
# Pages that answer 404 to a role allowed to use them, by design, in this world.
NOT_HERE = {
    "accounts.reset_password": "the token is unknown",
    "materials.group_pack_file": "the group pack is still being made",
    "matching.ask_preferences": "the tenant has not turned actor preferences on",
    "matching.proposal": "the sample run proposed no pairs",
    "programme.move_pair": "the form names no group to move to",
    "portal.sign_agreement": "the pair has not written its agreement yet",
    "pair_facts.delete_meeting": "the sample meeting was logged by the pair, not by staff",
    "pair_facts.scan": "no scan of a paper agreement has been uploaded",
    "pair_facts.remove_paper_agreement": "no paper agreement has been recorded",
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
        return USED if role in STAFF_ROLES[endpoint] else 403
    allowed = {"platform": "platform_admin", "national": "analyst"}[kind]
    if role in ("anonymous", "participant"):
        return TO_LOGIN
    return USED if role == allowed else 403


def _staff_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if ROUTES.get(rule.endpoint) == "tenant_staff"
    }


def test_every_staff_route_has_its_roles(app):
    staff = _staff_endpoints(app)
    assert not staff - STAFF_ROLES.keys(), f"say who may use: {staff - STAFF_ROLES.keys()}"
    assert not STAFF_ROLES.keys() - staff, STAFF_ROLES.keys() - staff


def test_each_staff_view_names_the_permission_the_policy_gives_its_roles(app):
    """The app's permission table against the policy above: a view guarded by a named
    permission is open to exactly the roles the policy lists for its route."""
    from kaari.accounts.access import PERMISSIONS

    guarded = {
        endpoint: app.view_functions[endpoint].permission
        for endpoint in STAFF_ROLES
        if hasattr(app.view_functions[endpoint], "permission")
    }
    assert len(guarded) > len(STAFF_ROLES) / 2, "most staff views name their permission"
    wrong = {
        endpoint: (permission, sorted(PERMISSIONS[permission]), sorted(STAFF_ROLES[endpoint]))
        for endpoint, permission in guarded.items()
        if PERMISSIONS[permission] & set(TENANT_MEMBERS) != STAFF_ROLES[endpoint]
    }
    assert not wrong, wrong


SIGN_OUTS = ("accounts.logout", "portal.sign_out")
# POSTs that take away an object other routes use go after the rest.
TAKING_AWAY = re.compile(r"remove|delete|end_pair|erase")


def _rules(app):
    """GET routes first, so that a POST's effect (a removed pair) cannot hide a page."""

    def order(rule):
        return (
            ROUTES[rule.endpoint] == "tenant_link",  # the portal link signs the client in
            rule.endpoint in SIGN_OUTS,  # signing out of the portal ends it on every device
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


# Group leaders: their own group (above) and another group of the same tenant (below).
# URL arguments that name a group or an object under one.
GROUP_ARGUMENTS = frozenset({"group_id", "pair_id", "meeting_id", "outcome_id", "pack_id"})


def _names_a_group(rule) -> bool:
    return bool(GROUP_ARGUMENTS & set(ARGUMENT.findall(rule.rule)))


def test_every_group_leader_page_names_a_group_or_is_a_list(app):
    """So that a new page of theirs is walked by the other-group test, or said to be a list."""
    unlisted = NO_GROUP_DATA | GROUP_LISTS | OWN_MAILINGS
    for rule in app.url_map.iter_rules():
        if "group_leader" in STAFF_ROLES.get(rule.endpoint, ()):
            assert _names_a_group(rule) == (rule.endpoint not in unlisted), rule.endpoint


def _other_group_url(rule, alpha, other) -> str:
    """The route with the other group's objects, and tenant A's samples for the rest."""

    def sample(match):
        name = match.group(1)
        if name == "meeting_id" and rule.endpoint.startswith("programme_events."):
            return str(other.event_id)
        if name in other.samples:
            return str(other.samples[name])
        return KEYS[rule.endpoint] if name == "key" else str(SAMPLES[name](alpha))

    return ARGUMENT.sub(sample, rule.rule)


@pytest.mark.parametrize("role", ["group_leader", "coordinator"])
def test_a_group_leader_reaches_no_other_group(app, world, role):
    """Every route naming a group or an object under it, with the ids of a group of the
    same tenant that the leader does not lead: 404 where a leader may use the page (never
    403, never data), 403 where they may not. The coordinator, who acts on every group,
    opens the same pages, so the 404s are about the group and not about the samples."""
    alpha = complete_alpha(app, world)
    other = add_other_group(app, world)
    world = World(a=alpha.side, b=world.b)
    client, form_url = role_client(app, world, role)
    wrong, walked = [], 0
    for rule in _rules(app):
        if ROUTES[rule.endpoint] != "tenant_staff" or not _names_a_group(rule):
            continue
        if role == "coordinator" and "GET" not in rule.methods:
            continue  # the control reads; it would change the other group
        url = _other_group_url(rule, alpha, other)
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.submit(url, FORM_DATA.get(rule.endpoint, {}), form_url=form_url)
        status, walked = response.status_code, walked + 1
        if role == "coordinator":
            ok = status in USED or (status == 404 and rule.endpoint in NOT_HERE)
        else:
            ok = status == (404 if "group_leader" in STAFF_ROLES[rule.endpoint] else 403)
        if not ok:
            wrong.append((rule.endpoint, url, status))
    assert not wrong, "\n".join(map(str, wrong))
    assert walked >= 15


def test_a_group_leader_changes_nothing_of_another_group(app, world):
    """The attack: the leader of group A1 posts attendance for group A2's meeting and
    reads A2's pairs, outcomes, report, pack and survey results. All answer 404 and
    A2's attendance stays unrecorded; the same requests for A1 work."""
    alpha = complete_alpha(app, world)
    other = add_other_group(app, world)
    leader, form_url = role_client(app, world, "group_leader")
    ids = other.samples
    mine = alpha.side

    def attendance(group_id, meeting_id, invitation_id):
        url = f"/alpha/staff/groups/{group_id}/meetings/{meeting_id}/attendance"
        return leader.submit(url, {"came": str(invitation_id)}, form_url=form_url)

    assert attendance(ids["group_id"], ids["meeting_id"], other.invitation_id).status_code == 404
    url = f"/alpha/staff/events/{other.event_id}/attendance"
    assert leader.submit(url, {"came": "1"}, form_url=form_url).status_code == 404
    assert attendance(mine.group_id, mine.meeting_id, mine.invitation_id).status_code == 302

    def pages(group_id, pair_id, pack_id):
        base = f"/alpha/staff/groups/{group_id}"
        return [
            f"{base}/pairs/{pair_id}",
            f"{base}/outcomes",
            f"{base}/report",
            f"{base}/report?format=csv",
            f"/alpha/staff/materials/groups/{group_id}/pairs/{pair_id}/pack.pdf",
            f"/alpha/staff/materials/groups/{group_id}/packs/{pack_id}",
            f"/alpha/staff/surveys/groups/{group_id}",
            f"/alpha/staff/surveys/groups/{group_id}/results",
        ]

    for url in pages(ids["group_id"], ids["pair_id"], ids["pack_id"]):
        assert leader.get(url).status_code == 404, url
    for url in pages(mine.group_id, mine.pair_id, mine.group_pack_id):
        assert leader.get(url).status_code == 200, url
    with app.app_context(), tenant_scope(mine.tenant_id):
        assert db.session.get(MeetingInvitation, other.invitation_id).attended is None
        assert db.session.get(MeetingInvitation, mine.invitation_id).attended is True
        assert db.session.get(Outcome, ids["outcome_id"]) is not None
        assert db.session.query(GroupPack).filter_by(group_id=ids["group_id"]).count() == 1


def test_a_group_leaders_lists_show_only_their_groups(app, world):
    """The group list, calendar, events and surveys of a leader name their group and
    nothing of the other; the coordinator's show both."""
    complete_alpha(app, world)
    other = add_other_group(app, world)
    lists = (
        "/alpha/staff/groups/",
        "/alpha/staff/groups/calendar?month=2027-03",
        "/alpha/staff/events/",
        "/alpha/staff/surveys/",
    )
    leader, _ = role_client(app, world, "group_leader")
    coordinator, _ = role_client(app, world, "coordinator")
    for url in lists:
        html = leader.get(url).get_data(as_text=True)
        assert "ALPHA1" in html, url
        assert other.name not in html and "alpha two" not in html, url
        assert other.name in coordinator.get(url).get_data(as_text=True), url
