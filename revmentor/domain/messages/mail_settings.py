"""The program's message settings: form links (prefilled for each pair or
person) and how mail leaves.

One rule set for every way these settings come in (``init`` flags, the
roster's ``program:`` block, restore), and the one place where the
environment and the program's settings are combined for ``--send``.

The SMTP password is never a program setting: it is read from
``REVMENTOR_SMTP_PASSWORD`` when mail is sent, and never stored or printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from revmentor.domain import validation
from revmentor.domain.models import Security, Settings
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput

MAIL_SETTING_KEYS = (
    *("session_form_url", "checkin_form_url", "coordinator_email", "mail_from"),
    *("smtp_host", "smtp_port", "smtp_user", "smtp_security"),
)

_PORTS = {Security.starttls: 587, Security.ssl: 465, Security.none: 25}


_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_HOST = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[[0-9a-fA-F:.]+\]$"
)


def parse_mail_setting(what: str, key: str, value: object) -> object:
    """One program message setting (of ``MAIL_SETTING_KEYS``), checked; empty
    clears it (None).

    ``what`` names the setting in errors (a flag, an environment variable, or
    the roster's key).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key in ("coordinator_email", "mail_from"):
        try:
            return validation.parse_email(value)
        except InvalidInput as error:
            raise InvalidInput(f"{what}: {error}") from None
    if key == "smtp_port":
        return validation.parse_bounded_number(value, what, 1, 65535)
    text = validation.clean_line(value, what)  # not blank: checked above
    if key.endswith("_url") and not _URL.match(text):
        raise InvalidInput(
            f"{what} must be a web address starting with https:// or http://, "
            f"not {text!r}"
        )
    if key == "smtp_host" and not _HOST.match(text):
        raise InvalidInput(f"{what} must be a host name such as smtp.example.com")
    if key == "smtp_security" and text.lower() not in list(Security):
        raise InvalidInput(f"{what} must be one of {', '.join(Security)}, not {text!r}")
    return text.lower() if key == "smtp_security" else text


# ---------------------------------------------------------------- prefilled links

# What a form's link can be prefilled with, by setting: for a pair, each
# person's email and the pair's number; for a person, their email and the
# check-in phase due.
PREFILL_FIELDS = {
    "session_form_prefill": ("mentor", "mentee", "pair"),
    "checkin_form_prefill": ("participant", "phase"),
}
# A form's field id is a URL query name: Google's entry.1001, or any plain name.
_FIELD_ID = re.compile(r"^[A-Za-z0-9._~:-]{1,200}$")


def parse_prefill(key: str, value: object) -> dict[str, str]:
    """``{mentor: entry.1001}``: what revmentor fills in, mapped to the form's
    field ids; empty clears it."""
    if value is None or value == "":
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{key} must map names to form fields, not {shown(value)}")
    names = PREFILL_FIELDS[key]
    for name, field in value.items():
        if name not in names:
            raise InvalidInput(
                f"{key} cannot fill {shown(name)}: it fills {', '.join(names)}"
            )
        if not isinstance(field, str) or not _FIELD_ID.match(field):
            raise InvalidInput(
                f"{key}.{name} must be a form field id such as entry.1001, not "
                f"{shown(field)}"
            )
    return dict(value)


# Each message setting's rule, by key, for the program's settings model.
MAIL_RULES: dict[str, Callable[[object], object]] = {
    **{key: partial(parse_mail_setting, key, key) for key in MAIL_SETTING_KEYS},
    **{key: partial(parse_prefill, key) for key in PREFILL_FIELDS},
}


def prefilled_link(url: str, prefill: Mapping[str, str], **values: str) -> str:
    """The form's link with each mapped field filled in, Google Forms style
    (``?usp=pp_url&entry.1001=…``), values URL-encoded; the plain link
    without a mapping."""
    if not prefill:
        return url
    parts = urlsplit(url)
    query = [q for q in parse_qsl(parts.query, keep_blank_values=True) if q[0] != "usp"]
    query += [("usp", "pp_url")]
    query += [(field, values[name]) for name, field in prefill.items()]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


# ---------------------------------------------------------------- sending


class SmtpSettings(NamedTuple):
    """Where and how to send. ``password`` comes from the environment only."""

    host: str
    port: int
    security: Security
    sender: str
    user: str | None = None
    password: str | None = None

    def describe(self) -> str:
        """Where mail goes, for messages (never the password)."""
        return f"{self.host}:{self.port} ({self.security})"


def _setting(env: Mapping[str, str], program: Settings, key: str) -> Any:
    """The environment's value (checked), else the program's: ``smtp_host``
    comes from REVMENTOR_SMTP_HOST, ``mail_from`` from REVMENTOR_MAIL_FROM..."""
    name = f"REVMENTOR_{key.upper()}"
    raw = env.get(name, "").strip()
    return parse_mail_setting(name, key, raw) if raw else getattr(program, key)


def sender_address(env: Mapping[str, str], program: Settings) -> str | None:
    """The From address: REVMENTOR_MAIL_FROM, else the program's mail_from."""
    return _setting(env, program, "mail_from")


def coordinator_address(env: Mapping[str, str], program: Settings) -> str:
    """Who --cc-coordinator copies: the program's coordinator_email, else the
    address mail is sent from."""
    address = program.coordinator_email or sender_address(env, program)
    if address is None:
        raise InvalidInput(
            "--cc-coordinator needs the coordinator's address: set it with "
            "`revmentor init --coordinator-email ADDRESS` (or REVMENTOR_MAIL_FROM)"
        )
    return address


def smtp_settings(env: Mapping[str, str], program: Settings) -> SmtpSettings:
    """The settings for --send: the environment first, then the program's.

    Raises InvalidInput with one sentence naming what is missing or wrong; a
    user and password go together, and a password only over encryption.
    """
    host = _setting(env, program, "smtp_host")
    if host is None:
        raise InvalidInput(
            "--send needs a mail server: set REVMENTOR_SMTP_HOST (or the program's "
            "smtp_host with `revmentor init --smtp-host HOST`)"
        )
    security = Security(_setting(env, program, "smtp_security") or "starttls")
    port = _setting(env, program, "smtp_port") or _PORTS[security]
    sender = sender_address(env, program)
    if sender is None:
        raise InvalidInput(
            "--send needs the address mail comes from: set REVMENTOR_MAIL_FROM (or "
            "the program's mail_from with `revmentor init --mail-from ADDRESS`)"
        )
    user = _setting(env, program, "smtp_user")
    password = env.get("REVMENTOR_SMTP_PASSWORD") or None
    if bool(user) != bool(password):
        raise InvalidInput(
            "a mail server login needs both REVMENTOR_SMTP_USER and "
            "REVMENTOR_SMTP_PASSWORD: set both or neither"
        )
    if password and security is Security.none:
        raise InvalidInput(
            "refusing to send the mail password over an unencrypted connection: "
            "set REVMENTOR_SMTP_SECURITY to starttls or ssl"
        )
    return SmtpSettings(host, port, security, sender, user, password)
