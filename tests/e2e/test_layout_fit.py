"""Staff pages fit the screen: on a 1,280 px desktop and a 390 px phone, in Finnish and
Swedish, the register, a group of twelve pairs, Today, a person and the mailings never
scroll sideways as a whole (a wide table scrolls in its own region); the staff menu
is one row on the desktop and folds behind a Menu button on the phone, and passes axe
opened."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.mail.models import Mailing
from kaari.programme.groups.models import Group, GroupPair, PairMove
from kaari.tenancy.models import Tenant
from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import make_group_pair, make_person

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Long Finnish and Swedish names, municipalities and subjects: what makes a page wide.
FIRST = ("Aleksandra", "Mohammed", "Anna-Kaisa", "Ngozi", "Björn-Erik", "Oleksandra")
LAST = ("Hämäläinen-Korhonen", "Al-Sharif", "Wikström", "Adeyemi-Lindqvist", "Nguyen")
TOWNS = ("Kauniainen", "Mustasaari", "Hämeenlinna", "Jakobstad")


def _people(tenant: Tenant, count: int, prefix: str, role: str, status: str) -> list:
    return [
        make_person(
            tenant,
            f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]} {prefix}{n}",
            f"{prefix.lower()}{n}.{LAST[n % len(LAST)].lower()}@example.org",
            role,
            status=status,
            municipality=TOWNS[n % len(TOWNS)],
        )
        for n in range(count)
    ]


@pytest.fixture
def busy_tenant(app, world) -> dict[str, str]:
    """Alpha with 60 people in the register, a running group of twelve pairs with one
    pair moved in from another group, and mailings with long subjects; returns the
    staff pages to look at."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actors = _people(tenant, 12, "A", "actor", "in_group")
        mentors = _people(tenant, 12, "M", "mentor", "in_group")
        _people(tenant, 36, "W", "actor", "waiting")
        with tenant_scope(tenant.id):
            other = Group(name="ALPHA0", venue="Kirjasto Oodi")
            db.session.add(other)
            db.session.flush()
            pairs = [
                make_group_pair(world.a.group_id, actor, mentor)
                for actor, mentor in zip(actors, mentors, strict=True)
            ]
            db.session.add(
                PairMove(
                    pair_id=pairs[0],
                    from_group_id=other.id,
                    to_group_id=world.a.group_id,
                    reason="Ei päässyt alkutapaamiseen / Missade startträffen",
                    moved_by=world.a.coordinator.user_id,
                )
            )
            db.session.execute(
                update(Group).where(Group.id == world.a.group_id).values(status="running")
            )
            db.session.execute(
                update(GroupPair).where(GroupPair.pair_id.in_(pairs)).values(joined_at=utcnow())
            )
            for n in range(3):
                db.session.add(
                    Mailing(
                        subject={
                            "fi": f"Tervetuloa mentorointiryhmän alkutapaamiseen {n}",
                            "sv": f"Välkommen till mentorsgruppens startträff {n}",
                        },
                        body={"fi": "Teksti", "sv": "Text"},
                        audience={"key": "staff", "options": ["admin", "coordinator"]},
                        sent_at=utcnow(),
                    )
                )
        db.session.commit()
        return {
            "register": "/alpha/staff/participants/?show=group&show=pair_partner&show=occupation",
            "group": f"/alpha/staff/groups/{world.a.group_id}",
            "today": "/alpha/staff/",
            "person": f"/alpha/staff/participants/{actors[0].id}",
            "mailings": "/alpha/staff/mailings/",
        }


def _page_width(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _in(url: str, language: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={language}"


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280", "390"])
def test_staff_pages_never_scroll_sideways(page, world, busy_tenant, screen, language):
    page.set_viewport_size(screen)
    sign_in(page, world.a.coordinator.email)
    too_wide = {}
    for name, url in busy_tenant.items():
        page.goto(_in(url, language))
        width, inner = _page_width(page)
        if width > inner:
            too_wide[name] = width
    assert not too_wide, f"wider than the {screen['width']} px window: {too_wide}"


def test_a_wide_table_scrolls_in_its_own_region_with_a_hint(page, world, busy_tenant):
    """On a phone the register scrolls inside its region, which says so and takes the
    keyboard; on the desktop the group's pairs fit and no hint shows."""
    page.set_viewport_size(PHONE)
    sign_in(page, world.a.coordinator.email)
    page.goto(_in(busy_tenant["register"], "fi"))
    region = page.get_by_role("region", name="61 henkilöä")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    expect(page.locator(".wide-table").filter(has=region).locator(".scroll-hint")).to_be_visible()
    region.focus()  # the keyboard scrolls it too
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    page.set_viewport_size(DESKTOP)
    page.goto(_in(busy_tenant["group"], "fi"))
    expect(page.locator(".wide-table .scroll-hint")).to_be_hidden()
    assert page.locator(".wide-table .table-scroll").evaluate("r => r.scrollWidth <= r.clientWidth")


def _tops(page) -> list[float]:
    return page.locator(".nav-groups > li").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().top)"
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_menu_is_one_row_aligned_with_the_content_on_a_desktop(page, world, language):
    page.set_viewport_size(DESKTOP)
    sign_in(page, world.a.admin.email)  # the admin has the most headings
    page.goto(f"/alpha/staff/groups/{world.a.group_id}?lang={language}")
    tops = _tops(page)
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    menu_left = page.locator(".nav-groups").bounding_box()["x"]
    assert menu_left == page.locator("main h1").bounding_box()["x"] > 16
    expect(page.locator(".menu-toggle")).to_be_hidden()

    # The heading of the current page is marked; from the keyboard it opens its links,
    # and Escape closes it and goes back to it.
    current = page.locator(".nav-group.current > details")
    heading = current.locator("summary")
    heading.focus()
    page.keyboard.press("Enter")
    expect(current).to_have_attribute("open", "")
    expect(current.locator("a[aria-current=page]")).to_be_visible()
    assert _page_width(page)[0] <= DESKTOP["width"]
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(current).not_to_have_attribute("open", "")
    expect(heading).to_be_focused()

    # One heading is open at a time; the last one's links stay inside the window; a
    # click elsewhere closes them.
    page.keyboard.press("Enter")
    last = page.locator(".staff-nav details").last
    last.locator("summary").click()
    expect(last.locator(".nav-links")).to_be_visible()
    expect(current).not_to_have_attribute("open", "")
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("main h1").click()
    expect(last).not_to_have_attribute("open", "")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_on_a_phone_the_menu_folds_behind_a_button(page, world, language):
    page.set_viewport_size(PHONE)
    sign_in(page, world.a.admin.email)
    page.goto(f"/alpha/staff/?lang={language}")
    toggle = page.locator(".menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".nav-groups")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".nav-groups")).to_be_visible()
    tops = _tops(page)
    assert tops == sorted(set(tops)), tops  # stacked, one heading a row
    expect(page.locator(".nav-group.current a[aria-current=page]")).to_be_visible()  # Today
    people = page.locator(".staff-nav details").first
    people.locator("summary").click()
    expect(people.locator(".nav-links a").first).to_be_visible()
    assert _page_width(page)[0] <= PHONE["width"]
    assert_accessible(page)
    toggle.click()
    expect(page.locator(".nav-groups")).to_be_hidden()
