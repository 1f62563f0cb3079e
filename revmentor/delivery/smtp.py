"""Send messages through an SMTP server, one at a time, telling the caller each
one the server accepted (and only those).

A refused address or a dropped connection fails that message alone: the next
one reconnects and goes on. Failing to connect or log in at the start stops
before anything is sent, with one sentence saying why.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from revmentor.domain.mail_settings import (
    ENV_PASSWORD,
    ENV_SECURITY,
    ENV_USER,
    SmtpSettings,
)
from revmentor.domain.messages import Message
from revmentor.errors import RevmentorError

TIMEOUT_SECONDS = 30


class MailServerError(RevmentorError):
    """The mail server cannot be reached or refuses the login."""


@dataclass(frozen=True)
class Failure:
    message: Message
    problem: str


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{error.smtp_code} {' '.join(str(text).split())}".strip()


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open, logged-in connection, or MailServerError with one sentence."""
    where = settings.describe()
    try:
        if settings.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=TIMEOUT_SECONDS,
                context=ssl.create_default_context(),
            )
        else:
            connection = smtplib.SMTP(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS
            )
            if settings.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
        if settings.user:
            connection.login(settings.user, settings.password or "")
    except smtplib.SMTPAuthenticationError:
        raise MailServerError(
            f"The mail server {where} refused the login of {settings.user!r}: "
            f"check {ENV_USER} and {ENV_PASSWORD}"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailServerError(
            f"The mail server {where} does not offer that security or login: "
            f"check {ENV_SECURITY} (starttls, ssl or none)"
        ) from None
    except ssl.SSLError as error:
        raise MailServerError(
            f"Could not open a secure connection to the mail server {where} "
            f"({error.reason or error}): check {ENV_SECURITY}"
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        reason = (
            _reply(error)
            if isinstance(error, smtplib.SMTPResponseException)
            else getattr(error, "strerror", None) or str(error) or type(error).__name__
        )
        raise MailServerError(
            f"Could not reach the mail server {where}: {reason}"
        ) from None
    return connection


def send_all(
    messages: Sequence[Message],
    settings: SmtpSettings,
    build: Callable[[Message], object],
    on_accepted: Callable[[Message, tuple[str, ...]], None],
) -> list[Failure]:
    """Send each message; call ``on_accepted`` right after the server took one.

    ``build`` turns a message into an ``email.message.EmailMessage``. Returns
    the messages that were not (or not wholly) delivered, each with why.
    Raises MailServerError only when the first connection fails.
    """
    failures: list[Failure] = []
    connection: smtplib.SMTP | None = connect(settings)
    try:
        for index, message in enumerate(messages):
            if connection is None:
                try:
                    connection = connect(settings)
                except MailServerError as error:
                    # The server went away for good: say so for every message left.
                    failures += [Failure(m, str(error)) for m in messages[index:]]
                    break
            problem, refused, connection = _send_one(
                connection, message, settings, build
            )
            if problem is not None:
                failures.append(Failure(message, problem))
                continue
            accepted = tuple(r for r in message.recipients if r not in refused)
            on_accepted(message, accepted)
            if refused:
                failures.append(Failure(message, _partly(refused, accepted)))
    finally:
        if connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.quit()
    return failures


def _send_one(connection, message, settings, build):
    """(problem or None, refused recipients, the connection to go on with)."""
    try:
        refused = connection.send_message(
            build(message),
            from_addr=settings.sender,
            to_addrs=list(message.recipients),
        )
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(
            f"{address}: {_reply(smtplib.SMTPResponseException(code, text))}"
            for address, (code, text) in error.recipients.items()
        )
        return f"the server refused every address ({reasons})", {}, connection
    except smtplib.SMTPServerDisconnected:
        return "the server closed the connection before accepting it", {}, None
    except smtplib.SMTPResponseException as error:
        keep = connection if error.smtp_code != 421 else None
        return f"the server refused it ({_reply(error)})", {}, keep
    except (OSError, smtplib.SMTPException) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return f"the connection failed ({reason})", {}, None
    return None, refused, connection


def _partly(refused: dict, accepted: tuple[str, ...]) -> str:
    reasons = "; ".join(
        f"{address} ({_reply(smtplib.SMTPResponseException(code, text))})"
        for address, (code, text) in refused.items()
    )
    return f"sent to {', '.join(accepted)} only; the server refused {reasons}"
