"""The one rule set for a session, and for how a pairing fits: pure, no I/O.

Every way a session comes in (`log` prompts and flags, `sessions edit`, a bulk
`log --from` file, a restored backup) builds it with ``new_session`` or
``changed_session``. Each ``parse_*``/``check_*`` function returns the clean
value or raises ``InvalidInput`` with a lower-case fragment that the caller
completes into one sentence ("Cannot log the session: minutes must be ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import ValidationError, ValidationInfo, field_validator

from revmentor.domain import records, validation
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import FIT_LABELS, MENTEE, MENTOR
from revmentor.domain.records import Record, rule
from revmentor.domain.validation import topic_key
from revmentor.errors import InvalidInput

if TYPE_CHECKING:
    from revmentor.domain.sessions.goals import StoredGoal

R = TypeVar("R", bound=Record)


# A session is a meeting, not a retreat: more than a day is a typing mistake.
LONGEST_SESSION_MINUTES = 24 * 60


# ---------------------------------------------------------------- fields


def day_in_pair(
    value: object,
    what: str = "the date",
    *,
    paired_on: date,
    today: date,
    ended_on: date | None = None,
) -> date:
    """A real day, not in the future, within the pair's life: a session's, or
    the day a goal was set, reached or dropped."""
    day = day_not_in_future(value, what, today=today)
    if day < paired_on:
        raise InvalidInput(f"{what} {day} is before the pair was made (on {paired_on})")
    if ended_on is not None and day > ended_on:
        raise InvalidInput(f"{what} {day} is after the pair ended (on {ended_on})")
    return day


def parse_minutes(value: object) -> int:
    minutes = validation.whole_or_none(value)
    if minutes is None or minutes <= 0:
        raise InvalidInput(f"minutes must be a positive whole number, not {value!r}")
    if minutes > LONGEST_SESSION_MINUTES:
        raise InvalidInput(
            f"minutes must be at most {LONGEST_SESSION_MINUTES} (one day), not {minutes}"
        )
    return minutes


def parse_rating(value: object, role: str) -> int | None:
    """The mentor's or the mentee's rating (``role``) 1-5, or None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return one_to_five(value, f"the {role}'s rating")


def one_to_five(value: object, what: str) -> int:
    """A whole number from 1 to 5 (a rating or a check-in score)."""
    number = validation.whole_or_none(value)
    if number is None or not 1 <= number <= 5:
        raise InvalidInput(f"{what} must be a whole number from 1 to 5, not {value!r}")
    return number


def parse_fit(value: object) -> str:
    """good, unsure or poor (the labels "good fit", "not sure", ... also work)."""
    text = " ".join(str(value).split()).lower() if value is not None else ""
    for key, label in FIT_LABELS.items():
        if text in (key, label):
            return key
    raise InvalidInput(f"fit must be good, unsure or poor, not {value!r}")


def canonical_topics(topics: Iterable[str], known: Iterable[str]) -> list[str]:
    """Topics as given, spelled like a known topic when they match one
    (case- and space-insensitively), repeats dropped."""
    spelling = {topic_key(topic): topic for topic in topic_choices(known)}
    return [
        spelling.get(topic_key(topic), topic)
        for topic in validation.parse_topics(list(topics))
    ]


def topic_choices(known: Iterable[str]) -> list[str]:
    """Known topics once each (first spelling wins), blanks dropped: a pick list."""
    spelling: dict[str, str] = {}
    for topic in known:
        spelling.setdefault(topic_key(topic), topic)
    return [topic for key, topic in spelling.items() if key]


def validated(model: type[R], values: Mapping[str, object], **context) -> R:
    """``model`` from loose answers; a refusal names its field (``error.key``)."""
    data = {key: values.get(key) for key in model.model_fields}
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problem = error.errors()[0]
        key = records.field_name(problem["loc"])
        raise InvalidInput(records.sentence(problem), key) from None


def pair_day(value: object, what: str, *, context: Mapping[str, Any]) -> object:
    """``day_in_pair`` by the validation's context (``today``, the pair's
    ``paired_on`` and ``ended_on``; no day means today). A stored record's day
    (no context, or ``keep_date``) is taken as it is."""
    if "paired_on" not in context or context.get("keep_date"):
        return value
    day = context["today"] if value is None else value
    span: dict[str, Any] = {key: context.get(key) for key in ("paired_on", "ended_on")}
    return day_in_pair(day, what, today=context["today"], **span)


# Notes keep their line breaks, and may run to several pages.
_NOTES = rule(validation.parse_long_text, "notes", validation.MAX_NOTES, optional=True)


