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

from revmentor.domain.messages.mail_settings import Security, SmtpSettings
from revmentor.domain.messages.messages import Message
from revmentor.errors import RevmentorError
from revmentor.render.messages import email_message


def _reason(error: Exception) -> str:
    """Why a server or the network failed, in one line: a server's reply with
    its code, else the system's words."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        return f"{error.smtp_code} {' '.join(str(text).split())}".strip()
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def _refused(recipients: dict) -> str:
    return "; ".join(
        f"{address} ({_reason(smtplib.SMTPResponseException(*reply))})"
        for address, reply in recipients.items()
    )


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open, logged-in connection, or RevmentorError with one sentence."""
    where = f"the mail server {settings.describe()}"
    check = "check REVMENTOR_SMTP_SECURITY (starttls, ssl or none)"
    context = ssl.create_default_context()  # verifies the server's certificate
    try:
        if settings.security is Security.ssl:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=30, context=context
            )
        else:
            connection = smtplib.SMTP(settings.host, settings.port, timeout=30)
            if settings.security is Security.starttls:
                connection.starttls(context=context)
        if settings.user:
            connection.login(settings.user, settings.password or "")
        return connection
    except smtplib.SMTPAuthenticationError:
        problem = (
            f"{where} refused the login of {settings.user!r}: "
            "check REVMENTOR_SMTP_USER and REVMENTOR_SMTP_PASSWORD"
        )
    except smtplib.SMTPNotSupportedError:
        problem = f"{where} does not offer that security or login: {check}"
    except ssl.SSLError as error:
        problem = (
            f"Could not open a secure connection to {where} "
            f"({error.reason or error}): {check}"
        )
    except (OSError, smtplib.SMTPException) as error:
        problem = f"Could not reach {where}: {_reason(error)}"
    raise RevmentorError(problem)  # the CLI capitalises it


def send_all(
    messages: Sequence[Message],
    settings: SmtpSettings,
    on_accepted: Callable[[Message, tuple[str, ...]], None],
) -> list[tuple[Message, str]]:
    """Send each message; call ``on_accepted`` right after the server took one.

    Returns the messages that were not (or not wholly) delivered, each with
    why. Raises RevmentorError only when the first connection fails.
    """
    failures: list[tuple[Message, str]] = []
    connection: smtplib.SMTP | None = connect(settings)
    try:
        for index, message in enumerate(messages):
            try:
                connection = connection or connect(settings)
                refused = connection.send_message(
                    email_message(message, settings.sender, draft=False),
                    from_addr=settings.sender,
                    to_addrs=list(message.recipients),
                )
            except RevmentorError as error:
                # The server went away for good: say so for every message left.
                failures += [(m, str(error)) for m in messages[index:]]
                break
            except smtplib.SMTPRecipientsRefused as error:
                problem = (
                    f"the server refused every address: {_refused(error.recipients)}"
                )
            except (OSError, smtplib.SMTPException) as error:
                problem = f"the server did not accept it ({_reason(error)})"
                # Only a server's refusal of this one message keeps the
                # connection open (421: the server is closing it).
                if getattr(error, "smtp_code", 421) == 421:
                    connection = None
            else:
                accepted = tuple(r for r in message.recipients if r not in refused)
                on_accepted(message, accepted)
                if not refused:
                    continue
                problem = f"sent to {', '.join(accepted)} only; the server refused {_refused(refused)}"
            failures.append((message, problem))
    finally:
        if connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.quit()
    return failures
