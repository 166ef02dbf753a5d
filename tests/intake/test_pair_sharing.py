"""The registration form asks each role which answers a proposed pair may see, keeps
the choice with the registration and shows the person what is shared (issue 18)."""

from __future__ import annotations

import re

from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from tests.helpers import Client, read_outbox, text_body
from tests.intake.test_registration import ACTOR

MENTOR = {
    "phone": "040 765 4321",
    "education": "MSc, Aalto University",
    "occupation": "2142 Civil engineers",
    "workplace": "Bridge Works Oy",
    "wished_field": "2142 Civil engineers",
    "other_fields": "yes",
    "situation": "employed_own_field",
}


def _link(client, outbox, role: str, email: str) -> str:
    client.submit(
        "/alpha/join",
        {
            "role": role,
            "name": "Sami Salo",
            "email": email,
            "municipality": "Espoo",
            "language": "en",
            "consent": "y",
        },
    )
    message = next(m for m in read_outbox(outbox) if m["To"] == email)
    return re.search(r"http://localhost(/alpha/register/\S+)", text_body(message)).group(1)


def _answers(app, world, email: str) -> dict:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Person).where(Person.email == email)).answers


def _person_id(app, world, email: str) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Person.id).where(Person.email == email))


def _choices(html: str) -> list[str]:
    return re.findall(r'name="share_with_pair"[^>]*value="(\w+)"', html) or re.findall(
        r'value="(\w+)"[^>]*name="share_with_pair"', html
    )


def _checked(html: str) -> list[str]:
    return [
        value
        for tag in re.findall(r"<input[^>]*share_with_pair[^>]*>", html)
        if "checked" in tag
        for value in re.findall(r'value="(\w+)"', tag)
    ]


def test_each_role_is_asked_its_own_question_with_the_minimal_set_ticked(client, world, outbox):
    actor_form = client.get(_link(client, outbox, "actor", "a@example.org")).get_data(as_text=True)
    mentor_form = client.get(_link(client, outbox, "mentor", "m@example.org")).get_data(
        as_text=True
    )
    assert _choices(actor_form) == [
        "field",
        "languages",
        "introduction",
        "education",
        "work",
        "goals",
        "interests",
    ]
    assert _choices(mentor_form) == [
        "field",
        "languages",
        "introduction",
        "education",
        "workplace",
        "interests",
    ]
    assert _checked(actor_form) == _checked(mentor_form) == ["field", "languages", "introduction"]
    assert 'name="pair_introduction"' in actor_form and 'name="pair_introduction"' in mentor_form
    other_form = client.get(_link(client, outbox, "other", "o@example.org")).get_data(as_text=True)
    assert "share_with_pair" not in other_form  # no pair, no question


def test_the_choice_is_stored_and_shown_back_to_the_person(app, client, world, outbox):
    link = _link(client, outbox, "mentor", "m@example.org")
    response = client.submit(
        link,
        {
            **MENTOR,
            "share_with_pair": ["field", "workplace"],
            "pair_introduction": "Bridges are my life.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    answers = _answers(app, world, "m@example.org")
    assert answers["share_with_pair"] == ["field", "workplace"]
    assert answers["pair_introduction"] == "Bridges are my life."
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What your proposed pair sees" in thanks
    assert "My workplace" in thanks and "My profession and field of education" in thanks
    assert "The languages I speak" not in thanks
    # Staff read the choice with the other answers (the portal's "Your data" asks it as the form did).
    staff = Client(app)
    staff.login(world.a.coordinator.email, tenant="alpha")
    person_id = _person_id(app, world, "m@example.org")
    page = staff.get(f"/alpha/staff/participants/{person_id}?lang=en").get_data(as_text=True)
    assert "What the proposed pair may see" in page and "My workplace" in page
    # The person may change their mind while the answers can still be corrected.
    assert _checked(client.get(link).get_data(as_text=True)) == ["field", "workplace"]
    client.submit(link, {**MENTOR, "share_with_pair": ["languages"], "submit": "1"})
    assert _answers(app, world, "m@example.org")["share_with_pair"] == ["languages"]


def test_an_unknown_choice_is_refused(app, client, world, outbox):
    link = _link(client, outbox, "actor", "a@example.org")
    response = client.submit(link, {**ACTOR, "share_with_pair": ["phone"], "submit": "1"})
    assert response.status_code == 400
    assert "share_with_pair" not in _answers(app, world, "a@example.org")
