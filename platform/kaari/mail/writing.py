"""Writing a mailing's messages: by the thousand, resumable, never twice.

A mailing to 20,000 people is 20,000 outbox rows. They are written in batches of
`BATCH` recipients: one query reads a batch (in id order, after the last one
written), one multi-row INSERT writes its messages, and the commit hands them to
delivery (`deliver_after_commit`). The message is the same for everyone who reads
one language (the personal unsubscribe link is a marker, minted at delivery), so
it is rendered once per language.

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

from sqlalchemy import Insert, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from kaari.core import db
from kaari.core.db import utcnow
from kaari.mail.mailings import (
    UNSUBSCRIBE_HEADERS,
    count,
    language_for,
    message_for,
    recipient_model,
    recipients,
)
from kaari.mail.models import Mailing, OutboxMessage
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
    rows = _rows_by_language(mailing, tenant)
    key, tenant_id = f"mailing-{mailing.id}-", tenant.id
    db.session.commit()
    query = recipients(mailing.audience)
    model = recipient_model(query)
    columns = query.with_only_columns(model.id, model.email, model.language).order_by(model.id)
    written, after = 0, 0
    while batch := db.session.execute(columns.where(model.id > after).limit(BATCH)).all():
        after = batch[-1].id
        ids = _insert(
            [
                {
                    **rows[language_for(person, tenant)],
                    "recipient": person.email,
                    "idempotency_key": f"{key}{person.email.lower()}",
                    _recipient_column(model): person.id,
                }
                for person in batch
            ]
        )
        for message_id in ids:
            deliver_after_commit(tenant_id, message_id)
        mailing.writing_until = utcnow() + LEASE
        db.session.commit()
        written += len(ids)
    mailing.sent_at, mailing.writing_until = utcnow(), None
    db.session.commit()
    return written


def _rows_by_language(mailing: Mailing, tenant: Tenant) -> dict[str, dict]:
    """The columns every recipient reading a language shares, by language."""
    headers = dict(UNSUBSCRIBE_HEADERS)
    if tenant.contact_email:
        headers["Reply-To"] = tenant.contact_email
    rows = {}
    for language in tenant.languages:
        rendered, context = message_for(mailing, language, tenant)
        now = utcnow()
        rows[language] = {
            "tenant_id": tenant.id,
            "mailing_id": mailing.id,
            "language": language,
            "subject": rendered.subject,
            "text_body": rendered.text,
            "html_body": rendered.html,
            "template": "mailing",
            "context": storable(context),
            "headers": headers,
            "bulk": True,
            "created_at": now,
            "updated_at": now,
            "next_attempt_at": now,
            "person_id": None,
            "user_id": None,
        }
    return rows


def _recipient_column(model) -> str:
    """Where a message remembers its recipient: a person's or a staff account's id."""
    return "person_id" if model.__tablename__ == "people" else "user_id"


def _insert(rows: list[dict]) -> list[int]:
    """Insert the rows in one multi-row statement, skipping every row whose
    idempotency key the tenant has already; returns the ids of the new ones."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement: Insert = (
        dialect.insert(OutboxMessage)
        .on_conflict_do_nothing(index_elements=["tenant_id", "idempotency_key"])
        .returning(OutboxMessage.id)
    )
    return list(db.session.scalars(statement, rows))
