"""Target groups: an actor's answers place them in a group or flag them as outside
every group; the machine never rejects, the coordinator decides and refers kindly."""

from __future__ import annotations

from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.tenancy.models import TargetGroup, Tenant
from tests.helpers import read_outbox, text_body

QUESTIONS = [
    {"key": "woman", "text": {"fi": "Oletko nainen?", "en": "Are you a woman?"}},
    {"key": "degree", "text": {"fi": "Onko sinulla tutkinto?", "en": "Do you have a degree?"}},
]
JOIN = {
    "role": "actor",
    "name": "Noor",
    "email": "noor@example.org",
    "municipality": "Espoo",
    "language": "en",
    "consent": "y",
}


def _setup(app, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add(
            TargetGroup(
                key="women",
                name={"fi": "Naiset", "en": "Women"},
                description={"fi": "-"},
                questions=QUESTIONS,
            )
        )
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.texts = {**tenant.texts, "other_services": {"en": "Try the city's job club."}}
        db.session.commit()


def _person(app, world) -> Person:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Person).where(Person.email == "noor@example.org"))


def test_an_actor_answering_yes_is_placed_in_the_group(app, client, world):
    _setup(app, world)
    html = client.get("/alpha/join?lang=en").get_data(as_text=True)
    assert "Are you a woman?" in html
    client.submit("/alpha/join", {**JOIN, "eligibility_woman": "yes", "eligibility_degree": "yes"})
    person = _person(app, world)
    assert person.target_group_id is not None and not person.outside_target_groups


def test_an_actor_outside_every_group_is_flagged_not_rejected(app, client, world, outbox):
    _setup(app, world)
    response = client.submit(
        "/alpha/join", {**JOIN, "eligibility_woman": "no", "eligibility_degree": "yes"}
    )
    assert response.status_code == 302
    person = _person(app, world)
    assert person.outside_target_groups and person.status == "registration_sent"

    client.login(world.a.coordinator.email, tenant="alpha")
    assert "Noor" in client.get("/alpha/staff/participants/?outside=1").get_data(as_text=True)
    url = f"/alpha/staff/participants/{person.id}"
    client.submit(f"{url}/refer-onward", form_url=url)
    referral = [m for m in read_outbox(outbox) if "city's job club" in text_body(m)]
    assert len(referral) == 1 and referral[0]["Content-Language"] == "en"
    assert _person(app, world).status == "outside_target_group"


def test_actors_must_answer_the_questions_but_mentors_need_not(app, client, world):
    _setup(app, world)
    response = client.submit("/alpha/join", JOIN)
    assert response.status_code == 400
    assert 'id="eligibility_woman-error"' in response.get_data(as_text=True)
    response = client.submit("/alpha/join", {**JOIN, "role": "mentor"})
    assert response.status_code == 302
    assert _person(app, world).target_group_id is None
