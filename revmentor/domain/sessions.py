"""Rules for sessions, pairing fit and check-ins: pure, no I/O.

Each ``parse_*``/``check_*`` function returns the clean value or raises
``InvalidInput`` with a lower-case fragment that the command completes into one
sentence ("Cannot log the session: minutes must be ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from revmentor.domain import validation
from revmentor.domain.models import MENTEE, MENTOR, PHASES, Participant
from revmentor.errors import InvalidInput

RATING_MIN, RATING_MAX = 1, 5

# How a pair is going after its first session (stored in pairs.fit).
FIT_GOOD, FIT_UNSURE, FIT_POOR = "good", "unsure", "poor"
FIT_LABELS = {
    FIT_GOOD: "good fit",
    FIT_UNSURE: "not sure",
    FIT_POOR: "not a good fit",
}

# A mentor's check-in measures the mentor's own growth, not a topic they teach.
MENTOR_CHECKIN_TOPICS = (
    ("Coaching a senior leader", "How confident are you coaching a senior leader"),
    (
        "Speaking with senior leaders",
        "How confident are you speaking with senior leaders",
    ),
)


@dataclass
class SessionEntry:
    """One session's validated answers (the pair is chosen separately)."""

    date: date
    minutes: int
    topics: list[str] = field(default_factory=list)
    notes: str | None = None
    mentor_rating: int | None = None
    mentee_rating: int | None = None


# ---------------------------------------------------------------- fields


def check_session_date(
    value: object,
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> date:
    """A real date, not in the future, not before the pair was made (nor after it ended)."""
    day = validation.parse_date(value, "the date")
    if day > today:
        raise InvalidInput(f"the date {day} is in the future (today is {today})")
    if day < paired_on:
        raise InvalidInput(
            f"the date {day} is before the pair was made (on {paired_on})"
        )
    if ended_on is not None and day > ended_on:
        raise InvalidInput(f"the date {day} is after the pair ended (on {ended_on})")
    return day


# A session is a meeting, not a retreat: more than a day is a typing mistake.
LONGEST_SESSION_MINUTES = 24 * 60


def parse_minutes(value: object) -> int:
    text = value.strip() if isinstance(value, str) else value
    minutes = None
    if isinstance(text, int) and not isinstance(text, bool) and text > 0:
        minutes = text
    elif isinstance(text, str) and re.fullmatch(r"\+?\d+", text) and int(text) > 0:
        minutes = int(text)
    if minutes is None:
        raise InvalidInput(f"minutes must be a positive whole number, not {value!r}")
    if minutes > LONGEST_SESSION_MINUTES:
        raise InvalidInput(
            f"minutes must be at most {LONGEST_SESSION_MINUTES} (one day), not {minutes}"
        )
    return minutes


def parse_rating(value: object, who: str) -> int | None:
    """A rating 1-5, or None when blank. ``who``: "the mentor's rating"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _one_to_five(value, who)


def parse_score(value: object) -> int:
    """A check-in score 1-5 (required)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput("a score from 1 to 5 is required")
    return _one_to_five(value, "the score")


def _one_to_five(value: object, what: str) -> int:
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, int) and not isinstance(text, bool):
        number = text
    elif isinstance(text, str) and re.fullmatch(r"\d+", text):
        number = int(text)
    else:
        number = None
    if number is None or not RATING_MIN <= number <= RATING_MAX:
        raise InvalidInput(
            f"{what} must be a whole number from {RATING_MIN} to {RATING_MAX}, "
            f"not {value!r}"
        )
    return number


def parse_fit(value: object) -> str:
    """good, unsure or poor (the labels "good fit", "not sure", ... also work)."""
    text = " ".join(str(value).split()).lower() if value is not None else ""
    for key, label in FIT_LABELS.items():
        if text in (key, label):
            return key
    raise InvalidInput(f"fit must be good, unsure or poor, not {value!r}")


def parse_phase(value: object) -> str:
    text = str(value).strip().lower() if value is not None else ""
    if text not in PHASES:
        raise InvalidInput(
            f"phase must be {', '.join(PHASES[:-1])} or {PHASES[-1]}, not {value!r}"
        )
    return text


