"""Intake: the public contact form and the personal registration link.

Plain functions; the views pass in what the request knows (IP, base URL).
"""

from __future__ import annotations

import re
from datetime import timedelta

import phonenumbers
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.tokens import digest, new_token
from kaari.intake.models import Consent, RegistrationLink
from kaari.intake.settings import intake_settings
from kaari.mail.links import LinkUnavailable, PersonalLink, Trusted, tenant_url
from kaari.mail.services import send
from kaari.participants import services as register
from kaari.participants.models import EDITABLE_STATUSES, Person
from kaari.taxonomy import services as taxonomy
from kaari.tenancy.models import Tenant
from kaari.tenancy.services import fitting_target_group
from kaari.tenancy.settings import tenancy_settings

LINK_LIFETIME = timedelta(days=60)
DUPLICATE_WINDOW = timedelta(hours=24)
# Words that suggest someone expects job placement rather than mentoring (fi, sv, en).
JOB_PLACEMENT = re.compile(
    r"työpaik|työtä heti|tarvitsen työ|anna minulle työ|jobb nu|ett jobb|arbete nu|"
    r"job now|need a job|give me a job|find me a job|job placement|hire me",
    re.IGNORECASE,
)


def suggests_job_placement(text: str) -> bool:
    return bool(JOB_PLACEMENT.search(text or ""))


def normalise_phone(raw: str) -> str | None:
    """The number in international form, or None if it is not a valid number."""
    try:
        number = phonenumbers.parse(raw, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _recent_contact(email: str) -> Person | None:
    since = utcnow() - DUPLICATE_WINDOW
    query = select(Person).where(
        func.lower(Person.email) == email.lower(), Person.created_at >= since
    )
    return db.session.scalar(query.order_by(Person.id.desc()).limit(1))


def waiting_count(role: str) -> int:
    query = (
        select(func.count())
        .select_from(Person)
        .where(Person.role == role, Person.status.in_(("registered", "waiting")))
    )
    return db.session.scalar(query) or 0


def contact(
    tenant: Tenant,
    *,
    role: str,
    name: str,
    email: str,
    municipality: str,
    question: str,
    language: str,
    partner_id: int | None = None,
    eligibility: dict[str, str] | None = None,
    contact_answers: dict | None = None,
    ip: str = "",
) -> tuple[Person, bool]:
    """Register a contact and mail the reply with a personal link.

    The same address again within a day gives the first person back (False),
    without a second person or a second mail.
    """
    existing = _recent_contact(email)
    if existing is not None:
        return existing, False
    person = Person(
        role=role,
        name=name.strip(),
        email=email.strip(),
        municipality=municipality.strip(),
        question=question.strip(),
        language=language,
        wants_job_placement=suggests_job_placement(question),
        status="",  # the first step of the history below
        partner_id=partner_id,
        answers={
            key: value
            for key, value in (("eligibility", eligibility), ("contact", contact_answers))
            if value
        },
    )
    if role == "actor":
        group = fitting_target_group(eligibility or {})
        person.target_group_id = group.id if group else None
        person.outside_target_groups = group is None
    db.session.add(person)
    db.session.flush()
    db.session.add(
        Consent(
            person_id=person.id,
            form="contact",
            notice_version=tenancy_settings.get(tenant, "privacy_notice_version"),
        )
    )
    register.set_status(person, "contacted", actor_id=None, ip=ip)
    send_registration_link(tenant, person)
    register.set_status(person, "registration_sent", actor_id=None, ip=ip)
    return person, True


def send_registration_link(tenant: Tenant, person: Person) -> None:
    """The reply with the personal link to the registration form (once per person)."""
    send(
        "intake_reply",
        to=person,
        key=f"intake-reply-{person.id}",
        context={
            "name": person.name,
            "role": person.role,
            "link": PersonalLink("registration", {"person_id": person.id}),
            "job_placement": person.wants_job_placement,
            "waiting": waiting_count(person.role),
            "wait_months": intake_settings.get(tenant, "expected_wait_months"),
            "introduction": Trusted(tenant.text("tagline", person.language)),
        },
    )


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """The registration form's link, issued at delivery."""
    person = register.get_person(params["person_id"])
    if person is None:
        raise LinkUnavailable
    return tenant_url("intake.register", token=issue_link(person), language=language)


def issue_link(person: Person) -> str:
    raw, token_digest = new_token()
    db.session.add(
        RegistrationLink(
            person_id=person.id, token_digest=token_digest, expires_at=utcnow() + LINK_LIFETIME
        )
    )
    return raw


def person_for_link(raw_token: str) -> Person | None:
    """The person of a live link in the tenant in scope, or None."""
    link = db.session.scalar(
        select(RegistrationLink).where(RegistrationLink.token_digest == digest(raw_token))
    )
    if link is None or link.expires_at < utcnow():
        return None
    return register.get_person(link.person_id)


def can_edit(person: Person) -> bool:
    return person.status in EDITABLE_STATUSES


# Answers chosen from a code list also keep the code, for matching and reports.
CODED_ANSWERS = {
    "occupation": taxonomy.occupations,
    "wished_field": taxonomy.occupations,
    "education_field": taxonomy.education_fields,
}


def code_lists(language: str) -> dict[str, list[str]]:
    """The labels the forms' occupation and education fields propose (their datalists)."""
    return {
        "occupations": [c.label(language) for c in taxonomy.most_detailed(taxonomy.occupations())],
        "education_fields": [
            c.label(language) for c in taxonomy.most_detailed(taxonomy.education_fields())
        ],
    }


def coded(answers: dict) -> dict:
    return {
        f"{name}_code": taxonomy.parse(answers[name], codes())
        for name, codes in CODED_ANSWERS.items()
        if name in answers
    }


def coded_labels(answers: dict, language: str) -> dict:
    """The coded answers named in the reader's language, whatever language the person
    chose them in ("2142 Rakennusinsinöörit" for "2142 Civil engineers")."""
    labels = {
        name: taxonomy.label_of(answers.get(f"{name}_code"), codes(), language)
        for name, codes in CODED_ANSWERS.items()
    }
    return {name: label for name, label in labels.items() if label}


def save_answers(person: Person, answers: dict, *, submitted: bool) -> None:
    """Keep what was typed; a submitted form moves the person to 'registered'."""
    person.answers = {**person.answers, **answers, **coded(answers)}
    if submitted:
        complete_registration(person, actor_id=None)


def registration_open(person: Person) -> bool:
    """The person has not completed the registration form yet."""
    return person.status in ("contacted", "registration_sent")


def complete_registration(
    person: Person, *, actor_id: int | None, reason: str = "", ip: str = ""
) -> None:
    """The registration form is complete: submitted by the person, or entered whole by
    staff from a paper form or a phone call (the reason says which)."""
    person.answers = {**person.answers, "_submitted": True}
    if person.registered_at is None:
        person.registered_at = utcnow()
    if registration_open(person):
        register.set_status(person, "registered", reason=reason, actor_id=actor_id, ip=ip)
