"""An SMTP server that accepts everything and writes one line per message received,
"<unix time> <Message-ID> <recipient>", so a bench can count each outbox row's deliveries.

    .venv/bin/python bench/smtp_sink.py PORT FILE
"""

from __future__ import annotations

import asyncio
import sys
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path: str):
        self.log = open(path, "a", buffering=1)  # noqa: SIM115 (open for the server's life)

    async def handle_DATA(self, server, session, envelope):
        headers = BytesHeaderParser().parsebytes(envelope.content)
        message_id = headers.get("Message-ID", "").strip()
        self.log.write(f"{time.time():.3f} {message_id} {','.join(envelope.rcpt_tos)}\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
