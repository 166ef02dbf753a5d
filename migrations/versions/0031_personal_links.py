"""links: no personal link is kept in the outbox; survey links get random tokens

Mail used to be stored as it was sent, personal links and all, so anyone who could
read a stored message (the subject-access export, the outbox pages, a database copy)
could open the link. From now on a message keeps a marker where its link goes and,
in its context under "_links", what the link is for; the delivery step mints the link
(`kaari.mail.links`). This migration turns the stored rows of both outboxes into that
form: each URL in a row's context becomes a marker, in the context, the text and
HTML bodies and the headers, and what it was for is read from the row (the template,
the ids signed into the old token, or the row the token's digest names). Sent rows
then show "[personal link]" and open nothing. Queued rows stay deliverable: their
links are minted afresh when they leave, and the old token in them is never sent.
A link whose purpose cannot be told stays a marker without a spec and is shown as a
placeholder. Password-reset idempotency keys held the token; they hold its digest.

Survey links were signed tokens naming the recipient; they become random tokens kept
as SHA-256 digests (`survey_recipients.token_digest`, and `portal_token_digest` for
the link the participant portal shows). Old survey links stop working: the reminder
and the portal give new ones.

The downgrade drops the two columns; the redacted links cannot come back.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from itsdangerous import BadData
from itsdangerous.encoding import base64_decode

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

LINKS_KEY = "_links"
URL = re.compile(r"^https?://\S+$")
DEFAULT_PORTAL_DAYS = 30


def _outbox(name: str, *, tenant_owned: bool) -> sa.Table:
    columns = [
        sa.column("id", sa.Integer),
        sa.column("template", sa.String),
        sa.column("context", sa.JSON),
        sa.column("headers", sa.JSON),
        sa.column("text_body", sa.Text),
        sa.column("html_body", sa.Text),
        sa.column("idempotency_key", sa.String),
    ]
    if tenant_owned:
        columns += [sa.column("tenant_id", sa.Integer), sa.column("person_id", sa.Integer)]
    return sa.table(name, *columns)


OUTBOX = _outbox("outbox_messages", tenant_owned=True)
PLATFORM_OUTBOX = _outbox("platform_outbox_messages", tenant_owned=False)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _token(url: str) -> str:
    """The token of a personal link: its last path segment."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _signed(url: str) -> list:
    """The ids signed into an old token (read without the key: only to know which
    link to mint again; the token itself is dropped)."""
    try:
        payload = json.loads(base64_decode(_token(url).split(".", 1)[0]))
    except (BadData, ValueError):
        return []
    return payload if isinstance(payload, list) else []


def _row_id(connection, table: str, url: str, tenant_id: int) -> int | None:
    """The row of `table` (of the message's tenant) whose digest the token has."""
    query = sa.text(f"SELECT id FROM {table} WHERE token_digest = :digest AND tenant_id = :tenant")
    return connection.scalar(query, {"digest": _digest(_token(url)), "tenant": tenant_id})


Spec = Callable[[sa.engine.Connection, dict, str, dict], "dict | None"]


def _portal(_connection, row: dict, _url: str, context: dict) -> dict | None:
    days = context.get("days") if isinstance(context.get("days"), int) else DEFAULT_PORTAL_DAYS
    if row.get("person_id") is None:
        return None
    return {"purpose": "portal", "params": {"person_id": row["person_id"], "days": days}}


def _by_digest(purpose: str, table: str, param: str) -> Spec:
    def spec(connection, row: dict, url: str, _context: dict) -> dict | None:
        found = _row_id(connection, table, url, row["tenant_id"])
        return None if found is None else {"purpose": purpose, "params": {param: found}}

    return spec


def _by_signature(purpose: str, names: tuple[str, ...]) -> Spec:
    def spec(_connection, _row: dict, url: str, _context: dict) -> dict | None:
        values = _signed(url)
        if len(values) < len(names):
            return None
        return {"purpose": purpose, "params": dict(zip(names, values, strict=False))}

    return spec


def _registration(_connection, row: dict, _url: str, _context: dict) -> dict | None:
    if row.get("person_id") is None:
        return None
    return {"purpose": "registration", "params": {"person_id": row["person_id"]}}


def _reconfirm(_connection, _row: dict, url: str, _context: dict) -> dict | None:
    values = _signed(url)
    answer = re.search(r"[?&]answer=(yes|no)", url)
    if len(values) < 2 or answer is None:
        return None
    params = {"person_id": values[0], "tenant_id": values[1], "answer": answer.group(1)}
    return {"purpose": "reconfirm", "params": params}


def _unsubscribe(*_args) -> dict:
    return {"purpose": "unsubscribe", "params": {}}