def parse_notes(value: object) -> str | None:
    """Free text; surrounding blank lines dropped, None when empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"notes must be text, not {value!r}")
    text = value.strip("\n").rstrip()
    return text if text.strip() else None


def canonical_topics(topics: Iterable[str], known: Iterable[str]) -> list[str]:
    """Topics as given, spelled like a known topic when they match one
    (case- and space-insensitively), repeats dropped."""
    spelling: dict[str, str] = {}
    for topic in known:
        spelling.setdefault(validation.topic_key(topic), topic)
    result: list[str] = []
    seen: set[str] = set()
    for topic in validation.parse_topics(list(topics)):
        key = validation.topic_key(topic)
        if key not in seen:
            seen.add(key)
            result.append(spelling.get(key, topic))
    return result


# ---------------------------------------------------------------- sessions


def new_session(
    values: Mapping[str, object],
    *,
    paired_on: date,
    today: date,
    known_topics: Sequence[str] = (),
) -> SessionEntry:
    """A session from loose answers (flags or prompts).

    ``values`` keys: date (default today), minutes (required), topics, notes,
    mentor_rating, mentee_rating; ``None`` means not given.
    """
    day = values.get("date")
    return SessionEntry(
        date=check_session_date(
            today if day is None else day, paired_on=paired_on, today=today
        ),
        minutes=parse_minutes(values.get("minutes")),
        topics=canonical_topics(
            validation.parse_topics(values.get("topics")), known_topics
        ),
        notes=parse_notes(values.get("notes")),
        mentor_rating=parse_rating(values.get("mentor_rating"), "the mentor's rating"),
        mentee_rating=parse_rating(values.get("mentee_rating"), "the mentee's rating"),
    )


def changed_session(
    entry: SessionEntry,
    values: Mapping[str, object],
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
    known_topics: Sequence[str] = (),
) -> SessionEntry:
    """A copy of ``entry`` with the given (non-None) fields changed.

    An empty text clears topics, notes or a rating; date and minutes cannot be
    cleared.
    """
    changes: dict[str, object] = {}
    if values.get("date") is not None:
        changes["date"] = check_session_date(
            values["date"], paired_on=paired_on, today=today, ended_on=ended_on
        )
    if values.get("minutes") is not None:
        changes["minutes"] = parse_minutes(values["minutes"])
    if values.get("topics") is not None:
        changes["topics"] = canonical_topics(
            validation.parse_topics(values["topics"]), known_topics
        )
    if values.get("notes") is not None:
        changes["notes"] = parse_notes(values["notes"])
    for key, who in (
        ("mentor_rating", "the mentor's rating"),
        ("mentee_rating", "the mentee's rating"),
    ):
        if values.get(key) is not None:
            changes[key] = parse_rating(values[key], who)
    return replace(entry, **changes)


# ---------------------------------------------------------------- check-ins


def checkin_questions(person: Participant) -> list[tuple[str, str]]:
    """(topic, question) pairs a check-in asks this person.

    A mentee is asked about each topic they want to learn; a mentor about
    coaching and about speaking with senior leaders.
    """
    if person.role == MENTOR:
        return [
            (topic, f"{question} today?") for topic, question in MENTOR_CHECKIN_TOPICS
        ]
    if person.role == MENTEE:
        return [
            (topic, f"How confident are you with {topic} today?")
            for topic in person.learns
        ]
    return []


def next_phase(done: Iterable[str]) -> str:
    """The phase a new check-in most likely belongs to: the first not yet done."""
    taken = set(done)
    for phase in PHASES:
        if phase not in taken:
            return phase
    return PHASES[-1]


def check_checkin_date(value: object, *, today: date, left_on: date | None) -> date:
    day = validation.parse_date(value, "the date")
    if day > today:
        raise InvalidInput(f"the date {day} is in the future (today is {today})")
    if left_on is not None and day > left_on:
        raise InvalidInput(
            f"the date {day} is after they left the program (on {left_on})"
        )
    return day
