"""The participant portal: a coordinator sends the group's members their links; each
member opens their own portal with it, sees the pair and the meetings, writes and
signs the agreement with the other member, and keeps the diary; a link expires, can be
asked for again, and opens nobody else's portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Note, PortalLink, PortalSession
from kaari.tenancy.models import Tenant
from tests.helpers import (
    Client,
    first_link,
    make_group_pair,
    make_person,
    read_outbox,
    text_body,
)


@pytest.fixture
def pair_id(app, world):
    """Tenant A's group with one confirmed pair: Aino (actor, Finnish) and Mika
    (mentor, reads English)."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(
            tenant,
            "Aino Actor",
            "aino@example.org",
            status="in_group",
            answers={"phone": "040 123"},
        )
        mentor = make_person(
            tenant, "Mika Mentor", "mika@example.org", "mentor", language="en", status="in_group"
        )
        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
    return pair_id


@pytest.fixture
def links(app, client, world, pair_id, outbox):
    """The coordinator sends the group's portal links; returns each member's link."""
    client.login(world.a.coordinator.email, tenant="alpha")
    group = f"/alpha/staff/groups/{world.a.group_id}"
    assert client.submit(group + "/portal-links", form_url=group).status_code == 302
    client.logout()
    return {m["To"]: first_link(m) for m in read_outbox(outbox)}


def _member(app, link: str) -> Client:
    member = Client(app)
    assert member.submit(link).status_code == 302
    return member


def test_each_member_opens_their_own_portal_in_their_language(app, links, outbox):
    assert sorted(links) == ["aino@example.org", "mika@example.org"]
    english = {m["To"]: m for m in read_outbox(outbox)}["mika@example.org"]
    assert "portal" in english["Subject"] and "30 days" in text_body(english)
    mika = _member(app, links["mika@example.org"])
    page = mika.get("/alpha/portal/").get_data(as_text=True)
    assert "Hello Mika Mentor!" in page
    assert "Aino Actor" in page and "aino@example.org" in page and "040 123" in page
    assert "Group: ALPHA1" in page and "Kick-off meeting" in page
    aino = _member(app, links["aino@example.org"])
    assert "Hei Aino Actor!" in aino.get("/alpha/portal/").get_data(as_text=True)


def test_contact_details_wait_until_both_have_confirmed(app, world, links, pair_id):
    from kaari.matching.models import Pair

    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Pair, pair_id).status = "invited"
        db.session.commit()
    page = _member(app, links["mika@example.org"]).get("/alpha/portal/").get_data(as_text=True)
    assert "Aino Actor" in page and "aino@example.org" not in page


def test_the_person_calendar_lists_the_group_meetings(app, links):
    mika = _member(app, links["mika@example.org"])
    page = mika.get("/alpha/portal/").get_data(as_text=True)
    feed = page.split('href="http://localhost')[-1].split('"')[0]
    assert ".ics?lang=en" in feed
    body = Client(app).get(feed).get_data(as_text=True)
    assert "BEGIN:VEVENT" in body and "Kick-off meeting" in body
    assert Client(app).get(feed.replace("/alpha/", "/beta/")).status_code == 404


def test_both_sign_the_agreement_and_a_change_needs_both_again(app, world, client, links, pair_id):
    aino, mika = _member(app, links["aino@example.org"]), _member(app, links["mika@example.org"])
    url = f"/alpha/portal/pairs/{pair_id}/agreement"
    missing = aino.submit(url, {"goals": "", "frequency": "kahdesti kuussa"})
    assert missing.status_code == 400
    page = missing.get_data(as_text=True)
    assert "kahdesti kuussa" in page  # nothing typed is lost
    terms = {"goals": "Työ omalta alalta", "themes": "CV", "first_meeting_on": "2027-03-10"}
    assert aino.submit(url, terms).status_code == 302
    wrong = mika.submit(url + "/sign", {"typed_name": "Someone Else"}, form_url=url + "?lang=en")
    assert wrong.status_code == 400
    assert "Type your name as it is in the register: Mika Mentor" in wrong.get_data(as_text=True)
    assert (
        mika.submit(url + "/sign", {"typed_name": " mika  mentor "}, form_url=url).status_code
        == 302
    )
    assert aino.submit(url + "/sign", {"typed_name": "Aino Actor"}, form_url=url).status_code == 302
    group = f"/alpha/staff/groups/{world.a.group_id}"
    client.login(world.a.coordinator.email, tenant="alpha")
    assert "Allekirjoitettu" in client.get(group).get_data(as_text=True)
    # Mika changes the goals: version 2 waits for both signatures.
    changed = dict(terms, goals="Työ omalta alalta ja verkostot")
    assert mika.submit(url, changed).status_code == 302
    staff_page = client.get(group).get_data(as_text=True)
    assert "Ei allekirjoitettu" in staff_page
    pair_page = client.get(f"{group}/pairs/{pair_id}?lang=en").get_data(as_text=True)
    assert "Version 2, signed by 0 of 2." in pair_page


