"""The way into a participant's portal: no password, an emailed link that expires.

A link can be asked for again on the tenant's site by typing one's email address;
the answer is the same whether or not the address is known, so the form tells
nobody who takes part.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from kaari import db
from kaari.audit.services import record
from kaari.db import utcnow
from kaari.mail.links import LinkUnavailable, PersonalLink, link_minter, tenant_url
from kaari.mail.services import send
from kaari.participants.models import Person, PortalLink
from kaari.tenancy.models import Tenant
from kaari.tokens import digest, new_token

# Whose portal has something in it: people who are or were in a pair.
PORTAL_STATUSES = ("matched", "in_group", "completed")


def issue(person: Person, *, days: int) -> str:
    """A new link for the person, valid for `days`; returns the raw token."""
    raw, token_digest = new_token()
    db.session.add(
        PortalLink(
            person_id=person.id,
            token_digest=token_digest,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    return raw


def personal_link(person: Person, *, days: int) -> PersonalLink:
    """A portal link for a mail: issued when the mail leaves (`mail.links`)."""
    return PersonalLink("portal", {"person_id": person.id, "days": days})


@link_minter("portal")
def mint_link(params: dict, language: str, _recipient: str) -> str:
    person = db.session.scalar(select(Person).where(Person.id == params["person_id"]))
    if person is None:
        raise LinkUnavailable
    return tenant_url("portal.enter", token=issue(person, days=params["days"]), language=language)


def send_link(person: Person, *, tenant: Tenant) -> None:
    """Mail the person a fresh link to their portal, in their language."""
    days = tenant.setting("portal_link_days")
    send(
        "portal_link",
        to=person,
        context={"name": person.name, "link": personal_link(person, days=days), "days": days},
    )


def link_for_token(raw: str) -> PortalLink | None:
    """The unexpired link a token names (in the tenant in scope), marked as used."""
    query = select(PortalLink).where(PortalLink.token_digest == digest(raw))
    link = db.session.scalar(query)
    if link is None or link.expires_at <= utcnow():
        return None
    link.used_at = link.used_at or utcnow()
    return link


def holder(link_id: int) -> Person | None:
    """The person a portal session belongs to, while its link is still valid."""
    query = (
        select(Person)
        .join(PortalLink, PortalLink.person_id == Person.id)
        .where(PortalLink.id == link_id, PortalLink.expires_at > utcnow())
    )
    return db.session.scalar(query)


def request_link(email: str, *, tenant: Tenant, ip: str = "") -> bool:
    """Someone typed an address on the site: mail a link if it belongs to a
    participant with a portal. Returns whether one was sent (never shown to them)."""
    query = select(Person).where(
        func.lower(Person.email) == email.strip().lower(),
        Person.status.in_(PORTAL_STATUSES),
    )
    people = db.session.scalars(query).all()
    for person in people:
        send_link(person, tenant=tenant)
        record("portal.link_requested", actor_id=None, ip=ip, obj=person)
    return bool(people)
