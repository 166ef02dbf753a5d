"""People who never finish: whoever was sent the registration link and has not sent the
form after the tenant's `registration_reminder_days` gets one friendly reminder, with a
fresh link minted when the mail leaves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.intake.models import RegistrationLink
from kaari.intake.settings import intake_settings
from kaari.mail.links import PersonalLink
from kaari.mail.models import OutboxMessage
from kaari.mail.services import send
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from kaari.tenancy.recurring import count_in_each_tenant

TEMPLATE = "registration_reminder"


def due(tenant: Tenant) -> list[Person]:
    """People whose first registration link left more than the setting's days ago,
    who have not sent the form and have not been reminded."""
    before = utcnow() - timedelta(days=intake_settings.get(tenant, "registration_reminder_days"))
    first_link = (
        select(func.min(RegistrationLink.created_at))
        .where(RegistrationLink.person_id == Person.id)
        .scalar_subquery()
    )
    reminded = exists().where(
        OutboxMessage.person_id == Person.id, OutboxMessage.template == TEMPLATE
    )
    query = select(Person).where(
        Person.status == "registration_sent",
        Person.email != "",
        Person.erased_at.is_(None),
        first_link <= before,
        ~reminded,
    )
    return list(db.session.scalars(query.order_by(Person.id)))


def remind(*, tenant: Tenant) -> int:
    people = due(tenant)
    for person in people:
        send(
            TEMPLATE,
            to=person,
            key=f"{TEMPLATE}-{person.id}",
            context={
                "name": person.name,
                "link": PersonalLink("registration", {"person_id": person.id}),
            },
        )
    return len(people)


def remind_unfinished() -> int:
    """The recurring job: the reminders of every tenant."""
    return count_in_each_tenant(remind)
