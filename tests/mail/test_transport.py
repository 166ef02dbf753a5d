"""Mail leaves through real SMTP (aiosmtpd here), or as .eml files without MAIL_URL."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kaari.core.db import utcnow
from kaari.mail.delivery import as_email
from kaari.mail.models import PlatformOutboxMessage
from kaari.mail.services import render
from kaari.mail.transport import FileTransport, PermanentFailure, SmtpTransport, TemporaryFailure


class Collector(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def _reset_message(app, language: str):
    with app.test_request_context():
        rendered = render(
            "password_reset",
            language=language,
            context={"link": "http://localhost/password/reset/abc", "hours": 1},
            tenant=None,
        )
    row = PlatformOutboxMessage(
        id=1,
        recipient="someone@example.org",
        language=language,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        template="password_reset",
        headers={},
        created_at=utcnow(),
    )
    return as_email(row, "Kaari <no-reply@localhost>")


def test_a_message_is_delivered_over_smtp(app, smtp_server, tmp_path):
    controller, handler = smtp_server
    message = _reset_message(app, "en")
    transport = SmtpTransport(f"smtp://{controller.hostname}:{controller.port}")
    transport.send(message)
    transport.send(_reset_message(app, "fi"))
    transport.close()
    received, finnish = handler.messages
    assert finnish["Content-Language"] == "fi"
    assert received["To"] == "someone@example.org"
    assert received["Content-Language"] == "en"
    assert received.is_multipart()
    plain = received.get_payload()[0].get_payload(decode=True).decode()
    assert "http://localhost/password/reset/abc" in plain


def test_without_mail_url_messages_become_eml_files(app, tmp_path):
    FileTransport(str(tmp_path)).send(_reset_message(app, "fi"))
    [path] = tmp_path.glob("*.eml")
    assert b"someone@example.org" in path.read_bytes()


def test_an_unreachable_smtp_server_is_a_temporary_failure(app):
    transport = SmtpTransport(f"smtp://127.0.0.1:{_free_port()}")
    with pytest.raises(TemporaryFailure) as error:
        transport.send(_reset_message(app, "fi"))
    assert error.value.connection_lost


class Refusing(Collector):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 no such mailbox" if "gone" in address else "451 4.3.0 try later"


def test_smtp_refusals_are_sorted_into_permanent_and_temporary(app):
    controller = Controller(Refusing(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        transport = SmtpTransport(f"smtp://127.0.0.1:{controller.port}")
        message = _reset_message(app, "fi")
        message.replace_header("To", "gone@example.org")
        with pytest.raises(PermanentFailure, match="550"):
            transport.send(message)
        message.replace_header("To", "busy@example.org")
        with pytest.raises(TemporaryFailure, match="451"):
            transport.send(message)
        transport.close()
    finally:
        controller.stop()
