"""A real SMTP server for tests (aiosmtpd), with switchable faults."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """Collects messages. `refuse` maps an address part to an SMTP reply; `hold`
    makes DATA wait until released (to kill a worker in the middle of a send)."""

    def __init__(self):
        self.messages = []
        self.refuse: dict[str, str] = {}
        self.hold = threading.Event()
        self.hold.set()
        self.data_started = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for part, reply in self.refuse.items():
            if part in address:
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_started.set()
        while not self.hold.is_set():
            await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "421 The sender went away before the reply"  # not accepted, not counted
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