def test_the_diary_is_private_to_the_pair_until_both_allow(app, world, client, links, pair_id):
    aino, mika = _member(app, links["aino@example.org"]), _member(app, links["mika@example.org"])
    url = f"/alpha/portal/pairs/{pair_id}/diary"
    future = (utcnow() + timedelta(days=3)).date().isoformat()
    refused = aino.submit(url, {"met_on": future, "goal": "CV kuntoon"})
    assert refused.status_code == 400 and "CV kuntoon" in refused.get_data(as_text=True)
    day = (utcnow() - timedelta(days=7)).date().isoformat()
    entry = {"met_on": day, "goal": "CV kuntoon", "mentor_comment": "written by the actor"}
    assert aino.submit(url, entry).status_code == 302
    mika_page = mika.get(url + "?lang=en").get_data(as_text=True)
    assert "CV kuntoon" in mika_page and "written by the actor" not in mika_page
    client.login(world.a.coordinator.email, tenant="alpha")
    pair_page = f"/alpha/staff/groups/{world.a.group_id}/pairs/{pair_id}"
    staff_view = client.get(pair_page).get_data(as_text=True)
    assert "Paritapaamiset (1)" in staff_view and "CV kuntoon" not in staff_view
    aino.submit(url + "/sharing", {"allowed": "yes"}, form_url=url)
    assert "CV kuntoon" not in client.get(pair_page).get_data(as_text=True)  # one is not both
    mika.submit(url + "/sharing", {"allowed": "yes"}, form_url=url)
    assert "CV kuntoon" in client.get(pair_page).get_data(as_text=True)


def test_a_member_asks_for_a_change_to_their_data(app, world, links):
    aino = _member(app, links["aino@example.org"])
    page = aino.get("/alpha/portal/data").get_data(as_text=True)
    assert "aino@example.org" in page
    assert aino.submit("/alpha/portal/data", {"message": "Uusi osoite"}).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        note = db.session.scalar(select(Note))
        assert (note.kind, note.text, note.author_id) == ("request", "Uusi osoite", None)


def test_an_expired_link_is_renewed_by_typing_the_email(app, world, links, outbox):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for link in db.session.scalars(select(PortalLink)):
            link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    visitor = Client(app)
    expired = visitor.get(links["aino@example.org"].replace("lang=fi", "lang=en"))
    assert expired.status_code == 410
    assert "send a new link to the email address" in expired.get_data(as_text=True)
    for old in outbox.glob("*.eml"):
        old.unlink()
    for address in ("nobody@example.org", "AINO@example.org"):
        answer = visitor.submit("/alpha/portal/link", {"email": address})
        assert answer.status_code == 200  # the same answer for both: nobody learns who takes part
    assert [m["To"] for m in read_outbox(outbox)] == ["aino@example.org"]
    fresh = first_link(read_outbox(outbox)[0])
    assert _member(app, fresh).get("/alpha/portal/").status_code == 200


def test_a_portal_session_ends_when_it_expires(app, world, links):
    aino = _member(app, links["aino@example.org"])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for portal_session in db.session.scalars(select(PortalSession)):
            portal_session.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = aino.get("/alpha/portal/")
    assert response.status_code == 302 and response.location.endswith("/alpha/portal/link")


def test_forged_other_tenant_and_other_person_links_open_nothing(app, world, links, pair_id):
    path = links["aino@example.org"].split("?")[0]
    assert Client(app).get(path + "x").status_code == 404
    assert Client(app).get(path.replace("/alpha/", "/beta/")).status_code == 404
    aino = _member(app, links["aino@example.org"])
    assert aino.get("/beta/portal/").status_code == 302  # her session is not beta's
    # Another pair of the tenant (not hers) answers 404.
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        other_actor = make_person(tenant, "Other Actor", "other@example.org")
        other_mentor = make_person(tenant, "Other Mentor", "om@example.org", "mentor")
        with tenant_scope(tenant.id):
            other_pair = make_group_pair(world.a.group_id, other_actor, other_mentor)
        db.session.commit()
    for suffix in ("agreement", "diary"):
        assert aino.get(f"/alpha/portal/pairs/{other_pair}/{suffix}").status_code == 404
    assert aino.get(f"/alpha/portal/pairs/{world.b.pair_id}/diary").status_code == 404


def test_a_coordinator_ends_a_pair_for_a_rematch(app, world, client, links, pair_id):
    from kaari.matching.models import Pair
    from kaari.participants.models import Person

    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/groups/{world.a.group_id}/pairs/{pair_id}"
    no_reason = client.submit(url + "/end", {"reason": "", "members": "waiting"}, form_url=url)
    assert no_reason.status_code == 400
    ended = client.submit(url + "/end", {"reason": "No time", "members": "waiting"}, form_url=url)
    assert ended.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair = db.session.get(Pair, pair_id)
        assert (pair.status, pair.ended_reason) == ("ended", "No time")
        statuses = {p.email: p.status for p in db.session.scalars(select(Person))}
    assert statuses["aino@example.org"] == statuses["mika@example.org"] == "waiting"
