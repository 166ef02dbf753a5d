"""Putting a rendered message on the wire: SMTP from MAIL_URL, else .eml files."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kaari.db import utcnow
from kaari.tokens import new_token


def deliver(message: EmailMessage, *, mail_url: str | None, outbox_dir: str) -> None:
    if mail_url:
        _send_smtp(message, mail_url)
    else:
        _write_eml(message, Path(outbox_dir))


def _send_smtp(message: EmailMessage, mail_url: str) -> None:
    url = urlsplit(mail_url)
    host, port = url.hostname or "localhost", url.port
    context = ssl.create_default_context()
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port or 465, timeout=30, context=context)
    else:
        client = smtplib.SMTP(host, port or 25, timeout=30)
    with client:
        if url.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def _write_eml(message: EmailMessage, outbox: Path) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{new_token()[1][:8]}.eml"
    (outbox / name).write_bytes(message.as_bytes())
