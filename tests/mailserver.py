"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepted.

It can refuse chosen addresses and drop the connection on chosen messages,
to test how `--send` reports and recovers.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: object  # email.message.EmailMessage


@dataclass
class Handler:
    accepted: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop_on: set[int] = field(default_factory=set)  # 1-based DATA commands to drop
    data_count: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_count += 1
        if self.data_count in self.drop_on:
            server.transport.close()  # the connection drops before any reply
            return "421 closing"
        self.accepted.append(
            Received(
                sender=envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                message=message_from_bytes(envelope.content, policy=policy.default),
            )
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def accepted(self) -> list[Received]:
        return self.handler.accepted

    def env(self, **extra: str) -> dict[str, str]:
        values = {
            "REVMENTOR_SMTP_HOST": "127.0.0.1",
            "REVMENTOR_SMTP_PORT": str(self.port),
            "REVMENTOR_SMTP_SECURITY": "none",
            "REVMENTOR_MAIL_FROM": "coordinator@example.com",
        }
        values.update(extra)
        return values
