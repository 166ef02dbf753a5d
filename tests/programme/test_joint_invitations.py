"""Joint invitations in bulk (issue 21): the coordinator invites the accepted pairs
together from one page; each member gets one message in their own language with the
introduction the coordinator edited and the kick-off of the pair's group, formatted
for that language. Sending again invites nobody twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.programme.groups.models import Group, GroupPair, Meeting
from kaari.tenancy.models import Tenant
from tests.helpers import (
    QueryCounter,
    as_a_browser_sends,
    make_group_leader,
    make_group_pair,
    make_person,
    read_outbox,
    text_body,
)

PAGE = "/alpha/staff/joint-invitations/"
# Five pairs: each actor's language, and their mentor's.
LANGUAGES = (("fi", "sv"), ("sv", "en"), ("en", "fi"), ("fi", "fi"), ("sv", "sv"))
# The group's kick-off, 2 March 2027 at 16:00 UTC, in Helsinki time for each language.
KICKOFF_WHEN = {
    "fi": "tiistaina 2.3.2027 klo 18.00",
    "sv": "tisdag 2.3.2027 kl. 18.00",
    "en": "Tuesday 2 March 2027, 18:00",
}
KICKOFF_PLACE = "Main Library, room 3"
KICKOFF_HEADING = {"fi": "Milloin:", "sv": "När:", "en": "When:"}


def make_accepted_pairs(app, world, languages, *, group: bool = True) -> list[int]:
    """Accepted pairs (proposed, not yet invited), in tenant A's group if `group`."""
    ids = []
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            start = db.session.scalar(select(func.count(Pair.id)))
        for number, (actor_language, mentor_language) in enumerate(languages, start + 1):
            actor = make_person(
                tenant,
                f"Actor{number} Surname",
                f"actor{number}@example.org",
                language=actor_language,
                status="matched",
                answers={"occupation": f"Occupation of actor {number}"},
            )
            mentor = make_person(
                tenant,
                f"Mentor{number} Surname",
                f"mentor{number}@example.org",
                role="mentor",
                language=mentor_language,
                status="matched",
                answers={"occupation": f"Occupation of mentor {number}"},
            )
            with tenant_scope(tenant.id):
                if group:
                    ids.append(make_group_pair(world.a.group_id, actor, mentor, "proposed"))
                else:
                    pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="proposed")
                    db.session.add(pair)
                    db.session.flush()
                    ids.append(pair.id)
        with tenant_scope(tenant.id):
            db.session.execute(
                update(Meeting).where(Meeting.id == world.a.meeting_id).values(place=KICKOFF_PLACE)
            )
        db.session.commit()
    return ids


@pytest.fixture
def five_pairs(app, world) -> list[int]:
    return make_accepted_pairs(app, world, LANGUAGES)


def _statuses(app, world, ids) -> list[str]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return list(db.session.scalars(select(Pair.status).where(Pair.id.in_(ids))))


def test_five_pairs_are_invited_in_one_action(app, coordinator, world, outbox, five_pairs):
    page = coordinator.get(PAGE + "?lang=en").get_data(as_text=True)
    assert page.count('type="checkbox"') == 5 and page.count(" checked") == 5
    response = coordinator.post(PAGE + "?lang=en", data=as_a_browser_sends(coordinator, PAGE))
    assert response.status_code == 302
    assert _statuses(app, world, five_pairs) == ["invited"] * 5
    mails = read_outbox(outbox)
    assert sorted(m["To"] for m in mails) == sorted(
        f"{role}{n}@example.org" for n in range(1, 6) for role in ("actor", "mentor")
    )
    for number, languages in enumerate(LANGUAGES, 1):
        for role, language in zip(("actor", "mentor"), languages, strict=True):
            [mail] = [m for m in mails if m["To"] == f"{role}{number}@example.org"]
            body = text_body(mail)
            assert mail["Content-Language"] == language
            assert f"{KICKOFF_HEADING[language]} {KICKOFF_WHEN[language]}" in body
            assert KICKOFF_PLACE in body and "ALPHA1" in body
            for other in set(KICKOFF_WHEN) - {language}:
                assert KICKOFF_WHEN[other] not in body
            # The other's first name and what they shared, never their surname.
            other = "mentor" if role == "actor" else "actor"
            assert f"Occupation of {other} {number}" in body
            assert f"{other.title()}{number} Surname" not in body
    flashed = coordinator.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "The joint invitations of 5 pairs are on their way." in flashed
    assert "No accepted pairs are waiting for their invitation." in flashed


def test_the_introduction_is_prefilled_in_the_readers_language_and_sent_as_edited(
    app, coordinator, world, outbox
):
    [pair_id] = make_accepted_pairs(app, world, [("sv", "en")])
    form = as_a_browser_sends(coordinator, PAGE)
    # The mentor reads English, the actor Swedish: each label in the reader's language.
    assert form["pairs-0-for_mentor"] == "Profession: Occupation of actor 1\nLanguage: Svenska"
    assert form["pairs-0-for_actor"] == "Yrke: Occupation of mentor 1\nSpråk: English"
    edited = "Mentor1 built bridges in Oulu for twenty years and loves chess."
    coordinator.post(PAGE, data={**form, "pairs-0-for_actor": edited})
    mails = {m["To"]: text_body(m) for m in read_outbox(outbox)}
    assert edited in mails["actor1@example.org"]
    assert "Occupation of mentor 1" not in mails["actor1@example.org"]
    assert "Profession: Occupation of actor 1" in mails["mentor1@example.org"]
    assert _statuses(app, world, [pair_id]) == ["invited"]


