"""The joint invitation: one message to each member introducing the other, answered
with a personal link; confirmation, decline, reminders, and links that only work
for their member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.matching.jobs import remind_pairs
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from kaari.tenancy.services import set_texts
from tests.helpers import (
    first_link,
    invite_in_group,
    make_group_pair,
    make_person,
    read_outbox,
    text_body,
)
from tests.matching.conftest import propose as _propose


@pytest.fixture
def invited(app, coordinator, pool, world, outbox):
    """The engineer and the civil engineer accepted, put in the group and invited to its
    kick-off."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Person, pool["civil"]).language = "en"
        db.session.get(Person, pool["civil"]).answers = {
            **db.session.get(Person, pool["civil"]).answers,
            "workplace": "Bridge Works Oy",
            "share_with_pair": ["workplace"],
        }
        db.session.get(Person, pool["engineer"]).answers = {
            **db.session.get(Person, pool["engineer"]).answers,
            "work_abroad": "Site engineer for six years",
            "share_with_pair": ["work"],
        }
        db.session.commit()
    run_url = _propose(coordinator)
    coordinator.submit(
        run_url + "/accept", {"actor": pool["engineer"], "mentor": pool["civil"]}, form_url=run_url
    )
    invite_in_group(coordinator, "alpha", world.a.group_id, _pair(app, world).id)
    return {m["To"]: m for m in read_outbox(outbox)}


def _pair(app, world) -> Pair:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Pair).order_by(Pair.id.desc()))


def _status(app, world, person_id) -> str:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.get(Person, person_id).status


def test_each_member_gets_one_message_introducing_the_other(app, invited, world):
    actor_mail, mentor_mail = invited["ae@example.org"], invited["mc@example.org"]
    assert actor_mail["Content-Language"] == "fi" and mentor_mail["Content-Language"] == "en"
    # Each sees the other's first name and what the other chose to share.
    assert "Mentor Civil" not in text_body(actor_mail) and "Bridge Works Oy" in text_body(
        actor_mail
    )
    assert "Actor Engineer" not in text_body(mentor_mail)
    assert "Site engineer for six years" in text_body(mentor_mail)
    # The group's kick-off, in each member's language.
    assert "Milloin: tiistaina 2.3.2027 klo 18.00" in text_body(actor_mail)
    assert "When: Tuesday 2 March 2027, 18:00" in text_body(mentor_mail)
    assert _pair(app, world).status == "invited"


