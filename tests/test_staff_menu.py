"""The staff menu: headings declared in core (kaari.core.domains.NAVIGATION_GROUPS),
links registered by the domains' init_app; each role sees the headings it has links
under and nothing else, a heading with one link is that link, and the page a user is
on is marked, its heading too."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from kaari.accounts.access import PERMISSIONS
from kaari.core import domains
from tests.helpers import Client, World, make_group_leader

GROUP_LEADER = {
    "today": ["dashboard.home"],
    "programme": [
        "programme.group_list",
        "programme.month",
        "programme_events.event_list",
        "materials.pack",  # the finished pack, not the editor
    ],
    "communication": ["mail.mailing_list"],  # mailings to the groups they lead
}
COORDINATOR = {
    "today": ["dashboard.home"],
    "people": ["participants.people", "partners.partner_list", "form_editor.form_list"],
    "matching": ["matching.overview"],
    "programme": [
        "programme.group_list",
        "programme.month",
        "programme_events.event_list",
        "materials.section_list",
    ],
    "communication": ["mail.mailing_list", "mail.outbox"],
    "reports": ["reports.page"],
    "organisation": ["dashboard.texts", "dashboard.logo", "dashboard.settings"],
    "privacy": ["data_requests.request_list", "participants.privacy_records"],
}
ADMIN = {
    **COORDINATOR,
    "organisation": [
        "staff_members.members",
        *COORDINATOR["organisation"],
        "dashboard.publication",
    ],
    "privacy": [*COORDINATOR["privacy"], "dashboard.controller", "dashboard.audit_log"],
}
PARTNER = {"today": ["dashboard.home"], "people": ["partners.referrals"]}


def _menu(app, role: str, endpoint: str | None = None, **config) -> list[tuple[str, list[str]]]:
    def can(permission: str) -> bool:
        return role in PERMISSIONS[permission]

    sections = domains.menu(domains.navigation(app), can, {**app.config, **config}, endpoint)
    return [(s.group.key, [link.endpoint for link in s.links]) for s in sections]


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("group_leader", GROUP_LEADER),
        ("coordinator", COORDINATOR),
        ("admin", ADMIN),
        ("partner", PARTNER),
    ],
)
def test_each_role_gets_the_headings_it_has_links_under(app, role, menu):
    assert _menu(app, role) == list(menu.items())


def test_outbox_link_only_where_mail_goes_to_files(app):
    assert ("communication", ["mail.mailing_list"]) in _menu(
        app, "admin", MAIL_URL="smtp://relay.example.org"
    )
    assert ("communication", ["mail.mailing_list"]) in _menu(app, "admin", ENV_NAME="production")


def test_menu_entries_name_real_endpoints_permissions_and_headings(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    headings = {group.key for group in domains.NAVIGATION_GROUPS}
    for entry in domains.navigation(app):
        assert entry.endpoint in endpoints
        assert entry.group in headings
        for permission in (entry.permission, entry.unless):
            assert permission is None or permission in PERMISSIONS


def test_an_entry_under_an_unknown_heading_is_refused(app):
    entry = domains.NavEntry("Odd", "dashboard.home", None, "miscellaneous")
    with domains.registering("dashboard"), pytest.raises(domains.RegistrationError):
        domains.add_navigation(app, entry)


def test_current_page_marking():
    entry = domains.NavEntry(
        "Groups",
        "programme.group_list",
        "lead_groups",
        "programme",
        current=("programme.*", "outcomes.*"),
        not_current=("programme.month",),
    )
    assert entry.is_current("programme.group")
    assert entry.is_current("outcomes.edit")
    assert not entry.is_current("programme.month")
    assert not entry.is_current("programme_events.event_list")
    assert not entry.is_current(None)


# The menu as the page renders it -----------------------------------------------------


@dataclass
class Heading:
    title: str = ""  # the <summary>, or the one link's label
    current: bool = False
    opens: bool = False  # a <details> of links, not a plain link
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # label, href, marked


class _MenuReader(HTMLParser):
    """The headings of the staff menu on a page, with their links."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[Heading] = []
        self._in_menu = self._in_summary = False
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "ul" and "nav-groups" in classes:
            self._in_menu = True
        elif self._in_menu and tag == "li" and "nav-group" in classes:
            self.headings.append(Heading(current="current" in classes))
        elif self._in_menu and tag == "details":
            self.headings[-1].opens = True
        elif self._in_menu and tag == "summary":
            self._in_summary = True
        elif self._in_menu and tag == "a":
            self._text = []
            self.headings[-1].links.append(
                ("", attributes["href"], attributes.get("aria-current") == "page")
            )

    def handle_data(self, data):
        if self._in_summary:
            self.headings[-1].title += data
        elif self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "summary":
            self._in_summary = False
        elif tag == "a" and self._text is not None:
            heading = self.headings[-1]
            _label, href, marked = heading.links[-1]
            heading.links[-1] = (" ".join("".join(self._text).split()), href, marked)
            if not heading.opens:
                heading.title = heading.links[-1][0]
            self._text = None
        elif tag == "nav":
            self._in_menu = False


def _headings(client: Client, url: str) -> list[Heading]:
    response = client.get(url)
    assert response.status_code == 200
    reader = _MenuReader()
    reader.feed(response.get_data(as_text=True))
    return reader.headings


def _signed_in(app, email: str) -> Client:
    client = Client(app)
    client.login(email, tenant="alpha")
    return client


def test_a_partner_sees_today_and_their_referrals_as_plain_links(app, world: World):
    client = _signed_in(app, world.a.partner.email)
    headings = _headings(client, "/alpha/staff/?lang=en")
    assert [(h.title, h.opens) for h in headings] == [("Today", False), ("Referrals", False)]
    assert headings[0].links == [("Today", "/alpha/staff/", True)] and headings[0].current


def test_a_group_leader_sees_the_groups_heading_and_mailings(app, world: World):
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client = _signed_in(app, leader.email)
    headings = _headings(client, "/alpha/staff/groups/calendar?lang=en")
    assert [(h.title, h.opens) for h in headings] == [
        ("Today", False),
        ("Groups and events (current page: Calendar)", True),  # said to a screen reader
        ("Mailings", False),
    ]
    groups = headings[1]
    assert [label for label, _href, _marked in groups.links] == [
        "Groups",
        "Calendar",
        "Events",
        "Material pack",
    ]
    assert groups.current and [marked for *_rest, marked in groups.links] == [
        False,
        True,  # the calendar, not the groups, although both live under /staff/groups/
        False,
        False,
    ]


def test_the_admins_menu_holds_every_registered_link_once(app, world: World):
    client = _signed_in(app, world.a.admin.email)
    headings = _headings(client, f"/alpha/staff/groups/{world.a.group_id}?lang=en")
    assert [h.title.split(" (current page")[0] for h in headings] == [
        "Today",
        "People",
        "Matching",
        "Groups and events",
        "Communication",
        "Reports",
        "Organisation",
        "Privacy",
    ]
    hrefs = [href for h in headings for _label, href, _marked in h.links]
    assert len(hrefs) == len(set(hrefs)) == sum(len(links) for links in ADMIN.values())
    current = [h for h in headings if h.current]
    assert [h.title for h in current] == ["Groups and events (current page: Groups)"]
    assert [link for link in current[0].links if link[2]] == [
        ("Groups", "/alpha/staff/groups/", True)
    ]
    finnish = _headings(client, "/alpha/staff/?lang=fi")
    assert [h.title for h in finnish][:2] == ["Tänään", "Henkilöt"]
