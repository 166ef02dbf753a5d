"""Staff add a person who got in touch by email, by phone or on paper: the contact
details, the answers they have (any part of the registration form), how consent was
given and where the person came from. People already in the register with the same
email or phone are found before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.intake.models import Consent
from kaari.intake.services import (
    coded,
    complete_registration,
    normalise_phone,
    send_registration_link,
)
from kaari.participants import services as register
from kaari.participants.lifecycle import cause
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant


@dataclass(frozen=True)
class NewPerson:
    role: str
    name: str
    email: str
    municipality: str
    language: str
    answers: dict = field(default_factory=dict)
    target_group_id: int | None = None
    partner_id: int | None = None
    event: str = ""
    consent_channel: str = "phone"  # kept on the consent row as "staff-phone"
    consent_date: date | None = None
    notice_version: int = 1


def duplicates(email: str, phone: str) -> list[Person]:
    """People not erased who have the same email (any case) or the same phone number
    (compared in international form)."""
    found: dict[int, Person] = {}
    if email.strip():
        same_email = select(Person).where(
            func.lower(Person.email) == email.strip().lower(), Person.erased_at.is_(None)
        )
        found.update((person.id, person) for person in db.session.scalars(same_email))
    wanted = normalise_phone(phone) if phone.strip() else None
    if wanted:
        phones = db.session.execute(
            select(Person.id, Person.answers["phone"].as_string()).where(
                Person.erased_at.is_(None), Person.answers["phone"].as_string() != ""
            )
        )
        ids = [
            id_
            for id_, typed in phones
            if id_ not in found and normalise_phone(typed or "") == wanted
        ]
        if ids:
            same_phone = select(Person).where(Person.id.in_(ids))
            found.update((person.id, person) for person in db.session.scalars(same_phone))
    return sorted(found.values(), key=lambda person: person.id)


def _reason(entry: NewPerson) -> str:
    event = entry.event.strip()
    return cause("added_by_staff_from", event) if event else cause("added_by_staff")


def add_person(
    tenant: Tenant,
    entry: NewPerson,
    *,
    send_link: bool,
    complete: bool = False,
    actor_id: int,
    ip: str = "",
) -> Person:
    """The person in the register as "contacted", with the consent as it was given;
    "registered" when staff entered the whole registration form (`complete`), or
    "registration sent" when the link to complete it is mailed."""
    person = Person(
        role=entry.role,
        name=entry.name.strip(),
        email=entry.email.strip(),
        municipality=entry.municipality.strip(),
        language=entry.language,
        question="",
        status="",  # the history's first step is staff's
        target_group_id=entry.target_group_id,
        partner_id=entry.partner_id,
        answers={**entry.answers, **coded(entry.answers)},
    )
    db.session.add(person)
    db.session.flush()
    given = (
        datetime.combine(entry.consent_date, time(12), tzinfo=UTC) if entry.consent_date else None
    )
    db.session.add(
        Consent(
            person_id=person.id,
            form=f"staff-{entry.consent_channel}",
            notice_version=entry.notice_version,
            **({"given_at": given} if given else {}),
        )
    )
    reason = _reason(entry)
    register.set_status(person, "contacted", reason=reason, actor_id=actor_id, ip=ip)
    record(
        "person.added_by_staff",
        actor_id=actor_id,
        ip=ip,
        obj=person,
        consent=entry.consent_channel,
        link_sent=send_link and not complete and bool(person.email),
        complete=complete,
    )
    if complete:
        complete_entered(person, actor_id=actor_id, ip=ip)
    elif send_link and person.email:
        send_registration_link(tenant, person)
        register.set_status(
            person,
            "registration_sent",
            reason=cause("registration_link_sent"),
            actor_id=actor_id,
            ip=ip,
        )
    return person


def complete_entered(person: Person, *, actor_id: int, ip: str = "") -> None:
    """Staff entered the whole registration form: the registration is complete."""
    entered = cause("registration_entered")
    complete_registration(person, reason=entered, actor_id=actor_id, ip=ip)
