"""Mail leaves through real SMTP (aiosmtpd here), or as .eml files without MAIL_URL."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from kaari.mail.services import render
from kaari.mail.transport import deliver


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
        return render(
            "password_reset",
            to="someone@example.org",
            language=language,
            context={"link": "http://localhost/password/reset/abc", "hours": 1},
        )


def test_a_message_is_delivered_over_smtp(app, smtp_server, tmp_path):
    controller, handler = smtp_server
    message = _reset_message(app, "en")
    deliver(
        message,
        mail_url=f"smtp://{controller.hostname}:{controller.port}",
        outbox_dir=str(tmp_path),
    )
    [received] = handler.messages
    assert received["To"] == "someone@example.org"
    assert received["Content-Language"] == "en"
    assert received.is_multipart()
    plain = received.get_payload()[0].get_payload(decode=True).decode()
    assert "http://localhost/password/reset/abc" in plain
    assert list(tmp_path.iterdir()) == []


def test_without_mail_url_messages_become_eml_files(app, tmp_path):
    deliver(_reset_message(app, "fi"), mail_url=None, outbox_dir=str(tmp_path))
    [path] = tmp_path.glob("*.eml")
    assert b"someone@example.org" in path.read_bytes()


def test_an_unreachable_smtp_server_raises(app, tmp_path):
    with pytest.raises(OSError):
        deliver(
            _reset_message(app, "fi"),
            mail_url=f"smtp://127.0.0.1:{_free_port()}",
            outbox_dir=str(tmp_path),
        )
