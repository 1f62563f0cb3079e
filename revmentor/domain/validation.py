"""Field rules shared by prompts, flags, roster files, spreadsheets and restore.

Each ``parse_*`` function returns the clean value or raises ``InvalidInput``
with a sentence that completes "<field>: ..." style messages on its own. Error
messages never echo a value raw: ``shown`` quotes a short prefix with control
characters made visible.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sized
from datetime import date

from revmentor.domain.models import ROLES
from revmentor.domain.text import BIDI_CONTROLS
from revmentor.errors import InvalidInput

# Field lengths, in characters. Generous for real data, small enough that a
# listing of thousands of people stays fast and readable.
MAX_EMAIL = 254  # the longest address SMTP carries
MAX_NAME = 200
MAX_SHORT_TEXT = 200  # title, department, time zone, topic, attribute name/value
MAX_LONG_TEXT = 10_000  # goals, objectives, rules of conduct, reasons
MAX_NOTES = 20_000  # session notes (several pages)
MAX_LIST_ITEMS = 200  # topics in a list, attributes of a person

# Dates a program can compute with (ends of rounds, expected sessions).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)

# Shown in errors: at most this many characters of a bad value.
_SHOWN_PREFIX = 40
# Zero-width characters that make two emails look the same but differ.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Bidirectional embeddings, overrides and isolates: they reorder what follows
# them on screen ("evil\u202egnp.exe"), so names never keep them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def _without(text: str, table: dict[int, None]) -> str:
    """``text`` less the characters of ``table`` (all beyond ASCII: plain ASCII
    text, most of a roster, skips ``translate``, a third of reading one)."""
    return text if text.isascii() else text.translate(table)


def shown(value: object) -> str:
    """A value as an error may quote it: a short prefix, controls made visible."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a group of fields"
    if isinstance(value, str):
        text = repr(value[:_SHOWN_PREFIX])
        return text[:-1] + "…" + text[-1] if len(value) > _SHOWN_PREFIX else text
    text = repr(value)
    return text if len(text) <= _SHOWN_PREFIX else text[:_SHOWN_PREFIX] + "…"


# The characters a text may not hold: controls (category Cc), surrogates (bytes
# that were not UTF-8) and, on one line, line breaks and the Unicode separators.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_SUSPECT_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# How an error names the control characters people meet most.
_CONTROL_NAMES = {"\x1b": "ESC", "\x00": "NUL", "\n": "a line break"}


def _control_problem(text: str, what: str, *, multiline: bool) -> str | None:
    found = (_SUSPECT_MULTILINE if multiline else _SUSPECT).search(text)
    if found is None:
        return None
    char, at = found.group(), found.start() + 1
    if "\ud800" <= char <= "\udfff":
        return (
            f"{what} holds bytes that are not UTF-8 text (at character {at}); "
            "retype it or fix the file's encoding"
        )
    name = _CONTROL_NAMES.get(char, f"U+{ord(char):04X}")
    return (
        f"{what} must not contain control characters ({name} at character {at} "
        f"of {shown(text)})"
    )


def clean_line(
    value: object, what: str, limit: int = MAX_SHORT_TEXT, *, multiline: bool = False
) -> str:
    """One line of text: NFC, spaces collapsed, no control characters, no bidi
    overrides, at most ``limit`` characters. Empty text stays ''. With
    ``multiline``, line breaks and tabs are kept as written."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, not {shown(value)}")
    if problem := _control_problem(value, what, multiline=multiline):
        raise InvalidInput(problem)
    text = unicodedata.normalize("NFC", _without(value, _BIDI_CONTROLS))
    text = text if multiline else " ".join(text.split())
    if len(text) > limit:
        raise InvalidInput(
            f"{what} must be at most {limit:,} characters, not {len(text):,}"
        )
    return text


def parse_long_text(value: object, what: str, limit: int = MAX_LONG_TEXT) -> str | None:
    """Free text that keeps its line breaks (other control characters
    refused); surrounding blank space dropped, None when empty."""
    return clean_line(value, what, limit, multiline=True).strip() or None


def normalize_email(value: str) -> str:
    """The one form an address is stored and compared in: NFC, lower case, no
    zero-width characters, no trailing dot (``Ana@X.com.`` is ``ana@x.com``)."""
    text = unicodedata.normalize("NFC", _without(value, _ZERO_WIDTH)).strip()
    return text.rstrip(".").lower()


def parse_email(value: object) -> str:
    """One mailbox: exactly one addr-spec as mail headers and servers read it
    (never a list, a group, a display name, a comment or a quoted local part),
    so the envelope a server gets is always the header a person reads. Letters
    beyond ASCII are welcome (sent with SMTPUTF8)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("an email address is required")
    if problem := _control_problem(value, "an email address", multiline=False):
        raise InvalidInput(problem)
    if len(value) > MAX_EMAIL:
        raise InvalidInput(
            f"an email address must be at most {MAX_EMAIL} characters, not "
            f"{len(value):,} ({shown(value)})"
        )
    email = normalize_email(value)
    if not (_PLAIN_ADDRESS.fullmatch(email) or parsed_as_one_mailbox(email)):
        raise InvalidInput(f"{shown(value.strip())} is not a valid email address")
    return email


