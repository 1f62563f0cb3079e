"""Send messages through an SMTP server, one at a time, saying how each went.

A refused address or a dropped connection fails that message alone: the next
one reconnects and goes on. Failing to connect or log in at the start stops
before anything is sent, with one sentence saying why. Addresses beyond ASCII
go with SMTPUTF8 where the server offers it (smtplib asks for it).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass

from revmentor.domain.messages.mail_settings import Security, SmtpSettings
from revmentor.domain.messages.messages import Message
from revmentor.domain.validation import parse_email
from revmentor.errors import InvalidInput, RevmentorError
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


@dataclass(frozen=True)
class Outcome:
    """How one message went: sent (to ``reached``), refused (the server will
    not take it) or failed (it may work later); ``problem`` says why."""

    status: str
    reached: tuple[str, ...] = ()
    problem: str | None = None


class Mailer:
    """One connection to the mail server for a run, reopened if it drops."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._connection: smtplib.SMTP | None = connect(settings)

    def send(self, message: Message) -> Outcome:
        """Send one message; a temporary failure (4xx, a dropped connection)
        is tried once more, on a new connection."""
        for address in message.recipients:
            try:
                parse_email(address)  # one recorded before addresses were checked
            except InvalidInput as error:
                return Outcome("refused", problem=str(error))
        outcome = self._try(message)
        return self._try(message) if outcome.status == "failed" else outcome

    def _try(self, message: Message) -> Outcome:
        try:
            self._connection = self._connection or connect(self.settings)
            refused = self._connection.send_message(
                email_message(message, self.settings.sender, draft=False),
                from_addr=self.settings.sender,
                to_addrs=list(message.recipients),
            )
        except RevmentorError as error:  # the server cannot be reached again
            return Outcome("failed", problem=str(error))
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            return Outcome(
                "failed" if all(400 <= code < 500 for code in codes) else "refused",
                problem=f"the server refused every address: {_refused(error.recipients)}",
            )
        except smtplib.SMTPNotSupportedError:
            return Outcome(
                "refused",
                problem="the mail server does not take addresses beyond ASCII "
                "(it does not offer SMTPUTF8)",
            )
        except (OSError, smtplib.SMTPException) as error:
            code = getattr(error, "smtp_code", None)
            # The connection is gone (421: the server is closing it).
            if code in (None, 421):
                self.close()
            temporary = code is None or 400 <= code < 500
            return Outcome(
                "failed" if temporary else "refused",
                problem=f"the server did not accept it ({_reason(error)})",
            )
        accepted = tuple(r for r in message.recipients if r not in refused)
        partly = f"sent to {', '.join(accepted)} only; the server refused {_refused(refused)}"
        return Outcome("sent", accepted, partly if refused else None)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._connection.quit()
            self._connection.close()  # when QUIT could not be said
            self._connection = None