def test_a_repeat_sends_nothing_more(app, coordinator, world, outbox, five_pairs):
    form = as_a_browser_sends(coordinator, PAGE)
    assert coordinator.post(PAGE, data=form).status_code == 302
    assert len(read_outbox(outbox)) == 10
    # The same form again (a double click, the back button): nobody is invited twice.
    assert coordinator.post(PAGE + "?lang=en", data=form).status_code == 302
    assert len(read_outbox(outbox)) == 10
    page = coordinator.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "Nothing was sent: the pairs are invited already or have no kick-off yet." in page


def test_only_the_ticked_pairs_are_invited(app, coordinator, world, outbox, five_pairs):
    form = as_a_browser_sends(coordinator, PAGE)
    del form["pairs-1-chosen"]
    coordinator.post(PAGE, data=form)
    assert sorted(_statuses(app, world, five_pairs)) == ["invited"] * 4 + ["proposed"]
    assert len(read_outbox(outbox)) == 8


def test_a_pair_in_no_group_is_shown_and_waits(app, coordinator, world, outbox):
    [placed] = make_accepted_pairs(app, world, [("fi", "fi")])
    [free] = make_accepted_pairs(app, world, [("en", "en")], group=False)
    page = coordinator.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "Actor2 Surname + Mentor2 Surname" in page
    assert "Not in a group yet: not invited until the pair is placed in a group." in page
    assert page.count('type="checkbox"') == 1
    # Naming the free pair in the form (a stale page, a forged post) invites nobody.
    form = as_a_browser_sends(coordinator, PAGE)
    forged = {"pairs-1-pair_id": str(free), "pairs-1-chosen": "y", "pairs-1-for_actor": "Hi"}
    coordinator.post(PAGE, data={**form, **forged})
    assert _statuses(app, world, [placed, free]) == ["invited", "proposed"]
    assert sorted(m["To"] for m in read_outbox(outbox)) == [
        "actor1@example.org",
        "mentor1@example.org",
    ]


def test_choosing_no_pair_sends_nothing(app, coordinator, world, outbox, five_pairs):
    form = {k: v for k, v in as_a_browser_sends(coordinator, PAGE).items() if "chosen" not in k}
    assert coordinator.post(PAGE + "?lang=en", data=form).status_code == 302
    assert read_outbox(outbox) == []
    assert "Choose at least one pair." in coordinator.get(PAGE + "?lang=en").get_data(as_text=True)


def test_an_introduction_too_long_is_refused(app, coordinator, world, outbox, five_pairs):
    form = as_a_browser_sends(coordinator, PAGE, {"pairs-2-for_mentor": "x" * 2001})
    response = coordinator.post(PAGE + "?lang=en", data=form)
    assert response.status_code == 400
    assert "An introduction is too long." in response.get_data(as_text=True)
    assert read_outbox(outbox) == []
    assert _statuses(app, world, five_pairs) == ["proposed"] * 5


def test_the_page_reads_the_same_number_of_queries_for_any_number_of_pairs(app, coordinator, world):
    def queries() -> int:
        coordinator.get(PAGE)  # warm: the session and the tenant are read once
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            assert coordinator.get(PAGE).status_code == 200
        return counter.count

    make_accepted_pairs(app, world, [("fi", "sv")])
    make_accepted_pairs(app, world, [("fi", "en")], group=False)
    few = queries()
    make_accepted_pairs(app, world, LANGUAGES)
    make_accepted_pairs(app, world, LANGUAGES, group=False)
    assert queries() == few


def test_a_group_leader_may_not_send_joint_invitations(app, client, world):
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login(leader.email, tenant="alpha")
    assert client.get(PAGE).status_code == 403


def test_another_networks_pair_is_neither_shown_nor_invited(app, coordinator, world, outbox):
    make_accepted_pairs(app, world, [("fi", "fi")])
    with app.app_context():
        beta = db.session.get(Tenant, world.b.tenant_id)
        actor = make_person(beta, "Beta Actor", "beta.actor@example.org")
        mentor = make_person(beta, "Beta Mentor", "beta.mentor@example.org", role="mentor")
        with tenant_scope(beta.id):
            beta_pair = make_group_pair(world.b.group_id, actor, mentor, "proposed")
        db.session.commit()
    form = as_a_browser_sends(coordinator, PAGE)
    assert "Beta Actor" not in coordinator.get(PAGE).get_data(as_text=True)
    forged = {"pairs-1-pair_id": str(beta_pair), "pairs-1-chosen": "y"}
    coordinator.post(PAGE, data={**form, **forged})
    with app.app_context(), tenant_scope(world.b.tenant_id):
        assert db.session.get(Pair, beta_pair).status == "proposed"
    assert "beta.actor@example.org" not in [m["To"] for m in read_outbox(outbox)]


def test_a_pair_whose_group_has_no_kick_off_yet_waits(app, coordinator, world, outbox):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        group = Group(name="ALPHA2")
        db.session.add(group)
        db.session.commit()
        group_id = group.id
    [pair_id] = make_accepted_pairs(app, world, [("fi", "en")])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        moved = update(GroupPair).where(GroupPair.pair_id == pair_id).values(group_id=group_id)
        db.session.execute(moved)
        db.session.commit()
    page = coordinator.get(PAGE + "?lang=en").get_data(as_text=True)
    assert "In group ALPHA2, which has no kick-off meeting yet" in page
    assert 'type="checkbox"' not in page and "Send the invitations" not in page
    form = as_a_browser_sends(coordinator, PAGE)
    forged = {"pairs-0-pair_id": str(pair_id), "pairs-0-chosen": "y"}
    coordinator.post(PAGE, data={**form, **forged})
    assert _statuses(app, world, [pair_id]) == ["proposed"]
    assert read_outbox(outbox) == []