def _survey(connection, row: dict, url: str, _context: dict) -> dict | None:
    """Old survey tokens named the recipient; the row must still be the person's."""
    values = _signed(url)
    if not values or row.get("person_id") is None:
        return None
    query = sa.text("SELECT id FROM survey_recipients WHERE id = :id AND person_id = :person")
    found = connection.scalar(query, {"id": values[0], "person": row["person_id"]})
    return None if found is None else {"purpose": "survey", "params": {"recipient_id": found}}


# (template, context key) -> how to tell what the link was for.
SPECS: dict[tuple[str, str], Spec] = {
    ("portal_link", "link"): _portal,
    ("pair_nudge", "link"): _portal,
    ("data_copy", "link"): _by_digest("data_copy", "data_requests", "request_id"),
    ("intake_reply", "link"): _registration,
    ("survey_link", "link"): _survey,
    ("survey_reminder", "link"): _survey,
    ("meeting_invitation", "link"): _by_signature("meeting_rsvp", ("invitation_id",)),
    ("meeting_reminder", "link"): _by_signature("meeting_rsvp", ("invitation_id",)),
    ("pair_invitation", "link"): _by_signature("pair_answer", ("pair_id", "person_id")),
    ("pair_reminder", "link"): _by_signature("pair_answer", ("pair_id", "person_id")),
    ("mentor_shortlist", "link"): _by_signature("mentor_shortlist", ("person_id", "tenant_id")),
    ("follow_up", "link"): _by_signature("follow_up", ("follow_up_id",)),
    ("reconfirm", "yes_link"): _reconfirm,
    ("reconfirm", "no_link"): _reconfirm,
    ("mailing", "unsubscribe_link"): _unsubscribe,
    ("staff_invitation", "link"): _by_digest("staff_invitation", "invitations", "invitation_id"),
    ("password_reset", "link"): _by_signature("password_reset", ("user_id",)),
}


def _replace(text: str, url: str, mark: str) -> str:
    escaped = html.escape(url, quote=True)
    text = text.replace(f'<a href="{escaped}">{escaped}</a>', mark)
    return text.replace(url, mark).replace(escaped, mark)


def redacted(connection, row: dict) -> dict | None:
    """The new values of one outbox row (None when it holds no link)."""
    context = dict(row["context"] or {})
    links = dict(context.get(LINKS_KEY) or {})
    text, html_body = row["text_body"], row["html_body"]
    headers = dict(row["headers"] or {})
    key = row["idempotency_key"]
    changed = False
    for name, value in list(context.items()):
        if not isinstance(value, str) or not URL.match(value):
            continue
        changed = True
        mark = f"[[link:{name}]]"
        spec = SPECS.get((row["template"], name))
        found = spec(connection, row, value, context) if spec else None
        if found is not None:
            links[name] = found
        context[name] = mark
        text, html_body = _replace(text, value, mark), _replace(html_body, value, mark)
        headers = {header: _replace(v, value, mark) for header, v in headers.items()}
        if key and _token(value) in key:
            key = key.replace(_token(value), _digest(_token(value)))
    if not changed:
        return None
    if links:
        context[LINKS_KEY] = links
    return {
        "context": context,
        "headers": headers,
        "text_body": text,
        "html_body": html_body,
        "idempotency_key": key,
    }


def redact_outboxes(connection) -> int:
    """Turn the personal links in both outboxes into markers; returns rows changed."""
    changed = 0
    for table in (OUTBOX, PLATFORM_OUTBOX):
        for row in connection.execute(sa.select(table)).mappings().all():
            values = redacted(connection, dict(row))
            if values is not None:
                connection.execute(table.update().where(table.c.id == row["id"]).values(**values))
                changed += 1
    return changed


def _across_tenants(on: bool) -> None:
    """On PostgreSQL the owner is subject to the forced row-level security too."""
    if op.get_bind().dialect.name == "postgresql":
        flag = "on" if on else "off"
        op.execute(sa.text(f"SELECT set_config('app.cross_tenant', '{flag}', true)"))


def upgrade() -> None:
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("portal_token_digest", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_survey_recipients_token_digest"), ["token_digest"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_recipients_portal_token_digest"),
            ["portal_token_digest"],
            unique=False,
        )
    _across_tenants(True)
    redact_outboxes(op.get_bind())
    _across_tenants(False)


def downgrade() -> None:
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_recipients_portal_token_digest"))
        batch_op.drop_index(batch_op.f("ix_survey_recipients_token_digest"))
        batch_op.drop_column("portal_token_digest")
        batch_op.drop_column("token_digest")
