"""The outbox: every message is a row first, written with the change that causes it.

Tenant mail lives in `outbox_messages` (tenant-owned); the few platform mails
(password resets from the platform sign-in) in `platform_outbox_messages`.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.core.vocabulary import Vocabulary
from kaari.mail.links import LINKS_KEY, shown
from kaari.privacy.registry import Rows, delete_rows, model_rows, person_data


class MessageStatus(Vocabulary):
    QUEUED = "queued", _l("Waiting")
    SENDING = "sending", _l("Being sent")
    SENT = "sent", _l("Sent")
    FAILED = "failed", _l("Failed")
    CANCELLED = "cancelled", _l("Cancelled")


class MessageColumns:
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(80))
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    bulk: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=MessageStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    @declared_attr
    def user_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class OutboxMessage(TenantOwned, MessageColumns, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_outbox_messages_tenant_status", "tenant_id", "status", "next_attempt_at"),
        Index("ix_outbox_messages_mailing", "mailing_id"),
        # A mailing's progress: counts by state and each state's recipients in order.
        Index(
            "ix_outbox_messages_tenant_mailing_status", "tenant_id", "mailing_id", "status", "id"
        ),
    )

    mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailings.id", ondelete="SET NULL"), default=None
    )
    # The participant the message concerns (their mail history; erasure deletes it).
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), default=None, index=True
    )


class PlatformOutboxMessage(MessageColumns, Base):
    __tablename__ = "platform_outbox_messages"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index("ix_platform_outbox_messages_status", "status", "next_attempt_at"),
    )


class Mailing(TenantOwned, Base):
    """A message staff write once and send to an audience, each in their language."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    body: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When every message was written (`mail.writing`), how many people the audience
    # had then, and the lease of the job writing them meanwhile.
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    recipient_count: Mapped[int | None] = mapped_column(default=None)
    writing_until: Mapped[datetime | None] = mapped_column(default=None)


class Suppression(TenantOwned, Base):
    """An address that gets no more bulk mail from this tenant (unsubscribed, bounced).

    Only a keyed hash of the address is kept: the list itself holds no addresses.
    """

    __tablename__ = "mail_suppressions"
    __table_args__ = (UniqueConstraint("tenant_id", "address_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


_outbox_rows = model_rows(OutboxMessage, OutboxMessage.person_id)


def mails_sent(person_id: int) -> Rows:
    """The person's mail as the export shows it: each personal link a placeholder."""
    return [_links_hidden(row) for row in _outbox_rows(person_id)]


def _links_hidden(value):
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {key: _links_hidden(item) for key, item in value.items() if key != LINKS_KEY}
    return value


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        OutboxMessage,
        OutboxMessage.person_id,
        title=_l("Mails sent"),
        purpose=_l("Communicating with the person"),
        erasure=delete_rows,
        rows=mails_sent,
        summary=("created_at", "recipient", "subject", "status"),
    ),
)
