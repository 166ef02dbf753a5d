"""What a proposed pair partner sees before either has accepted: the first name and
only the answers the person agreed at registration to share (issue 18). The
volunteer mentor does not get the actor's education, work history and goals by
default. The coordinator may edit the introduction before sending (tests/programme/
test_joint_invitations.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from tests.helpers import Client, first_link, invite_in_group, make_person, read_outbox, text_body
from tests.matching.conftest import propose

EDUCATION = "Doctorate in hydrology, University of Aleppo"
WORK = "Head of water works in Homs for eleven years"
GOALS = "Wants to lead a municipal water utility"
OWN_WORDS = "I like long walks and good bridges."
WORKPLACE = "Bridge Works Oy, Espoo"

ACTOR = {
    "phone": "040 123 4567",
    "address": "Mannerheimintie 1, Helsinki",
    "birth_year": "1980",
    "occupation": "2142 Civil engineers",
    "education_field": "",
    "education_abroad": EDUCATION,
    "work_abroad": WORK,
    "goals": GOALS,
    "situation": "unemployed",
    "finnish_level": "b1",
    "interests": "Chess",
    "pair_introduction": OWN_WORDS,
}


def _register(app, client: Client, world, outbox, shared: list[str]) -> int:
    """An actor joins and registers through the public pages, choosing what to share."""
    client.submit(
        "/alpha/join",
        {
            "role": "actor",
            "name": "Rania Khalil",
            "email": "rania@example.org",
            "municipality": "Vantaa",
            "language": "fi",
            "consent": "y",
        },
    )
    reply = next(m for m in read_outbox(outbox) if m["To"] == "rania@example.org")
    link = re.search(r"http://localhost(/alpha/register/\S+)", text_body(reply)).group(1)
    form = client.get(link).get_data(as_text=True)
    assert 'name="share_with_pair"' in form
    response = client.submit(link, {**ACTOR, "share_with_pair": shared, "submit": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        person = db.session.scalar(select(Person).where(Person.email == "rania@example.org"))
        assert person.answers["share_with_pair"] == shared
        person.status = "waiting"  # the coordinator's interview, not under test here
        db.session.commit()
        return person.id


@pytest.fixture
def mentor(app, world) -> int:
    """A mentor registered before the question existed: shares the minimal set."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person = make_person(
            tenant,
            "Veikko Virtanen",
            "veikko@example.org",
            role="mentor",
            answers={
                "occupation": "2142 Civil engineers",
                "occupation_code": "2142",
                "education": "MSc, Aalto University",
                "workplace": WORKPLACE,
                "interests": "Rowing",
                "birth_year": "1965",
                "situation": "employed_own_field",
            },
        )
        db.session.commit()
        return person.id


def _invite(app, client: Client, world, outbox, actor_id: int, mentor_id: int) -> dict:
    """The coordinator proposes and accepts the pair, puts it in the group and sends the
    joint invitation as prefilled; the invitations as each member received them."""
    client.login(world.a.coordinator.email, tenant="alpha")
    run_url = propose(client)
    client.submit(run_url + "/accept", {"actor": actor_id, "mentor": mentor_id}, form_url=run_url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair_id = db.session.scalar(select(Pair.id).where(Pair.actor_id == actor_id))
    invite_in_group(client, "alpha", world.a.group_id, pair_id)
    return {m["To"]: m for m in read_outbox(outbox) if "/alpha/pair/" in text_body(m)}


def test_the_mentor_sees_only_the_minimal_set_by_default(app, client, world, outbox, mentor):
    actor_id = _register(app, client, world, outbox, ["field", "languages", "introduction"])
    mails = _invite(app, client, world, outbox, actor_id, mentor)
    to_mentor = text_body(mails["veikko@example.org"])
    assert "Rania" in to_mentor and "Khalil" not in to_mentor  # the first name only
    assert "2142 Civil engineers" in to_mentor and OWN_WORDS in to_mentor
    for secret in (EDUCATION, WORK, GOALS, "Chess", "040 123 4567", "Mannerheimintie"):
        assert secret not in to_mentor
    # The mentor never chose: the actor sees no workplace or education of theirs.
    to_actor = text_body(mails["rania@example.org"])
    assert "Veikko" in to_actor and "Virtanen" not in to_actor
    assert WORKPLACE not in to_actor and "Aalto" not in to_actor and "Rowing" not in to_actor
    # The answer page behind the link shows no more than the mail.
    client.logout()
    page = client.get(first_link(mails["veikko@example.org"])).get_data(as_text=True)
    assert OWN_WORDS in page and EDUCATION not in page and GOALS not in page


def test_what_the_actor_agreed_to_share_reaches_the_mentor(app, client, world, outbox, mentor):
    actor_id = _register(app, client, world, outbox, ["field", "work", "goals"])
    to_mentor = text_body(
        _invite(app, client, world, outbox, actor_id, mentor)["veikko@example.org"]
    )
    assert WORK in to_mentor and GOALS in to_mentor
    assert EDUCATION not in to_mentor and OWN_WORDS not in to_mentor


def test_sharing_nothing_leaves_only_the_first_name(app, client, world, outbox, mentor):
    actor_id = _register(app, client, world, outbox, [])
    to_mentor = text_body(
        _invite(app, client, world, outbox, actor_id, mentor)["veikko@example.org"]
    )
    assert "Rania" in to_mentor
    for secret in (EDUCATION, WORK, GOALS, OWN_WORDS, "2142 Civil engineers"):
        assert secret not in to_mentor
