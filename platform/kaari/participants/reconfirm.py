"""Re-confirming interest: before matching, people who registered long ago are asked
whether they still want to take part; their answer updates the register."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.signing import Signed
from kaari.mail.links import PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.participants import services
from kaari.participants.models import Person

ANSWER_LIFETIME = timedelta(days=30)
ANSWERS = ("yes", "no")
ANSWER_LINK = Signed("reconfirm", ANSWER_LIFETIME)


def registration_age_days(person: Person) -> int:
    return (utcnow() - (person.registered_at or person.created_at)).days


def is_due(person: Person, after_days: int) -> bool:
    """Registered long enough ago that interest should be checked before matching."""
    fresh = person.reconfirmed_at and (utcnow() - person.reconfirmed_at).days < after_days
    return (
        person.status in ("registered", "waiting")
        and not fresh
        and (registration_age_days(person) >= after_days)
    )


def due_ids(after_days: int) -> set[int]:
    """Everyone `is_due` holds for, by id, in one query (the same rule in SQL): a list
    of thousands can say who needs asking without loading them."""
    since = utcnow() - timedelta(days=after_days)
    query = select(Person.id).where(
        Person.status.in_(("registered", "waiting")),
        func.coalesce(Person.registered_at, Person.created_at) <= since,
        or_(Person.reconfirmed_at.is_(None), Person.reconfirmed_at <= since),
    )
    return set(db.session.scalars(query))


def mint_link(params: dict, _language: str, _recipient: str) -> str:
    """A yes or no answer link, signed at delivery."""
    token = ANSWER_LINK.dumps([params["person_id"], params["tenant_id"]])
    return tenant_url("participants_public.interest", token=token, answer=params["answer"])


def ask(person: Person, *, actor_id: int, ip: str = "") -> None:
    """Mail the person links to answer yes or no."""
    person.reconfirm_asked_at = utcnow()
    ids = {"person_id": person.id, "tenant_id": person.tenant_id}
    send(
        "reconfirm",
        to=person,
        context={
            "name": person.name,
            "yes_link": PersonalLink("reconfirm", {**ids, "answer": "yes"}),
            "no_link": PersonalLink("reconfirm", {**ids, "answer": "no"}),
            "days": ANSWER_LIFETIME.days,
        },
    )
    record("person.reconfirm_asked", actor_id=actor_id, ip=ip, obj=person)


def person_for_token(token: str, *, tenant_id: int) -> Person | None:
    ids = ANSWER_LINK.tenant_fields(token, tenant_id, 1)
    return None if ids is None else services.get_person(ids[0])


def answer(person: Person, value: str, *, ip: str = "") -> None:
    """Record the person's own answer: still interested, or withdraw."""
    if value == "yes":
        person.reconfirmed_at = utcnow()
        if person.status == "registered":
            services.set_status(
                person, "waiting", reason="re-confirmed interest", actor_id=None, ip=ip
            )
    elif person.status not in ("withdrawn", "completed"):
        services.set_status(
            person,
            "withdrawn",
            reason="answered the re-confirmation: no longer interested",
            actor_id=None,
            ip=ip,
        )
