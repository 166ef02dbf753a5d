"""Nudges: a pair of a running group with no meeting logged for four weeks gets a
friendly reminder with a working portal link, once per four weeks; coordinators hear
of pairs quiet for eight weeks; a tenant can switch nudges off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.programme.groups.jobs import nudge_quiet_pairs
from kaari.programme.groups.models import Group, GroupPair, PairMeeting
from kaari.tenancy.models import Tenant
from kaari.tenancy.settings import change_setting
from tests.helpers import (
    Client,
    first_link,
    make_group_pair,
    make_person,
    read_outbox,
    text_body,
)


@pytest.fixture
def quiet_world(app, world, outbox):
    """Tenant A's running group: Aino & Mika last met 5 weeks ago, Bea & Olli 10 weeks
    ago, Cai & Dan last week."""
    now = utcnow()
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            db.session.get(Group, world.a.group_id).status = "running"
            for actor, mentor, weeks in (
                ("aino", "mika", 5),
                ("bea", "olli", 10),
                ("cai", "dan", 1),
            ):
                pair_id = make_group_pair(
                    world.a.group_id,
                    make_person(tenant, actor.title(), f"{actor}@example.org"),
                    make_person(tenant, mentor.title(), f"{mentor}@example.org", "mentor"),
                )
                joined = db.session.query(GroupPair).filter_by(pair_id=pair_id).one()
                joined.joined_at = now - timedelta(weeks=20)
                db.session.add(
                    PairMeeting(pair_id=pair_id, met_on=(now - timedelta(weeks=weeks)).date())
                )
        db.session.commit()
    return outbox


def _sent(outbox) -> dict[str, list]:
    by_address: dict[str, list] = {}
    for message in read_outbox(outbox):
        by_address.setdefault(message["To"], []).append(message)
    return by_address


def test_quiet_pairs_are_nudged_once_and_coordinators_told(app, world, quiet_world):
    with app.app_context():
        assert nudge_quiet_pairs() == (2, 2)  # two pairs; the admin and the coordinator
        assert nudge_quiet_pairs() == (0, 0)  # not again within four weeks
    sent = _sent(quiet_world)
    assert sorted(a for a in sent if a.endswith("@example.org")) == [
        "aino@example.org",
        "bea@example.org",
        "mika@example.org",
        "olli@example.org",
    ]
    digest = text_body(sent[world.a.coordinator.email][0])
    assert "Bea & Olli" in digest and "Aino" not in digest
    member = Client(app)
    assert member.submit(first_link(sent["aino@example.org"][0])).status_code == 302
    assert member.get("/alpha/portal/").status_code == 200


def test_a_tenant_can_switch_nudges_off(app, world, quiet_world):
    with app.app_context():
        change_setting(db.session.get(Tenant, world.a.tenant_id), "nudge_after_weeks", 0)
        db.session.commit()
        assert nudge_quiet_pairs() == (0, 0)
    assert read_outbox(quiet_world) == []


def _set_language(app, world, email: str, language: str) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(Person).where(Person.email == email).values(language=language))
        db.session.commit()


def test_the_nudge_says_what_is_missing_and_with_whom(app, world, quiet_world):
    _set_language(app, world, "aino@example.org", "en")
    with app.app_context():
        nudge_quiet_pairs()
    text = " ".join(text_body(_sent(quiet_world)["aino@example.org"][0]).split())
    assert "No meetings with Mika have been logged in the portal for 4 weeks." in text
    assert "diary" not in text
    assert "If your pair does not keep the log, you can say so in the portal" in text


def test_the_coordinators_list_has_one_pair_a_line_in_html(app, world, quiet_world):
    with app.app_context():
        with tenant_scope(world.a.tenant_id):
            db.session.execute(
                update(PairMeeting).values(met_on=utcnow().date() - timedelta(weeks=9))
            )
            db.session.commit()
        nudge_quiet_pairs()
    digest = _sent(quiet_world)[world.a.coordinator.email][0]
    html = digest.get_body(preferencelist=("html",)).get_content()
    pairs = re.search(r"<p>(- ALPHA1: .*?)</p>", html, re.S)[1]
    assert re.fullmatch(
        r"- ALPHA1: Aino &amp; Mika \(.*?\)<br>\s*- ALPHA1: Bea &amp; Olli \(.*?\)<br>\s*- ALPHA1: Cai &amp; Dan \(.*?\)(<br>\s*--.*)?",
        pairs,
        re.S,
    )
