"""Delivering outbox rows: claim, re-check, send over one connection, record.

A row moves queued → sending (with a lease) in one UPDATE, so two workers
never send the same row; its final state is committed right after the SMTP
server accepted it, so a killed worker re-sends at most the message it was in
the middle of, and only if the server had not accepted it yet. Rows stuck in
sending past their lease, and queued rows whose job never ran, are picked up
by the sweeper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache

from sqlalchemy import and_, bindparam, null, or_, select, update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.domains import record
from kaari.mail.links import LinkUnavailable, filled, mint_all
from kaari.mail.models import (
    MessageStatus,
    OutboxMessage,
    PlatformOutboxMessage,
)
from kaari.mail.services import address_digest, suppress, suppressed_among
from kaari.mail.transport import DeliveryError, PermanentFailure

log = logging.getLogger(__name__)

Message = OutboxMessage | PlatformOutboxMessage
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
DEFAULT_LEASE = timedelta(minutes=5)

# Checks run just before sending: each returns why the message is no longer
# wanted, or None. Domains that hold people register theirs (erasure, consent).
# The mail domain's own, an unsubscribed address for bulk mail, is checked for the
# whole batch at once when it is claimed (`unsubscribed`).
WANTED_CHECKS: list[Callable[[Message], str | None]] = []


def register_wanted_check(check: Callable[[Message], str | None]) -> None:
    """Add a check (from the owning domain's `init_app`; once per check)."""
    record("wanted_check", f"{check.__module__}.{check.__qualname__}")
    if check not in WANTED_CHECKS:
        WANTED_CHECKS.append(check)


def unsubscribed(messages: list[Message]) -> set[str]:
    """The addresses among a batch's bulk mail that are suppressed (unsubscribed or
    bounced): one query per batch, not one per message of a mailing."""
    bulk = [m.recipient for m in messages if isinstance(m, OutboxMessage) and m.bulk]
    return suppressed_among(bulk)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def claimable(model, now: datetime):
    return or_(
        and_(model.status == MessageStatus.QUEUED, model.next_attempt_at <= now),
        and_(model.status == MessageStatus.SENDING, model.lease_until < now),
    )


def claim(model, ids: list[int], *, lease: timedelta, now: datetime) -> list[int]:
    """Mark the deliverable rows among `ids` as ours for the lease; returns their ids."""
    claimed = db.session.scalars(
        update(model)
        .where(model.id.in_(ids), claimable(model, now))
        .values(status=MessageStatus.SENDING, lease_until=now + lease)
        .returning(model.id)
    ).all()
    db.session.commit()
    return list(claimed)


# Bodies as quoted-printable UTF-8: readable in .eml files, safe on any server.
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP
# Long header values (List-Unsubscribe) stay on one line rather than being folded.
UNFOLDED = compat32.clone(max_line_length=None, linesep="\r\n")


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


def message_id(message: Message, sender: str) -> str:
    """The same Message-ID on every attempt at one outbox row, so that if a message
    went out twice (the server took it, the receipt was lost with the process) the
    receiving side can tell the copies apart from a second message."""
    domain = sender.rpartition("@")[2] or "localhost"
    created = int(message.created_at.timestamp())
    return f"<{type(message).__tablename__}.{message.id}.{created}@{domain}>"


def as_email(
    message: Message,
    mail_from: str,
    links: dict[str, str] | None = None,
    *,
    sender_name: str | None = None,
) -> MIMEMultipart:
    """The MIME message for a row, its link markers filled with `links` (minted for
    this attempt, never stored). `sender_name` replaces MAIL_FROM's display name (a
    tenant's mail comes from the tenant by name, from the platform's address).
    The legacy email API is used on purpose: it is several times faster than
    EmailMessage, which matters for bulk delivery."""
    links = links or {}
    name, address = parseaddr(mail_from)
    email = MIMEMultipart("alternative", policy=UNFOLDED)
    email["Subject"] = _header(message.subject)
    # formataddr quotes a name with specials and RFC 2047-encodes one that is not ASCII.
    email["From"] = formataddr((sender_name or name, address), charset="utf-8")
    email["To"] = message.recipient
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message_id(message, address)
    email["Content-Language"] = message.language
    for header, value in message.headers.items():
        email[header] = _header(filled(value, links))
    email.attach(MIMEText(filled(message.text_body, links), "plain", UTF8_QP))
    email.attach(MIMEText(filled(message.html_body, links, html=True), "html", UTF8_QP))
    return email


_RECEIPT_COLUMNS = ("status", "attempts", "last_error", "sent_at", "next_attempt_at")


@cache
def _receipt_statement(table):
    """One prepared UPDATE per table for every outcome of a claimed row."""
    values = {column: bindparam(f"new_{column}") for column in _RECEIPT_COLUMNS}
    statement = table.update().where(table.c.id == bindparam("row_id"))
    if "tenant_id" in table.c:
        statement = statement.where(table.c.tenant_id == bindparam("row_tenant_id"))
    return statement.values(lease_until=None, updated_at=bindparam("new_updated_at"), **values)


def _finish(message: Message, **values) -> None:
    """Record a row's outcome and commit at once: the row is the delivery receipt.

    A prepared Core UPDATE of one claimed row by id (and tenant): delivery writes
    one per message, so the ORM's bulk-update machinery would dominate its cost."""
    params = {
        f"new_{column}": values.get(column, getattr(message, column)) for column in _RECEIPT_COLUMNS
    }
    params.update(
        row_id=message.id,
        row_tenant_id=getattr(message, "tenant_id", None),
        new_updated_at=utcnow(),
    )
    db.session.connection().execute(_receipt_statement(type(message).__table__), params)
    db.session.commit()


def deliver(
    model,
    ids: list[int],
    *,
    transport,
    mail_from: str,
    sender_name: str | None = None,
    lease: timedelta = DEFAULT_LEASE,
) -> dict[str, int]:
    """Deliver the given rows that are due; returns counts by outcome. `sender_name`:
    the name the mail comes from (the tenant's), instead of MAIL_FROM's."""
    now = utcnow()
    claimed = claim(model, ids, lease=lease, now=now)
    outcome = {
        MessageStatus.SENT: 0,
        MessageStatus.FAILED: 0,
        MessageStatus.CANCELLED: 0,
        MessageStatus.QUEUED: 0,
    }
    messages = db.session.scalars(
        select(model).where(model.id.in_(claimed)).order_by(model.id)
    ).all()
    suppressed = unsubscribed(list(messages))
    for index, message in enumerate(messages):
        checks = (check(message) for check in WANTED_CHECKS)
        unwanted = "unsubscribed" if message.bulk and message.recipient in suppressed else None
        reason = unwanted or next(filter(None, checks), None)
        if reason:
            _finish(message, status=MessageStatus.CANCELLED, last_error=reason)
            outcome[MessageStatus.CANCELLED] += 1
            continue
        try:
            links = mint_all(
                message.context, language=message.language, recipient=message.recipient
            )
        except LinkUnavailable:
            _finish(message, status=MessageStatus.CANCELLED, last_error="link unavailable")
            outcome[MessageStatus.CANCELLED] += 1
            continue
        try:
            transport.send(as_email(message, mail_from, links, sender_name=sender_name))
        except DeliveryError as error:
            outcome[_record_failure(message, error)] += 1
            if error.connection_lost:
                _release(messages[index + 1 :])
                outcome[MessageStatus.QUEUED] += len(messages) - index - 1
                break
        else:
            _finish(
                message,
                status=MessageStatus.SENT,
                sent_at=utcnow(),
                attempts=message.attempts + 1,
                last_error="",
            )
            outcome[MessageStatus.SENT] += 1
    return outcome


def _record_failure(message: Message, error: DeliveryError) -> str:
    attempts = message.attempts + 1
    if isinstance(error, PermanentFailure) or attempts >= MAX_ATTEMPTS:
        _finish(message, status=MessageStatus.FAILED, attempts=attempts, last_error=error.reason)
        log.warning("message %s failed for good: %s", message.id, error.reason)
        on_permanent_failure(message)
        return MessageStatus.FAILED
    _finish(
        message,
        status=MessageStatus.QUEUED,
        attempts=attempts,
        last_error=error.reason,
        next_attempt_at=utcnow() + backoff(attempts),
    )
    return MessageStatus.QUEUED


def _release(messages: list[Message]) -> None:
    """Give back rows not tried because the connection broke; they wait one backoff step."""
    if not messages:
        return
    model = type(messages[0])
    db.session.execute(
        update(model)
        .where(model.id.in_([m.id for m in messages]))
        .values(
            status=MessageStatus.QUEUED, lease_until=None, next_attempt_at=utcnow() + backoff(1)
        )
    )
    db.session.commit()


def on_permanent_failure(message: Message) -> None:
    """A bounced address gets no more bulk mail from the tenant."""
    if isinstance(message, OutboxMessage) and message.bulk:
        suppress(address_digest(message.recipient), "bounced")
        db.session.commit()


def due_messages(model, now: datetime, *, grace: timedelta) -> list[tuple[int | None, int]]:
    """(tenant id, message id) of rows a sweep should hand to delivery: retries that
    are due, fresh rows whose job seems lost, and rows whose lease ran out."""
    waiting = and_(
        model.status == MessageStatus.QUEUED,
        model.next_attempt_at <= now,
        or_(model.attempts > 0, model.updated_at <= now - grace),
    )
    expired_lease = and_(model.status == MessageStatus.SENDING, model.lease_until < now)
    tenant = model.tenant_id if model is OutboxMessage else null()
    query = select(tenant, model.id).where(or_(waiting, expired_lease)).order_by(model.id)
    return [(tenant_id, message_id) for tenant_id, message_id in db.session.execute(query)]
