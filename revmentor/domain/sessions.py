"""The one rule set for a session, and for how a pairing fits: pure, no I/O.

Every way a session comes in (`log` prompts and flags, `sessions edit`, a bulk
`log --from` file, a restored backup) builds it with ``new_session`` or
``changed_session``. Each ``parse_*``/``check_*`` function returns the clean
value or raises ``InvalidInput`` with a lower-case fragment that the caller
completes into one sentence ("Cannot log the session: minutes must be ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from enum import StrEnum

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.errors import InvalidInput

RATING_MIN, RATING_MAX = 1, 5


class Fit(StrEnum):
    """How a pair is going after its first session (stored in pairs.fit)."""

    good = "good"
    unsure = "unsure"
    poor = "poor"


FIT_GOOD, FIT_UNSURE, FIT_POOR = Fit.good, Fit.unsure, Fit.poor
FIT_LABELS = {
    FIT_GOOD: "good fit",
    FIT_UNSURE: "not sure",
    FIT_POOR: "not a good fit",
}

# A session is a meeting, not a retreat: more than a day is a typing mistake.
LONGEST_SESSION_MINUTES = 24 * 60


@dataclass
class SessionEntry:
    """One session's validated answers (the pair is chosen separately)."""

    date: date
    minutes: int
    topics: list[str] = field(default_factory=list)
    notes: str | None = None
    mentor_rating: int | None = None
    mentee_rating: int | None = None


# The fields of a session, in the order a form or a backup gives them.
SESSION_FIELDS = tuple(f.name for f in fields(SessionEntry))


@dataclass(kw_only=True)
class LoggedSession(SessionEntry):
    """A session as stored, with both people of its pair: what listings show."""

    id: int
    pair_id: int
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str

    @property
    def entry(self) -> SessionEntry:
        return SessionEntry(**{key: getattr(self, key) for key in SESSION_FIELDS})


# ---------------------------------------------------------------- fields


def check_session_date(
    value: object,
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> date:
    """A real date, not in the future, not before the pair was made (nor after it ended)."""
    day = day_not_in_future(value, today=today)
    if day < paired_on:
        raise InvalidInput(
            f"the date {day} is before the pair was made (on {paired_on})"
        )
    if ended_on is not None and day > ended_on:
        raise InvalidInput(f"the date {day} is after the pair ended (on {ended_on})")
    return day


def _whole(value: object) -> int | None:
    """A whole number as typed or stored, or None when it is not one."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, str) and re.fullmatch(r"\+?\d+", text):
        return int(text)
    return None


def parse_minutes(value: object) -> int:
    minutes = _whole(value)
    if minutes is None or minutes <= 0:
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
    return one_to_five(value, who)


def one_to_five(value: object, what: str) -> int:
    """A whole number from 1 to 5 (a rating or a check-in score)."""
    number = _whole(value)
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


def parse_notes(value: object) -> str | None:
    """Free text that may keep line breaks (other control characters refused);
    surrounding blank lines dropped, None when empty."""
    if value is None:
        return None
    text = validation.clean_multiline(value, "notes").strip("\n").rstrip()
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


def topic_choices(known: Iterable[str]) -> list[str]:
    """Known topics once each (first spelling wins), blanks dropped: a pick list."""
    seen: set[str] = set()
    choices = []
    for topic in known:
        key = validation.topic_key(topic)
        if key and key not in seen:
            seen.add(key)
            choices.append(topic)
    return choices


# ---------------------------------------------------------------- sessions


def new_session(
    values: Mapping[str, object],
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
    known_topics: Sequence[str] = (),
) -> SessionEntry:
    """A session from loose answers (flags, prompts, a bulk file, a backup).

    ``values`` keys: date (default today), minutes (required), topics (a list or
    comma-separated text), notes, mentor_rating, mentee_rating; ``None`` means
    not given. ``ended_on``: the pair's end, for a session of an ended pair.
    """
    day = values.get("date")
    return SessionEntry(
        date=check_session_date(
            today if day is None else day,
            paired_on=paired_on,
            today=today,
            ended_on=ended_on,
        ),
        **_checked_fields(values, known_topics),
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
    """A copy of ``entry`` with the given (non-None) fields changed, checked by
    the same rules as a new session.

    An empty text clears topics, notes or a rating; date and minutes cannot be
    cleared.
    """
    given = {k: v for k, v in values.items() if v is not None}
    merged = {**asdict(entry), **given}
    day = entry.date
    if "date" in given:
        day = check_session_date(
            given["date"], paired_on=paired_on, today=today, ended_on=ended_on
        )
    return SessionEntry(date=day, **_checked_fields(merged, known_topics))


def _checked_fields(
    values: Mapping[str, object], known_topics: Sequence[str]
) -> dict[str, object]:
    """Every field of a session but its date, checked."""
    return {
        "minutes": parse_minutes(values.get("minutes")),
        "topics": canonical_topics(
            validation.parse_topics(values.get("topics")), known_topics
        ),
        "notes": parse_notes(values.get("notes")),
        "mentor_rating": parse_rating(
            values.get("mentor_rating"), "the mentor's rating"
        ),
        "mentee_rating": parse_rating(
            values.get("mentee_rating"), "the mentee's rating"
        ),
    }
