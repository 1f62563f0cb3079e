"""The program's message settings: form links and how mail leaves.

One rule set for every way these settings come in (``init`` flags, the
roster's ``program:`` block, restore), and the one place where the
environment and the program's settings are combined for ``--send``.

The SMTP password is never a program setting: it is read from
``REVMENTOR_SMTP_PASSWORD`` when mail is sent, and never stored or printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from revmentor.domain import validation
from revmentor.domain.models import Program
from revmentor.errors import InvalidInput

URL_SETTINGS = ("session_form_url", "checkin_form_url")
EMAIL_SETTINGS = ("coordinator_email", "mail_from")
SMTP_SETTINGS = ("smtp_host", "smtp_port", "smtp_user", "smtp_security")
MAIL_SETTING_KEYS = URL_SETTINGS + EMAIL_SETTINGS + SMTP_SETTINGS

SECURITY_CHOICES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}

ENV_HOST = "REVMENTOR_SMTP_HOST"
ENV_PORT = "REVMENTOR_SMTP_PORT"
ENV_USER = "REVMENTOR_SMTP_USER"
ENV_PASSWORD = "REVMENTOR_SMTP_PASSWORD"
ENV_SECURITY = "REVMENTOR_SMTP_SECURITY"
ENV_FROM = "REVMENTOR_MAIL_FROM"

_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_HOST = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[[0-9a-fA-F:.]+\]$"
)
MAX_SETTING_LENGTH = 2000


def parse_url(value: object, what: str) -> str | None:
    text = validation.parse_text(value, what)
    if text is None:
        return None
    if len(text) > MAX_SETTING_LENGTH or not _URL.match(text):
        raise InvalidInput(
            f"{what} must be a web address starting with https:// or http://, "
            f"not {text!r}"
        )
    return text


def parse_port(value: object, what: str = "smtp_port") -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _port(validation.parse_whole_number(value, what, minimum=1), what)


def _port(number: int, what: str) -> int:
    if number > 65535:
        raise InvalidInput(f"{what} must be a port number from 1 to 65535")
    return number


def parse_security(value: object, what: str = "smtp_security") -> str | None:
    text = validation.parse_text(value, what)
    if text is None:
        return None
    if text.lower() not in SECURITY_CHOICES:
        raise InvalidInput(
            f"{what} must be one of {', '.join(SECURITY_CHOICES)}, not {text!r}"
        )
    return text.lower()


def parse_host(value: object, what: str = "smtp_host") -> str | None:
    text = validation.parse_text(value, what)
    if text is None:
        return None
    if not _HOST.match(text):
        raise InvalidInput(f"{what} must be a host name such as smtp.example.com")
    return text


def parse_mail_setting(what: str, key: str, value: object) -> object:
    """One program message setting, checked; empty clears it (None).

    ``what`` names the setting in errors (a flag, or the roster's key).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key in URL_SETTINGS:
        return parse_url(value, what)
    if key in EMAIL_SETTINGS:
        try:
            return validation.parse_email(value)
        except InvalidInput as error:
            raise InvalidInput(f"{what}: {error.message}") from None
    if key == "smtp_host":
        return parse_host(value, what)
    if key == "smtp_port":
        return parse_port(value, what)
    if key == "smtp_security":
        return parse_security(value, what)
    if key == "smtp_user":
        text = validation.parse_text(value, what)
        if text is not None and len(text) > MAX_SETTING_LENGTH:
            raise InvalidInput(f"{what} is too long")
        return text
    raise InvalidInput(f"unknown message setting {key!r}")


# ---------------------------------------------------------------- sending


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. ``password`` comes from the environment only."""

    host: str
    port: int
    security: str
    sender: str
    user: str | None = None
    password: str | None = None

    def describe(self) -> str:
        """Where mail goes, for messages (never the password)."""
        return f"{self.host}:{self.port} ({self.security})"


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if value and value.strip() else None


def sender_address(env: Mapping[str, str], program: Program) -> str | None:
    """The From address: REVMENTOR_MAIL_FROM, else the program's mail_from."""
    raw = _env(env, ENV_FROM)
    if raw is None:
        return program.mail_from
    try:
        return validation.parse_email(raw)
    except InvalidInput:
        raise InvalidInput(
            f"{ENV_FROM} is {raw!r}, which is not an email address"
        ) from None


def coordinator_address(env: Mapping[str, str], program: Program) -> str:
    """Who --cc-coordinator copies: the program's coordinator_email, else the
    address mail is sent from."""
    address = program.coordinator_email or sender_address(env, program)
    if address is None:
        raise InvalidInput(
            "--cc-coordinator needs the coordinator's address: set it with "
            "`revmentor init --coordinator-email ADDRESS` (or REVMENTOR_MAIL_FROM)"
        )
    return address


def _login(
    env: Mapping[str, str], program: Program, security: str
) -> tuple[str | None, str | None]:
    """The mail server user and password: both or neither, and a password
    only over an encrypted connection."""
    user = _env(env, ENV_USER) or program.smtp_user
    password = env.get(ENV_PASSWORD) or None
    if user and not password:
        raise InvalidInput(
            f"the mail server user is {user!r} but {ENV_PASSWORD} is not set"
        )
    if password and not user:
        raise InvalidInput(f"{ENV_PASSWORD} is set but no user: set {ENV_USER} as well")
    if password and security == "none":
        raise InvalidInput(
            "refusing to send the mail password over an unencrypted connection: "
            f"set {ENV_SECURITY} to starttls or ssl"
        )
    return user, password


def smtp_settings(env: Mapping[str, str], program: Program) -> SmtpSettings:
    """The settings for --send: the environment first, then the program's.

    Raises InvalidInput with one sentence naming what is missing or wrong.
    """
    host_text = _env(env, ENV_HOST)
    host = parse_host(host_text, ENV_HOST) if host_text else program.smtp_host
    if host is None:
        raise InvalidInput(
            f"--send needs a mail server: set {ENV_HOST} (or the program's "
            "smtp_host with `revmentor init --smtp-host HOST`)"
        )
    security_text = _env(env, ENV_SECURITY)
    security = (
        parse_security(security_text, ENV_SECURITY)
        if security_text
        else program.smtp_security
    ) or "starttls"
    port_text = _env(env, ENV_PORT)
    port = parse_port(port_text, ENV_PORT) if port_text else program.smtp_port
    sender = sender_address(env, program)
    if sender is None:
        raise InvalidInput(
            f"--send needs the address mail comes from: set {ENV_FROM} (or the "
            "program's mail_from with `revmentor init --mail-from ADDRESS`)"
        )
    user, password = _login(env, program, security)
    return SmtpSettings(
        host=host,
        port=port or DEFAULT_PORTS[security],
        security=security,
        sender=sender,
        user=user,
        password=password,
    )
