"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepted.

It can refuse chosen addresses (for good, or once with a 4xx), drop the
connection on chosen messages, run a hook as each message arrives, and leave
SMTPUTF8 out, to test how `--send` reports and recovers.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
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
    defer_once: set[str] = field(default_factory=set)  # 451 the first time
    drop_on: set[int] = field(default_factory=set)  # 1-based DATA commands to drop
    on_data: Callable[[int], None] | None = None  # called with each DATA's number
    data_count: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if address.lower() in self.defer_once:
            self.defer_once.discard(address.lower())
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_count += 1
        if self.on_data is not None:
            self.on_data(self.data_count)
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
    def __init__(self, *, smtputf8: bool = True):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            enable_SMTPUTF8=smtputf8,
        )

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
