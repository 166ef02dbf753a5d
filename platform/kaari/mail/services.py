"""Sending mail: one `send()` for every domain.

`send()` renders a template from templates/mail/ in the recipient's language
and writes a row to the outbox in the caller's transaction. After commit the
new rows are delivered in batches: inline without Redis, by RQ workers with
it (see `mail.delivery` and `mail.jobs`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Protocol, TypeVar

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import Select, func, literal, select, union_all

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import batch_after_commit, run_or_enqueue
from kaari.core.paging import PAGE_SIZE, Page, Position, page_of
from kaari.core.scoping import current_tenant_id
from kaari.core.signing import Signed
from kaari.mail.links import LINKS_KEY, PersonalLink, Trusted, marker
from kaari.mail.models import (
    Mailing,
    MessageColumns,
    MessageStatus,
    OutboxMessage,
    PlatformOutboxMessage,
    Suppression,
)
from kaari.tenancy.models import Tenant

BATCH_SIZE = 200
Message = TypeVar("Message", bound=MessageColumns)


class Recipient(Protocol):
    email: str
    language: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(template: str, *, language: str, context: dict, tenant: Tenant | None) -> Rendered:
    """Render templates/mail/<template>.subject.txt, .txt and the HTML layout.

    Personal links become markers (`mail.links`). Values that came from someone
    else and hold a web address are kept out of `linkify` in the HTML part: they are
    rendered as stand-ins first and put back escaped, so only the template's own and
    the tenant's (`Trusted`) addresses become links."""
    stand_ins: dict[str, str] = {}
    values = _with_stand_ins(_with_markers(context), stand_ins, f"\ue000{secrets.token_hex(4)}:")
    with force_locale(language):
        values = {**values, "tenant": tenant, "language": language}
        subject = render_template(f"mail/{template}.subject.txt", **values).strip()
        text = one_line_ending(render_template(f"mail/{template}.txt", **values))
        html = render_template("mail/layout.html", mail_text=text, **values)
    for stand_in, public in stand_ins.items():
        value = one_line_ending(public)
        subject = subject.replace(stand_in, value)
        text = text.replace(stand_in, value)
        html = html.replace(stand_in, html_lines(value))
    return Rendered(" ".join(subject.split()), text, html)


