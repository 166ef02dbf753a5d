"""Writing a mailing's messages: by the thousand, resumable, never twice.

A mailing to 20,000 people is 20,000 outbox rows. They are written in batches of
`BATCH` recipients: one query reads a batch's ids (the audience's query, in id order,
after the last batch), one INSERT ... SELECT writes its messages, and the commit
hands them to delivery (`deliver_after_commit`). The message is the same for
everyone who reads one language (the personal unsubscribe link is a marker, minted
at delivery), so it is rendered once per language and bound once per statement:
20,000 messages are about 20 small statements, not 40,000 round trips.

Idempotency is in the INSERT itself: every message has the key
`mailing-<id>-<address>`, unique per tenant, and a row whose key exists is skipped
(ON CONFLICT DO NOTHING). A job killed half-way (RQ's timeout, a deploy) leaves its
committed batches; the next job writes the rest and no one twice, and an address
two people share gets one message.

The job holds a lease on the mailing (`writing_until`), renewed with every batch:
the outbox sweep gives the mailing to a new job only once the lease ran out, and a
second job that finds it held leaves it alone. The mailing page shows progress as
the messages written so far (`status_counts`) of `recipient_count`.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Insert, Table, bindparam, case, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kaari.core import db
from kaari.core.db import utcnow
from kaari.mail.mailings import (
    UNSUBSCRIBE_HEADERS,
    count,
    message_for,
    recipient_model,
    recipients,
)
from kaari.mail.models import Mailing, MessageStatus, OutboxMessage
from kaari.mail.services import deliver_after_commit, storable
from kaari.tenancy.models import Tenant

BATCH = 1000
LEASE = timedelta(minutes=2)


def claim(mailing_id: int) -> Mailing | None:
    """The mailing, leased to this job, if its messages are unwritten and no other
    job holds it (committed at once, so that other jobs see the lease)."""
    now = utcnow()
    claimed = db.session.scalar(
        update(Mailing)
        .where(
            Mailing.id == mailing_id,
            Mailing.sent_at.is_(None),
            or_(Mailing.writing_until.is_(None), Mailing.writing_until < now),
        )
        .values(writing_until=now + LEASE)
        .returning(Mailing.id)
    )
    db.session.commit()
    return db.session.get(Mailing, claimed) if claimed is not None else None


def write_messages(mailing: Mailing, tenant: Tenant) -> int:
    """Write one message per address of the audience as it is now, batch by batch,
    each batch committed; returns how many this job wrote."""
    mailing.recipient_count = count(mailing.audience)
    query = recipients(mailing.audience)
    model = recipient_model(query)
    first_ids = query.with_only_columns(model.id).order_by(model.id).limit(BATCH)
    insert = _insert_batch(mailing, tenant, model.__table__)
    tenant_id = tenant.id
    db.session.commit()
    written, after = 0, 0
    while batch := db.session.scalars(first_ids.where(model.id > after)).all():
        after = batch[-1]
        ids = db.session.scalars(insert, {"batch": batch}).all()
        for message_id in ids:
            deliver_after_commit(tenant_id, message_id)
        mailing.writing_until = utcnow() + LEASE
        db.session.commit()
        written += len(ids)
    mailing.sent_at, mailing.writing_until = utcnow(), None
    db.session.commit()
    return written


def _insert_batch(mailing: Mailing, tenant: Tenant, recipients: Table) -> Insert:
    """INSERT ... SELECT of the messages to the recipients whose ids are bound as
    `batch` (chosen by the audience's query, in the tenant's scope): their address and
    id, their language (the tenant's default if the tenant has not theirs), and that
    language's version of the mailing, bound once; every row whose idempotency key
    the tenant has already is skipped. Returns the new messages' ids."""
    outbox = OutboxMessage.__table__
    language = case(
        (recipients.c.language.in_(tenant.languages), recipients.c.language),
        else_=literal(tenant.default_language),
    )
    versions = {code: _version(mailing, code, tenant) for code in tenant.languages}

    def by_language(column: str):
        type_ = outbox.c[column].type
        return case(
            {code: literal(version[column], type_) for code, version in versions.items()},
            value=language,
        )

    headers = dict(UNSUBSCRIBE_HEADERS)
    if tenant.contact_email:
        headers["Reply-To"] = tenant.contact_email
    now = utcnow()
    recipient_id = "person_id" if recipients.name == "people" else "user_id"
    values = {
        "tenant_id": literal(tenant.id),
        "mailing_id": literal(mailing.id),
        "recipient": recipients.c.email,
        "language": language,
        **{column: by_language(column) for column in VERSIONED},
        "template": literal("mailing"),
        "headers": literal(headers, outbox.c.headers.type),
        "bulk": literal(True),
        "status": literal(MessageStatus.QUEUED.value),
        "attempts": literal(0),
        "last_error": literal(""),
        "idempotency_key": literal(f"mailing-{mailing.id}-") + func.lower(recipients.c.email),
        "created_at": literal(now, outbox.c.created_at.type),
        "updated_at": literal(now, outbox.c.updated_at.type),
        "next_attempt_at": literal(now, outbox.c.next_attempt_at.type),
        recipient_id: recipients.c.id,
    }
    chosen = select(*values.values()).where(
        recipients.c.id.in_(bindparam("batch", expanding=True)),
        *([recipients.c.tenant_id == tenant.id] if "tenant_id" in recipients.c else []),
    )
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return (
        dialect.insert(outbox)
        .from_select(list(values), chosen, include_defaults=False)
        .on_conflict_do_nothing(index_elements=["tenant_id", "idempotency_key"])
        .returning(outbox.c.id)
    )


# The columns that differ by the recipient's language.
VERSIONED = ("subject", "text_body", "html_body", "context")


def _version(mailing: Mailing, language: str, tenant: Tenant) -> dict:
    rendered, context = message_for(mailing, language, tenant)
    return {
        "subject": rendered.subject,
        "text_body": rendered.text,
        "html_body": rendered.html,
        "context": storable(context),
    }
