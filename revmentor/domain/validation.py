"""Field rules shared by prompts, flags and roster files.

Each ``parse_*`` function returns the clean value or raises ``InvalidInput``
with a sentence that completes "<field>: ..." style messages on its own.
"""

from __future__ import annotations

import re
from datetime import date

from revmentor.errors import InvalidInput

# Deliberately simple: one @, a dot in the domain, no spaces. Real deliverability
# is the mail server's business; this catches typos such as a missing @.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(value: str) -> str:
    return value.strip().lower()


def parse_email(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("an email address is required")
    email = normalize_email(value)
    local, _, domain = email.rpartition("@")
    if (
        not _EMAIL.match(email)
        or ".." in email
        or local.startswith(".")
        or local.endswith(".")
        or any(
            label.startswith("-") or label.endswith("-") for label in domain.split(".")
        )
    ):
        raise InvalidInput(f"{value.strip()!r} is not a valid email address")
    return email


MAX_PREFERENCES = 10


def parse_emails(value: object, what: str) -> list[str]:
    """``prefers``: emails in order (a list, or text separated by ',' or ';'),
    repeats dropped."""
    if value is None:
        return []
    # Lists are separated by ',' or ';' (spreadsheets use either).
    items = re.split(r"[,;]", value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput(f"{what} must be a list of emails, not {value!r}")
    emails = [
        parse_email(item) for item in items if not isinstance(item, str) or item.strip()
    ]
    emails = list(dict.fromkeys(emails))
    if len(emails) > MAX_PREFERENCES:
        raise InvalidInput(
            f"{what} names {len(emails)} people; at most {MAX_PREFERENCES} are allowed"
        )
    return emails


def parse_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("a name is required")
    return " ".join(value.split())


def parse_role(value: object) -> str:
    text = str(value).strip().lower() if value is not None else ""
    if text not in ("mentor", "mentee"):
        raise InvalidInput(f"role must be mentor or mentee, not {value!r}")
    return text


# Far beyond any level, capacity or number of minutes, and well inside SQLite's
# 64-bit integers.
LARGEST_WHOLE_NUMBER = 1_000_000_000


def parse_whole_number(value: object, what: str, minimum: int | None = None) -> int:
    """Accept ints and strings of digits; refuse floats, bools and words."""
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a whole number, not {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        number = int(value)
    else:
        raise InvalidInput(f"{what} must be a whole number, not {value!r}")
    if minimum is not None and number < minimum:
        raise InvalidInput(f"{what} must be at least {minimum}, not {number}")
    if abs(number) > LARGEST_WHOLE_NUMBER:
        raise InvalidInput(f"{what} {number} is too large")
    return number


def parse_topics(value: object) -> list[str]:
    """A list of strings or one comma-separated string; blanks and repeats dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        items: list[object] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise InvalidInput(
            "topics must be a list or a comma-separated text, "
            f"not {type(value).__name__}"
        )
    topics: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"each topic must be text, not {item!r}")
        topic = " ".join(item.split())
        key = topic_key(topic)
        if topic and key not in seen:
            seen.add(key)
            topics.append(topic)
    return topics


def topic_key(topic: str) -> str:
    """Topics compare case- and space-insensitively: 'AI  Assistants' == 'ai assistants'."""
    return "".join(topic.split()).casefold()


def parse_date(value: object, what: str = "date") -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput(f"{what} must be a real date written YYYY-MM-DD, not {value!r}")


def parse_text(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, not {value!r}")
    text = value.strip()
    return text or None
