"""Putting messages on the wire: SMTP from MAIL_URL, or .eml files without it.

An SMTP connection is kept per process and reused by every batch a worker
delivers; it is checked with NOOP and re-opened when the server dropped it.
Failures are sorted into temporary (4xx, timeouts, refused connections: retry
later) and permanent (5xx: give up and tell staff).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from email.message import Message
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kaari.core.db import utcnow
from kaari.core.tokens import new_token

SMTP_TIMEOUT = 30
IDLE_CHECK_SECONDS = 5


class DeliveryError(Exception):
    def __init__(self, reason: str, *, connection_lost: bool = False):
        super().__init__(reason)
        self.reason = reason[:500]
        self.connection_lost = connection_lost


class TemporaryFailure(DeliveryError):
    """Try again later."""


class PermanentFailure(DeliveryError):
    """The server refused for good (5xx)."""


def _describe(code: int, message: bytes | str) -> str:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return f"{code} {text}".strip()


def _classified(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(error.recipients.values()))
        kind = PermanentFailure if code >= 500 else TemporaryFailure
        return kind(_describe(code, message))
    if isinstance(error, smtplib.SMTPResponseException):
        kind = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
        return kind(_describe(error.smtp_code, error.smtp_error))
    return TemporaryFailure(f"{type(error).__name__}: {error}", connection_lost=True)


class FileTransport:
    """Development: every message becomes an .eml file in the outbox folder."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def send(self, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{new_token()[1][:8]}.eml"
        (self.folder / name).write_bytes(message.as_bytes())

    def close(self) -> None:
        pass


class SmtpTransport:
    """SMTP over one reused connection (smtp:// with STARTTLS when offered, smtps://)."""

    def __init__(self, url: str):
        self.url = urlsplit(url)
        self.client: smtplib.SMTP | None = None
        self.last_used = 0.0

    def _connect(self) -> smtplib.SMTP:
        host, port = self.url.hostname or "localhost", self.url.port
        context = ssl.create_default_context()
        if self.url.scheme == "smtps":
            client = smtplib.SMTP_SSL(host, port or 465, timeout=SMTP_TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(host, port or 25, timeout=SMTP_TIMEOUT)
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
        if self.url.username:
            client.login(unquote(self.url.username), unquote(self.url.password or ""))
        return client

    def verify(self) -> None:
        """Connect, greet, sign in and leave: `kaari check` tries the settings this way.
        Raises a DeliveryError saying what failed."""
        try:
            self._connect().quit()
        except (smtplib.SMTPException, OSError) as error:
            raise _classified(error) from error

    def _ready(self) -> smtplib.SMTP:
        """The open connection; after a pause, first checked with NOOP (servers drop
        idle clients)."""
        if self.client is not None and time.monotonic() - self.last_used > IDLE_CHECK_SECONDS:
            try:
                if self.client.noop()[0] != 250:
                    self.close()
            except (smtplib.SMTPException, OSError):
                self.close()
        if self.client is None:
            self.client = self._connect()
        return self.client

    def send(self, message: Message) -> None:
        sender = parseaddr(message["From"])[1]
        try:
            self._ready().sendmail(sender, [message["To"]], message.as_bytes())
            self.last_used = time.monotonic()
        except (smtplib.SMTPException, OSError) as error:
            classified = _classified(error)
            if classified.connection_lost:
                self.close()
            raise classified from error

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.client.quit()
            self.client = None


_transports: dict[str, SmtpTransport] = {}


def transport_for(mail_url: str | None, outbox_dir: str) -> FileTransport | SmtpTransport:
    """The process's transport for this configuration (SMTP connections are reused)."""
    if not mail_url:
        return FileTransport(outbox_dir)
    if mail_url not in _transports:
        _transports[mail_url] = SmtpTransport(mail_url)
    return _transports[mail_url]