@pytest.fixture
def own_paragraph(app, world):
    """The network's own words for new pairs, written in Finnish and English."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        set_texts(
            tenant,
            {"pair_invitation": {"fi": "Tervetuloa verkostoon!", "en": "Welcome to our network!"}},
        )
        db.session.commit()


def test_each_member_reads_the_networks_own_paragraph_in_their_language(own_paragraph, invited):
    actor_text, mentor_text = (
        text_body(invited["ae@example.org"]),
        text_body(invited["mc@example.org"]),
    )
    assert "Tervetuloa verkostoon!" in actor_text and "Welcome" not in actor_text
    assert "Welcome to our network!" in mentor_text and "Tervetuloa" not in mentor_text


def test_both_yes_confirms_the_pair(app, client, invited, world, outbox):
    client.logout()
    actor_link = first_link(invited["ae@example.org"])
    page = client.get(actor_link)
    assert page.status_code == 200 and "Bridge Works Oy" in page.get_data(as_text=True)
    assert _pair(app, world).actor_answer == ""  # opening the link changes nothing
    client.submit(actor_link, {"answer": "yes"})
    assert _pair(app, world).status == "invited"
    client.submit(first_link(invited["mc@example.org"]), {"answer": "yes"})
    pair = _pair(app, world)
    assert (pair.actor_answer, pair.mentor_answer, pair.status) == ("yes", "yes", "confirmed")
    # Each member now gets the way into their portal, where the other's contacts are.
    portals = {m["To"]: first_link(m) for m in read_outbox(outbox) if "/portal/" in text_body(m)}
    assert sorted(portals) == ["ae@example.org", "mc@example.org"]
    assert client.submit(portals["ae@example.org"]).status_code == 302
    assert "mc@example.org" in client.get("/alpha/portal/").get_data(as_text=True)


def test_a_decline_frees_both_for_new_proposals(app, client, coordinator, invited, pool, world):
    mentor_link = first_link(invited["mc@example.org"])
    response = client.submit(mentor_link, {"answer": "no", "reason": "Moving abroad"})
    assert response.status_code == 200
    pair = _pair(app, world)
    assert pair.status == "declined" and "Moving abroad" in pair.ended_reason
    assert _status(app, world, pool["engineer"]) == "waiting"
    assert _status(app, world, pool["civil"]) == "waiting"
    html = client.get("/alpha/staff/matching/pairs/").get_data(as_text=True)
    assert "Moving abroad" in html
    assert "Actor Engineer +" in client.get(_propose(client)).get_data(as_text=True)
    # A closed pair's link no longer takes answers.
    client.submit(mentor_link, {"answer": "yes"})
    assert _pair(app, world).status == "declined"


def test_the_silent_are_reminded_once(app, client, invited, world, outbox):
    client.submit(first_link(invited["ae@example.org"]), {"answer": "yes"})
    for message in outbox.glob("*.eml"):
        message.unlink()
    with app.app_context():
        assert remind_pairs() == 0  # not yet due
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(Pair)
            .where(Pair.id == _pair(app, world).id)
            .values(invited_at=utcnow() - timedelta(days=6))
        )
        db.session.commit()
    with app.app_context():
        assert remind_pairs() == 1
    [reminder] = read_outbox(outbox)
    assert reminder["To"] == "mc@example.org" and "/alpha/pair/" in text_body(reminder)
    with app.app_context():
        assert remind_pairs() == 0


def test_forged_links_answer_404(client, invited):
    link = first_link(invited["ae@example.org"]).split("?")[0]
    assert client.get(link[:-3] + "xyz").status_code == 404
    assert client.get(link.replace("/alpha/", "/beta/")).status_code == 404


def test_cancelling_a_pair_needs_a_reason_and_frees_both(app, coordinator, invited, pool, world):
    pair_id = _pair(app, world).id
    url = f"/alpha/staff/matching/pairs/{pair_id}/end"
    coordinator.submit(url, {"reason": ""}, form_url="/alpha/staff/matching/pairs/")
    assert _pair(app, world).status == "invited"
    coordinator.submit(url, {"reason": "Mentor fell ill"}, form_url="/alpha/staff/matching/pairs/")
    assert _pair(app, world).status == "cancelled"
    # The reason stays with the pair; the audit log, which outlives erasure, keeps
    # only that one was given.
    with app.app_context(), tenant_scope(world.a.tenant_id):
        details = db.session.scalars(
            select(TenantAuditEvent.details).where(TenantAuditEvent.action == "pair.cancelled")
        ).one()
    assert details == {"reason_given": True}
    assert _status(app, world, pool["civil"]) == "waiting"


def test_a_decline_leaves_a_mentor_with_another_pair_in_their_group(
    app, client, coordinator, world, outbox
):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        mentor = make_person(tenant, "Mentor Busy", "busy@example.org", "mentor", status="in_group")
        first = make_person(tenant, "First Actor", "first@example.org", status="in_group")
        second = make_person(tenant, "Second Actor", "second@example.org", status="matched")
        with tenant_scope(tenant.id):
            make_group_pair(world.a.group_id, first, mentor, "confirmed")
            pair = Pair(actor_id=second.id, mentor_id=mentor.id, status="proposed")
            db.session.add(pair)
            db.session.commit()
            pair_id, people = pair.id, {"mentor": mentor.id, "second": second.id}
    invite_in_group(coordinator, "alpha", world.a.group_id, pair_id)
    assert _status(app, world, people["second"]) == "in_group"
    [invitation] = [m for m in read_outbox(outbox) if m["To"] == "second@example.org"]
    client.submit(first_link(invitation), {"answer": "no", "reason": "Found a job"})
    assert _status(app, world, people["second"]) == "waiting"
    assert _status(app, world, people["mentor"]) == "in_group"  # still the first actor's mentor
