"""Messages to participants: what one says and to whom, before any delivery.

A ``Message`` is the one model every writer reads (terminal, Markdown, JSON,
.eml, mail-merge CSV, SMTP): recipients, subject, a body in plain sections
(paragraphs, labelled fields, bullets, numbered steps) and the facts a JSON
listing carries. Nothing here sends or writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from revmentor.domain.models import Program
from revmentor.errors import InvalidInput


class Kind(StrEnum):
    intro = "intro"
    remind = "remind"
    checkin_reminder = "checkin-reminder"


# How a message left: shown in a terminal, written as a file of some format,
# or accepted by a mail server (then its status is sent, else written).
HOWS = ("terminal", "markdown", "json", "eml", "csv", "sent")
WRITTEN = "written"
SENT = "sent"


@dataclass(frozen=True)
class Section:
    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    bullets: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass
class Message:
    kind: Kind
    subject: str  # also the letter's title
    to: tuple[str, ...]
    sections: tuple[Section, ...]
    file_stem: str
    pair_id: int | None = None
    participant: str | None = None
    cc: tuple[str, ...] = ()
    invitation: bytes | None = None  # the pair's .ics, attached to e-mail
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.to + tuple(c for c in self.cc if c not in self.to)


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def first_names(pair) -> tuple[str, str]:
    """The mentor's and the mentee's first names, as letters greet them."""
    return first_name(pair.mentor_name), first_name(pair.mentee_name)


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


def person_stem(email: str) -> str:
    """A safe file name part from an email's local part."""
    part = re.sub(r"[^a-z0-9._-]+", "-", email.split("@")[0].lower()).strip(".-")
    return part or "someone"


def pair_stem(mentor: str, mentee: str) -> str:
    """``ana.ruiz--dana.lee`` from both emails' local parts, safe characters only."""
    return f"{person_stem(mentor)}--{person_stem(mentee)}"


def unique_names(stems: Sequence[tuple[str, int | None]], suffix: str) -> list[str]:
    """One file name per (stem, pair id), never the same twice in a run.

    Two pairs can share a stem (``ana@a.com`` and ``ana@b.com``); the later one
    gets its pair id (or a counter) added, checked again until it is free.
    Names are compared ignoring case, as some file systems do.
    """
    taken: set[str] = set()
    names: list[str] = []
    for stem, pair_id in stems:
        name, extra, counter = stem + suffix, pair_id, 1
        while name.lower() in taken:
            if extra is not None:
                name, extra = f"{stem}-{extra}{suffix}", None
            else:
                counter += 1
                name = f"{stem}-{counter}{suffix}"
        taken.add(name.lower())
        names.append(name)
    return names


def check_message_record(row: dict) -> None:
    """The rules a recorded message keeps, for rows that come from elsewhere
    (a restored backup): raises InvalidInput with the first problem."""
    from revmentor.domain.validation import parse_email

    for key, choices in (("kind", Kind), ("how", HOWS), ("status", (WRITTEN, SENT))):
        if row.get(key) not in list(choices):
            raise InvalidInput(f"{key} must be one of {', '.join(choices)}")
    if (row.get("status") == SENT) != (row.get("how") == "sent"):
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
