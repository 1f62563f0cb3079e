"""Messages to participants: what one says and to whom, before any delivery.

A ``Letter`` is the content in plain parts (title, sections of paragraphs,
labelled fields, bullets and numbered steps); render/letters.py writes it as
Markdown or plain text. A ``Message`` adds the recipients, subject and the
facts a JSON listing carries. Nothing here sends or writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from revmentor.domain.models import Program

INTRO = "intro"
REMIND = "remind"
CHECKIN_REMINDER = "checkin-reminder"
KINDS = (INTRO, REMIND, CHECKIN_REMINDER)

# How a message left: shown in a terminal, written as a file of some format,
# or accepted by a mail server.
HOW_TERMINAL = "terminal"
HOW_MARKDOWN = "markdown"
HOW_JSON = "json"
HOW_EML = "eml"
HOW_CSV = "csv"
HOW_SENT = "sent"
HOWS = (HOW_TERMINAL, HOW_MARKDOWN, HOW_JSON, HOW_EML, HOW_CSV, HOW_SENT)
WRITTEN = "written"
SENT = "sent"


@dataclass(frozen=True)
class Section:
    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    bullets: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass
class Message:
    kind: str
    subject: str
    to: tuple[str, ...]
    letter: Letter
    file_stem: str
    pair_id: int | None = None
    participant: str | None = None
    cc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.to + tuple(c for c in self.cc if c not in self.to)


@dataclass(frozen=True)
class RecordedMessage:
    """A message recorded earlier, as the store keeps it (no body: the body is
    rebuilt from the data, and may carry nothing private to keep)."""

    id: int
    kind: str
    pair_id: int | None
    participant: str | None
    recipients: tuple[str, ...]
    subject: str
    created_at: datetime
    how: str
    status: str


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def program_end(program: Program) -> date | None:
    if program.start is None:
        return None
    return program.start + timedelta(weeks=program.length_weeks)


def cadence_sentence(program: Program) -> str:
    text = (
        f"Meet every {program.cadence_days} days, for about "
        f"{program.session_minutes} minutes each time"
    )
    end = program_end(program)
    if program.start and end:
        text += (
            f"; the program runs for {program.length_weeks} weeks, "
            f"from {program.start} to {end}"
        )
    return text + ". Tell your coordinator after each session so it can be recorded."


def reminded_recently(
    earlier: list[RecordedMessage], as_of: date, cadence_days: int
) -> bool:
    """Whether a message of the same kind went out within the last cadence."""
    since = as_of - timedelta(days=cadence_days)
    return any(
        since < item.created_at.date() <= as_of or item.created_at.date() > as_of
        for item in earlier
    )


def with_cc(messages: list[Message], address: str) -> list[Message]:
    """The same messages with ``address`` in copy (never twice)."""
    for message in messages:
        if address not in message.to and address not in message.cc:
            message.cc = (*message.cc, address)
    return messages


_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def _local(email: str) -> str:
    part = _UNSAFE.sub("-", email.split("@")[0].lower()).strip(".-")
    return part or "someone"


def pair_stem(mentor: str, mentee: str) -> str:
    """``ana.ruiz--dana.lee`` from both emails' local parts, safe characters only."""
    return f"{_local(mentor)}--{_local(mentee)}"


def person_stem(email: str) -> str:
    return _local(email)


def unique_names(stems: list[tuple[str, int | None]], suffix: str) -> list[str]:
    """One file name per (stem, pair id), never the same twice in a run.

    Two pairs can share a stem (``ana@a.com`` and ``ana@b.com``); the later one
    gets its pair id (or a counter) added, checked again until it is free.
    Names are compared ignoring case, as some file systems do.
    """
    taken: set[str] = set()
    names: list[str] = []
    for stem, pair_id in stems:
        name = stem + suffix
        extra = pair_id
        counter = 1
        while name.lower() in taken:
            if extra is not None:
                name = f"{stem}-{extra}{suffix}"
                extra = None
            else:
                counter += 1
                name = f"{stem}-{counter}{suffix}"
        taken.add(name.lower())
        names.append(name)
    return names


def check_message_record(row: dict) -> None:
    """The rules a recorded message keeps, for rows that come from elsewhere
    (a restored backup): raises InvalidInput with the first problem."""
    import json

    from revmentor.domain.validation import parse_email
    from revmentor.errors import InvalidInput

    if row.get("kind") not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}")
    if row.get("how") not in HOWS:
        raise InvalidInput(f"how must be one of {', '.join(HOWS)}")
    if row.get("status") not in (WRITTEN, SENT):
        raise InvalidInput("status must be written or sent")
    if (row.get("status") == SENT) != (row.get("how") == HOW_SENT):
        raise InvalidInput("only a message that went through a mail server is sent")
    if (row.get("pair_id") is None) == (row.get("participant") is None):
        raise InvalidInput("a message is for a pair or for one person")
    try:
        datetime.fromisoformat(str(row.get("created_at")))
    except ValueError:
        raise InvalidInput("created_at must be a date and time") from None
    recipients = json.loads(row.get("recipients") or "[]")
    if not isinstance(recipients, list):
        raise InvalidInput("recipients must be a list of addresses")
    for address in recipients:
        parse_email(address)
