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
from kaari.intake.services import coded, normalise_phone, send_registration_link
from kaari.participants import services as register
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant

ADDED_BY_STAFF = "added by staff"


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
    return f"{ADDED_BY_STAFF}: {entry.event.strip()}" if entry.event.strip() else ADDED_BY_STAFF


def add_person(
    tenant: Tenant, entry: NewPerson, *, send_link: bool, actor_id: int, ip: str = ""
) -> Person:
    """The person in the register as "contacted" (or "registration sent" when the link
    to complete the registration is mailed), with the consent as it was given."""
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
        link_sent=send_link and bool(person.email),
    )
    if send_link and person.email:
        send_registration_link(tenant, person)
        register.set_status(
            person, "registration_sent", reason=ADDED_BY_STAFF, actor_id=actor_id, ip=ip
        )
    return person