# The shape nearly every address has, a dot-atom at a host name, is one mailbox
# without asking the standard parser, which takes about 0.1 ms an address (a
# roster of 5,000 a side holds over 10,000); any other shape goes to the parser.
_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def parsed_as_one_mailbox(email: str) -> bool:
    """Whether the standard parser reads ``email`` as exactly one addr-spec."""
    from email.errors import HeaderParseError  # `revmentor --help` needs neither
    from email.headerregistry import Address

    # Non-ASCII letters are atext in internationalised mail (RFC 6531), which
    # the standard parser reports as a defect: it checks the shape with a stand-in.
    probe = "".join(c if c.isascii() else "x" for c in email)
    try:
        parsed = Address(addr_spec=probe)
    # Some broken domains ("a@[b") make the parser itself fail (AttributeError).
    except (ValueError, IndexError, AttributeError, HeaderParseError):
        return False
    labels = parsed.domain.split(".")
    return (
        parsed.addr_spec == probe  # nothing dropped: comments, spaces, quotes
        and '"' not in probe
        and len(labels) > 1
        and all(label and "-" not in (label[0], label[-1]) for label in labels)
        and "[" not in parsed.domain
    )


MAX_PREFERENCES = 10


def _listed(value: object, what: str, separators: str) -> list:
    """A list as given, or text split at any of ``separators``; None is empty."""
    if value is None:
        return []
    items = re.split(f"[{separators}]", value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput(
            f"{what} must be a list, or text separated by commas, not {shown(value)}"
        )
    return items


def at_most(items: Sized, what: str, most: int = MAX_LIST_ITEMS) -> None:
    """Refuse more than ``most`` items (topics, attributes, objectives…)."""
    if len(items) > most:
        raise InvalidInput(
            f"{what} may hold at most {most:,} items, not {len(items):,}"
        )


def parse_emails(value: object, what: str) -> list[str]:
    """``prefers``: emails in order (a list, or text separated by ',' or ';':
    spreadsheets use either), repeats dropped."""
    items = _listed(value, what, ",;")
    given = [item for item in items if not isinstance(item, str) or item.strip()]
    emails = list(dict.fromkeys(map(parse_email, given)))
    at_most(emails, what, MAX_PREFERENCES)
    return emails


def parse_name(value: object) -> str:
    name = clean_line(value, "the name", MAX_NAME) if isinstance(value, str) else ""
    if not name:
        raise InvalidInput("a name is required")
    return name


def parse_choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, written in any case."""
    text = str(value).strip().lower() if value is not None else ""
    if text not in choices:
        listed = ", ".join(choices[:-1]) + " or " + choices[-1]
        raise InvalidInput(f"{what} must be {listed}, not {shown(value)}")
    return text


def parse_role(value: object) -> str:
    if value is None or not str(value).strip():
        raise InvalidInput("a role is required: mentor or mentee")
    return parse_choice(value, "role", ROLES)


# Far beyond any level, capacity or number of minutes, and well inside SQLite's
# 64-bit integers.
LARGEST_WHOLE_NUMBER = 1_000_000_000


def whole_or_none(value: object) -> int | None:
    """Ints and strings of digits as a number; None for floats, bools and words."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,30}\s*", value):
        return int(value)
    return None


def parse_whole_number(
    value: object, what: str, minimum: int = -LARGEST_WHOLE_NUMBER
) -> int:
    """Accept ints and strings of digits; refuse floats, bools and words."""
    number = whole_or_none(value)
    if number is not None and abs(number) > LARGEST_WHOLE_NUMBER:
        raise InvalidInput(f"{what} {shown(number)} is too large")
    return parse_bounded_number(value, what, minimum, LARGEST_WHOLE_NUMBER)


def parse_bounded_number(value: object, what: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``: the one check every way in uses."""
    number = whole_or_none(value)
    if number is None:
        raise InvalidInput(f"{what} must be a whole number, not {shown(value)}")
    if not low <= number <= high:
        raise InvalidInput(
            f"{what} must be from {low:,} to {high:,}, not {shown(number)}"
        )
    return number


def parse_topics(value: object) -> list[str]:
    """A list of strings or one comma-separated string; blanks and repeats dropped."""
    topics: dict[str, str] = {}  # key -> the first spelling
    for item in _listed(value, "topics", ","):
        if topic := clean_line(item, "a topic", MAX_SHORT_TEXT):
            topics.setdefault(topic_key(topic), topic)
    at_most(topics, "topics")
    return list(topics.values())


def topic_key(topic: str) -> str:
    """Topics compare case- and space-insensitively: 'AI  Assistants' == 'ai assistants'."""
    return "".join(topic.split()).casefold()


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object, what: str = "date") -> date:
    """A real date written YYYY-MM-DD (no week dates, no compact forms), from
    EARLIEST_DATE to LATEST_DATE."""
    day = value if isinstance(value, date) else None
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        with contextlib.suppress(ValueError):  # not a real day: refused below
            day = date.fromisoformat(value.strip())
    if day is None:
        raise InvalidInput(
            f"{what} must be a real date written YYYY-MM-DD, not {shown(value)}"
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidInput(
            f"{what} must be between {EARLIEST_DATE} and {LATEST_DATE}, not {day}"
        )
    return day


def parse_text(value: object, what: str, limit: int = MAX_SHORT_TEXT) -> str | None:
    """An optional one-line text: None when empty."""
    return None if value is None else clean_line(value, what, limit) or None


def parse_size(text: str, option: str) -> int:
    """Bytes from ``4GB``, ``500 MB``, ``2.5g`` or ``1024`` (binary units)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", text, re.I)
    if not found or float(found[1]) <= 0:
        raise InvalidInput(
            f"{option} {text!r} is not a memory size; write it like 4GB or 500MB."
        )
    return int(float(found[1]) * 2 ** (10 * " KMGT".index(found[2].upper() or " ")))
