"""The way into a participant's portal: no password, an emailed link that expires.

A link opens the portal once, on one device: exchanging it makes a portal session,
which lives on the server (`PortalSession`; the cookie carries its token, the table
only the digest). A link used a second time, say from a forwarded mail, gives no
access; it offers to mail a fresh link to the address on file. Signing out ends the
person's sessions on every device; staff, a withdrawal and erasure end the sessions
and the links (`end_access`).

A link can be asked for again on the tenant's site by typing one's email address;
the answer is the same whether or not the address is known, and the looking up
happens in a job after the answer (`kaari.participants.jobs`), so neither the
words nor the time of the answer tell anybody who takes part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.tokens import digest, new_token
from kaari.mail.links import LinkUnavailable, PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.participants.models import Person, PortalLink, PortalSession
from kaari.participants.settings import participants_settings
from kaari.tenancy.models import Tenant

# Whose portal has something in it: people who are or were in a pair.
PORTAL_STATUSES = ("matched", "in_group", "completed")
# How stale `last_seen_at` may get before a request writes it again.
SEEN_EVERY = timedelta(minutes=5)


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


def mint_link(params: dict, language: str, _recipient: str) -> str:
    person = db.session.scalar(select(Person).where(Person.id == params["person_id"]))
    if person is None:
        raise LinkUnavailable
    return tenant_url("portal.enter", token=issue(person, days=params["days"]), language=language)


def send_link(person: Person, *, tenant: Tenant) -> None:
    """Mail the person a fresh link to their portal, in their language."""
    days = participants_settings.get(tenant, "portal_link_days")
    send(
        "portal_link",
        to=person,
        context={"name": person.name, "link": personal_link(person, days=days), "days": days},
    )


def link_for_token(raw: str) -> PortalLink | None:
    """The link a token names (in the tenant in scope), used or not, expired or not."""
    return db.session.scalar(select(PortalLink).where(PortalLink.token_digest == digest(raw)))


def is_open(link: PortalLink) -> bool:
    """Whether the link can still be exchanged for a session."""
    return link.used_at is None and link.expires_at > utcnow()


def exchange(link: PortalLink, *, days: int, user_agent: str = "") -> str | None:
    """Use the link up and start a portal session of `days` on this device; returns
    the session's raw token, or None when the link was used or expired meanwhile
    (two devices at once: one wins, by a conditional update)."""
    now = utcnow()
    claimed = db.session.execute(
        update(PortalLink)
        .where(PortalLink.id == link.id, PortalLink.used_at.is_(None), PortalLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    raw, token_digest = new_token()
    db.session.add(
        PortalSession(
            person_id=link.person_id,
            token_digest=token_digest,
            expires_at=now + timedelta(days=days),
            device=device_of(user_agent),
        )
    )
    return raw


def session_for_token(raw: str) -> PortalSession | None:
    """The live portal session a cookie's token names (in the tenant in scope)."""
    query = select(PortalSession).where(
        PortalSession.token_digest == digest(raw),
        PortalSession.revoked_at.is_(None),
        PortalSession.expires_at > utcnow(),
    )
    return db.session.scalar(query)


def holder(portal_session: PortalSession) -> Person:
    """The person whose portal the session opens."""
    return db.session.get(Person, portal_session.person_id)


def seen(portal_session: PortalSession) -> bool:
    """Note that the session is in use; True when that changed the row."""
    now = utcnow()
    if now - portal_session.last_seen_at < SEEN_EVERY:
        return False
    portal_session.last_seen_at = now
    return True


def active_sessions(person: Person) -> list[PortalSession]:
    """The person's live portal sessions, the most recently used first."""
    query = select(PortalSession).where(
        PortalSession.person_id == person.id,
        PortalSession.revoked_at.is_(None),
        PortalSession.expires_at > utcnow(),
    )
    return list(db.session.scalars(query.order_by(PortalSession.last_seen_at.desc())))


@dataclass(frozen=True)
class Ended:
    sessions: int
    links: int


def end_access(
    person: Person, *, why: str, links: bool = True, actor_id: int | None, ip: str = ""
) -> Ended:
    """End the person's portal sessions on every device and, with `links`, the links
    that could still open one; audited with `why` ("signed_out", "staff", "status")."""
    now = utcnow()
    sessions = active_sessions(person)
    for portal_session in sessions:
        portal_session.revoked_at = now
    open_links = []
    if links:
        query = select(PortalLink).where(
            PortalLink.person_id == person.id,
            PortalLink.used_at.is_(None),
            PortalLink.expires_at > now,
        )
        open_links = list(db.session.scalars(query))
        for link in open_links:
            link.expires_at = now
    ended = Ended(len(sessions), len(open_links))
    record(
        "portal.ended",
        actor_id=actor_id,
        ip=ip,
        obj=person,
        why=why,
        sessions=ended.sessions,
        links=ended.links,
    )
    return ended


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


def renew(link: PortalLink, *, tenant: Tenant, ip: str = "") -> bool:
    """A used or expired link was opened: mail a fresh one to the address on file
    (never to the one who opened it), if the person still has a portal."""
    person = db.session.get(Person, link.person_id)
    if person.status not in PORTAL_STATUSES or person.erased_at is not None:
        return False
    send_link(person, tenant=tenant)
    record("portal.link_requested", actor_id=None, ip=ip, obj=person, via="old_link")
    return True


# Browser and system families, most specific first (Edge and Opera say "Chrome" too).
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("CrOS", "ChromeOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))  # fmt: skip


def device_of(user_agent: str) -> str:
    """The browser and system family, "Firefox, Android": all that is kept of a device."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)