class SessionEntry(Record):
    """One session's answers, each by its rule (the pair is chosen separately).

    Validated with the pair's ``paired_on`` and ``ended_on``, ``today`` and the
    ``known_topics`` whose spelling typed topics take; without that context (a
    stored session) the date is taken as it is.
    """

    date: Annotated[date, rule(pair_day, "the date", context=True)]
    minutes: Annotated[int, rule(parse_minutes)]
    topics: Annotated[list[str], rule(validation.parse_topics)] = []
    notes: Annotated[str | None, _NOTES] = None
    mentor_rating: Annotated[int | None, rule(parse_rating, "mentor")] = None
    mentee_rating: Annotated[int | None, rule(parse_rating, "mentee")] = None

    @field_validator("topics")
    @classmethod
    def _spelled_as_known(cls, topics: list[str], info: ValidationInfo) -> list[str]:
        return canonical_topics(topics, (info.context or {}).get("known_topics", ()))


# The fields of a session, in the order a form or a backup gives them.
SESSION_FIELDS = tuple(SessionEntry.model_fields)


class OfPair(Record):
    """A stored record's id and pair, with both people of the pair (what
    ``store.sessions.pair_select`` reads): sessions and goals."""

    id: int
    pair_id: int
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str


class LoggedSession(SessionEntry, OfPair):
    """A session as stored, with both people of its pair: what listings show."""

    @property
    def entry(self) -> SessionEntry:
        return SessionEntry(**self.model_dump(include=set(SESSION_FIELDS)))


@dataclass
class SessionLogged:
    """What `log` saved: the session, and what else it did."""

    session_id: int
    entry: SessionEntry
    held: int  # the pair's sessions so far, this one included
    same_day: list[int]  # sessions of the pair logged earlier on the same day
    reached: list[int]  # goals marked reached
    added_goal: int | None


# ---------------------------------------------------------------- sessions


def new_session(values: Mapping[str, object], **context) -> SessionEntry:
    """A session from loose answers (flags, prompts, a bulk file, a backup).

    ``values`` keys: date (default today), minutes (required), topics (a list or
    comma-separated text), notes, mentor_rating, mentee_rating; ``None`` means
    not given. ``context``: the pair's ``paired_on`` and ``ended_on`` (for a
    session of an ended pair), ``today``, and the ``known_topics`` whose
    spelling typed topics take.
    """
    return validated(SessionEntry, values, **context)


def changed_session(
    entry: SessionEntry, values: Mapping[str, object], **context
) -> SessionEntry:
    """A copy of ``entry`` with the given (non-None) fields changed, checked by
    the same rules as a new session (``context``: as ``new_session`` takes).

    An empty text clears topics, notes or a rating; date and minutes cannot be
    cleared.
    """
    given = {k: v for k, v in values.items() if v is not None}
    merged = entry.model_dump() | given
    return validated(SessionEntry, merged, **context, keep_date="date" not in given)


@dataclass
class NewSession:
    """A session about to be stored (from a file's rows, or typed in)."""

    pair_id: int
    entry: SessionEntry
    fit: str | None
    response_id: str | None
    reached: list[StoredGoal] = field(default_factory=list)  # goals it reached
    session_id: int | None = None  # the stored session these answers join
    author: str | None = None  # whose answer it is (mentor, mentee), when known
    minutes_given: bool = True  # False: the program's session length

    def join(self, other: NewSession) -> list[str]:
        """Take in ``other``, an answer about the same meeting (the same pair
        and day); returns where the two disagree.

        A rating comes from the answer of the person it rates (each answer's
        ``author``, when known), else it fills a blank; minutes are the first
        answer's unless only the second gave them; topics are both answers';
        notes are both, kept apart and labelled by whose they are; so are the
        form's answer ids, one a line.
        """
        first, second, author = self.entry, other.entry, other.author
        values, differ = first.model_dump(), []
        for role in (MENTOR, MENTEE):
            key, new = f"{role}_rating", getattr(second, f"{role}_rating")
            old = values[key]
            if new is not None and old is not None and new != old:
                kept = new if author == role else old
                differ.append(f"the {role}'s rating ({old} and {new}; {kept} kept)")
            if old is None or author == role:
                values[key] = old if new is None else new
        given = (self.minutes_given, other.minutes_given)
        if not given[0] and given[1]:
            values["minutes"] = second.minutes
        elif all(given) and first.minutes != second.minutes:
            minutes = f"{first.minutes} and {second.minutes}; {first.minutes} kept"
            differ.append(f"minutes ({minutes})")
        both = [*first.topics, *second.topics]
        values["topics"] = canonical_topics(both, first.topics)
        named = [{topic_key(t) for t in e.topics} for e in (first, second)]
        only = [t for t in values["topics"] if topic_key(t) in named[0] ^ named[1]]
        if first.topics and second.topics and only:
            differ.append(f"topics ({', '.join(only)} in one answer only)")
        if second.notes and second.notes not in (first.notes or ""):
            notes = [(first.notes, self.author), (second.notes, author)]
            values["notes"] = "\n\n".join(
                f"The {who}'s notes: {text}" if who else text
                for text, who in notes
                if text
            )
        self.entry = SessionEntry(**values)
        ids = "\n".join(filter(None, [self.response_id, other.response_id]))
        self.response_id, self.fit = ids or None, other.fit or self.fit
        self.reached += other.reached
        self.author = None  # both answered
        self.minutes_given |= other.minutes_given
        return differ
