"""Mailings: written once by staff, sent to an audience, each person in their language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.db import utcnow
from kaari.core.i18n import pick
from kaari.core.jobs import enqueue
from kaari.core.scoping import cross_tenant, current_tenant_id
from kaari.mail.audiences import AUDIENCES
from kaari.mail.links import PersonalLink, Trusted, marker, shown, tenant_url
from kaari.mail.models import Mailing
from kaari.mail.services import Recipient, Rendered, render, send, unsubscribe_token
from kaari.tenancy.models import Tenant


def recipients(audience: dict) -> list[Recipient]:
    """The people a mailing's audience means now, each address once."""
    chosen = AUDIENCES[audience["key"]].recipients(audience.get("options", []))
    unique = {}
    for person in chosen:
        if person.email:  # an erased person's address is blank
            unique.setdefault(person.email.lower(), person)
    return list(unique.values())


def confirmation(audience: dict, count: int) -> str:
    """What a sender sees before sending: the audience and how many it reaches. A send
    whose confirmation differs (never previewed, the choice changed, people joined or
    left) shows the preview again instead of sending."""
    return f"{count}:{audience['key']}:{','.join(sorted(audience.get('options', [])))}"


def language_for(person: Recipient, tenant: Tenant) -> str:
    return person.language if person.language in tenant.languages else tenant.default_language


def _context(mailing_subject: dict, body: dict, language: str, tenant: Tenant) -> dict:
    return {
        "subject": pick(mailing_subject, language, tenant.default_language),
        "body": Trusted(pick(body, language, tenant.default_language)),
        "unsubscribe_link": PersonalLink("unsubscribe"),
    }


def unsubscribe_link(_params: dict, language: str, recipient: str) -> str:
    """The link opens its confirmation in the mail's language, not the browser's."""
    token = unsubscribe_token(current_tenant_id(), recipient)
    return tenant_url("mail_public.unsubscribe", token=token, language=language)


def preview(subject: dict, body: dict, tenant: Tenant) -> dict[str, Rendered]:
    """The mailing rendered as its recipients get it, in each of the tenant's languages
    (the unsubscribe link as the placeholder staff see for personal links)."""
    previews = {}
    for language in tenant.languages:
        context = _context(subject, body, language, tenant)
        rendered = render("mailing", language=language, tenant=tenant, context=context)
        previews[language] = Rendered(rendered.subject, shown(rendered.text), shown(rendered.html))
    return previews


def create(subject: dict, body: dict, audience: dict, *, created_by_id: int) -> Mailing:
    """Store the mailing; once the transaction commits, a job writes its messages
    (`mail.jobs.write_mailing`), so a large audience never holds up the request."""
    from kaari.mail.jobs import write_mailing

    mailing = Mailing(subject=subject, body=body, audience=audience, created_by_id=created_by_id)
    db.session.add(mailing)
    db.session.flush()
    enqueue(write_mailing, mailing.tenant_id, mailing.id)
    return mailing


def write_messages(mailing: Mailing, tenant: Tenant) -> int:
    """Queue one message per recipient of the audience as it is now, once: a mailing
    whose messages are written (`sent_at`) is left alone, and each message has its
    own idempotency key. Returns how many were written."""
    if mailing.sent_at is not None:
        return 0
    people = recipients(mailing.audience)
    for person in people:
        language = language_for(person, tenant)
        context = _context(mailing.subject, mailing.body, language, tenant)
        send(
            "mailing",
            to=person,
            language=language,
            context=context,
            bulk=True,
            mailing=mailing,
            key=f"mailing-{mailing.id}-{person.email.lower()}",
            headers={
                "List-Unsubscribe": f"<{marker('unsubscribe_link')}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    mailing.sent_at = utcnow()
    return len(people)


def unwritten(older_than: datetime) -> list[tuple[int, int]]:
    """(tenant id, mailing id) of every mailing, across tenants, whose messages are
    still unwritten since before `older_than` (its job was lost with Redis)."""
    query = select(Mailing.tenant_id, Mailing.id).where(
        Mailing.sent_at.is_(None), Mailing.created_at < older_than
    )
    with cross_tenant():
        return [(tenant_id, mailing_id) for tenant_id, mailing_id in db.session.execute(query)]


def lock(mailing_id: int) -> Mailing | None:
    """The mailing, locked until this transaction ends, so that a second job for it
    waits and then finds its messages written (PostgreSQL; SQLite has one writer)."""
    return db.session.get(Mailing, mailing_id, with_for_update=True)


def list_mailings(created_by_id: int | None = None) -> list[Mailing]:
    """Every mailing, or only those one staff member wrote."""
    query = select(Mailing).order_by(Mailing.created_at.desc())
    if created_by_id is not None:
        query = query.where(Mailing.created_by_id == created_by_id)
    return list(db.session.scalars(query))


def audience_summaries(audiences: Sequence[dict]) -> list[list[str]]:
    """Each audience in words: its label, then its chosen options' labels (the options
    of each kind of audience are read once, however many mailings there are)."""
    labels: dict[str, dict] = {}
    summaries = []
    for audience in audiences:
        known = AUDIENCES.get(audience.get("key", ""))
        if known is None:
            summaries.append([])
            continue
        if known.key not in labels:
            labels[known.key] = labels_of(known.options())
        by_value = labels[known.key]
        summaries.append(
            [str(known.label())]
            + [str(by_value.get(option, option)) for option in audience.get("options", [])]
        )
    return summaries