def one_line_ending(text: str) -> str:
    """`text` with every line ending a plain newline (a mailing typed in a browser
    comes with CR LF), so that paragraphs and lines are found alike in every mail."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_lines(text: str) -> str:
    """Plain text escaped for the HTML part, its line breaks kept as <br>."""
    return "<br>\n".join(str(escape(line)) for line in text.split("\n"))


WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def _with_markers(context: dict) -> dict:
    return {
        key: marker(key) if isinstance(value, PersonalLink) else value
        for key, value in context.items()
    }


def _with_stand_ins(value, stand_ins: dict[str, str], prefix: str):
    """`value` with every untrusted string that holds a web address replaced by a
    stand-in (recorded in `stand_ins`), through plain dicts, lists and tuples."""
    if isinstance(value, str) and not isinstance(value, Trusted) and WEB_ADDRESS.search(value):
        stand_in = f"{prefix}{len(stand_ins)}\ue001"
        stand_ins[stand_in] = value
        return stand_in
    if type(value) is dict:
        return {key: _with_stand_ins(item, stand_ins, prefix) for key, item in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_with_stand_ins(item, stand_ins, prefix) for item in value)
    return value


def _tenant_in_scope() -> Tenant | None:
    tenant_id = current_tenant_id()
    return db.session.get(Tenant, tenant_id) if tenant_id is not None else None


def send(
    template: str,
    *,
    to: str | Recipient,
    context: dict,
    language: str | None = None,
    key: str | None = None,
    bulk: bool = False,
    mailing: Mailing | None = None,
    headers: dict | None = None,
) -> OutboxMessage | PlatformOutboxMessage:
    """Queue a message in the current transaction; it leaves after commit.

    `to` is an address or a person (anything with `email` and `language`).
    Personal links are given as `PersonalLink` values in the context: the stored
    message holds a marker (`mail.links.marker(key)`, usable in `headers` too), and
    the link is minted at delivery.
    The same `key` asked twice gives the first message back, not a second one.
    A tenant in scope makes it the tenant's mail (footer, Reply-To, outbox).
    """
    tenant = _tenant_in_scope()
    model: type[OutboxMessage] | type[PlatformOutboxMessage] = (
        OutboxMessage if tenant else PlatformOutboxMessage
    )
    if key is not None:
        existing = _queued(model, key)
        if existing is not None:
            return existing
    address = to if isinstance(to, str) else to.email
    # A user or a person (mapped rows) is remembered on the message by its id.
    table, recipient_id = getattr(to, "__tablename__", ""), getattr(to, "id", None)
    language = (
        language or getattr(to, "language", None) or (tenant.default_language if tenant else "fi")
    )
    rendered = render(template, language=language, context=context, tenant=tenant)
    all_headers = dict(headers or {})
    if tenant is not None and tenant.contact_email:
        all_headers.setdefault("Reply-To", tenant.contact_email)
    message = model(
        recipient=address,
        language=language,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        template=template,
        context=storable(context),
        headers=all_headers,
        bulk=bulk,
        idempotency_key=key,
        user_id=recipient_id if table == "users" else None,
    )
    if isinstance(message, OutboxMessage):
        message.mailing_id = mailing.id if mailing is not None else None
        message.person_id = recipient_id if table == "people" else None
    db.session.add(message)
    db.session.flush()
    deliver_after_commit(tenant.id if tenant else None, message.id)
    return message


def _queued(model: type[Message], key: str) -> Message | None:
    """The message queued earlier under this idempotency key, if any."""
    return db.session.scalar(select(model).where(model.idempotency_key == key))


def storable(context: dict) -> dict:
    """The context as JSON-safe values (kept to explain what a message was about);
    personal links as their specs under LINKS_KEY, so delivery can mint them."""
    links = {key: value.spec() for key, value in context.items() if isinstance(value, PersonalLink)}
    stored = {
        key: marker(key)
        if isinstance(value, PersonalLink)
        else value
        if isinstance(value, str | int | float | bool | None)
        else str(value)
        for key, value in context.items()
    }
    return {**stored, LINKS_KEY: links} if links else stored


def deliver_after_commit(tenant_id: int | None, message_id: int) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as Flask

    def deliver(ids: list[int]) -> None:
        from kaari.mail.jobs import deliver_messages

        for start in range(0, len(ids), BATCH_SIZE):
            run_or_enqueue(app, deliver_messages, tenant_id, ids[start : start + BATCH_SIZE])

    batch_after_commit(f"kaari-mail-{tenant_id}", message_id, deliver)


# Unsubscribing ------------------------------------------------------------


def address_digest(email: str) -> str:
    """A keyed hash of an address: suppressions are matched without storing addresses."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


# No expiry: an unsubscribe link in an old message must still work.
UNSUBSCRIBE_LINK = Signed("unsubscribe")


def unsubscribe_token(tenant_id: int, email: str) -> str:
    return UNSUBSCRIBE_LINK.dumps([tenant_id, address_digest(email)])


def digest_for_unsubscribe(tenant_id: int, token: str) -> str | None:
    """The address digest a token stands for, if it is genuine and for this tenant."""
    fields = UNSUBSCRIBE_LINK.fields(token, 2)
    if fields is None or fields[0] != tenant_id:
        return None
    return fields[1]


def suppress(digest: str, reason: str) -> None:
    """Stop bulk mail to an address (by digest) in the tenant in scope; idempotent."""
    query = select(Suppression.id).where(Suppression.address_digest == digest)
    if db.session.scalar(query) is None:
        db.session.add(Suppression(address_digest=digest, reason=reason))


def suppressed_among(emails: list[str]) -> set[str]:
    """Those of the addresses that get no bulk mail from the tenant in scope (one
    query for a whole delivery batch)."""
    if not emails:
        return set()
    digests = {address_digest(email): email for email in emails}
    query = select(Suppression.address_digest).where(Suppression.address_digest.in_(digests))
    return {digests[digest] for digest in db.session.scalars(query)}


# Staff views of the outbox ------------------------------------------------


def status_counts(mailing: Mailing) -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.mailing_id == mailing.id)
        .group_by(OutboxMessage.status)
    )
    return dict(rows.all())


# The recipients' order on a mailing's page: what needs a look (failures) first.
STATE_ORDER = ("failed", "sending", "queued", "cancelled", "sent")


def mailing_recipients(mailing: Mailing, position: Position, state: str = "") -> Page:
    """One page of a mailing's recipients, failures first, in `state` only when given:
    the columns the progress page shows (no subjects or bodies), one statement.

    Each state is read on its own, in id order from the index on (tenant, mailing,
    state, id), at most a page of it, and the states' rows merged: a page costs the
    same at 20,000 recipients as at fifty (a sort by a state's rank would read them
    all)."""
    forward = position.forward
    bound = position.after if forward else position.before
    branches = [
        _state_rows(mailing, rank, status, bound, forward)
        for rank, status in enumerate(STATE_ORDER)
        if status == state or not state
        if bound is None or (rank >= bound[0] if forward else rank <= bound[0])
    ]
    if not branches:  # a position past the asked-for state's (a URL edited by hand)
        return mailing_recipients(mailing, Position(), state)
    merged = union_all(*branches).subquery()
    keys = (merged.c.rank, merged.c.id)
    order = keys if forward else tuple(key.desc() for key in keys)
    rows = list(db.session.execute(select(merged).order_by(*order).limit(PAGE_SIZE + 1)))
    page = page_of(rows, _recipient_key, position, PAGE_SIZE)
    return page if page is not None else mailing_recipients(mailing, Position(), state)


def _state_rows(
    mailing: Mailing, rank: int, status: str, bound: tuple[int, ...] | None, forward: bool
) -> Select:
    """Up to a page and one of the mailing's recipients in `status` from `bound` (the
    state's rank, an id) on, in id order."""
    query = select(
        OutboxMessage.id,
        OutboxMessage.recipient,
        OutboxMessage.language,
        OutboxMessage.status,
        OutboxMessage.last_error,
        literal(rank).label("rank"),
    ).where(OutboxMessage.mailing_id == mailing.id, OutboxMessage.status == status)
    if bound is not None and rank == bound[0]:
        query = query.where(OutboxMessage.id > bound[1] if forward else OutboxMessage.id < bound[1])
    order = OutboxMessage.id.asc() if forward else OutboxMessage.id.desc()
    return query.order_by(order).limit(PAGE_SIZE + 1).subquery().select()


def _recipient_key(row) -> tuple[int, int]:
    return row.rank, row.id


def retry_failed(mailing: Mailing) -> int:
    """Queue the mailing's failed messages again; returns how many."""
    failed = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.mailing_id == mailing.id, OutboxMessage.status == MessageStatus.FAILED
        )
    ).all()
    tenant_id = current_tenant_id()
    for message in failed:
        message.status, message.attempts, message.last_error = MessageStatus.QUEUED, 0, ""
        message.next_attempt_at = utcnow()
        deliver_after_commit(tenant_id, message.id)
    return len(failed)


def messages_about(person_id: int) -> list[OutboxMessage]:
    """A participant's mail history, newest first."""
    query = select(OutboxMessage).where(OutboxMessage.person_id == person_id)
    return list(db.session.scalars(query.order_by(OutboxMessage.created_at.desc())))


def recent_messages(limit: int = 100) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def get_message(message_id: int) -> OutboxMessage | None:
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))
