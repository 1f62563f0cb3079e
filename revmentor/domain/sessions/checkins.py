"""The one rule set for a check-in (a confidence score per topic and phase).

Every way a check-in comes in (`checkin` prompts and flags, a bulk
`checkin --from` file, a restored backup) builds it with ``new_checkin``; what
is checked is what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Annotated, Any

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import MENTOR, PHASES, Participant
from revmentor.domain.records import Record, rule
from revmentor.domain.sessions.sessions import canonical_topics, one_to_five, validated
from revmentor.errors import InvalidInput

# A mentor's check-in measures the mentor's own growth, not a topic they teach.
# Each is asked as "How confident are you coaching a senior leader today?".
MENTOR_CHECKIN_TOPICS = ("Coaching a senior leader", "Speaking with senior leaders")


def parse_score(value: object) -> int:
    """A check-in score 1-5 (required)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput("a score from 1 to 5 is required")
    return one_to_five(value, "the score")


def parse_checkin_topic(value: object, *, context: Mapping[str, Any] = {}) -> str:
    """Exactly one topic, spelled like a known one (the ``known_topics`` of a
    validation's ``context``) when it matches.

    A check-in scores one topic: "TikTok, LinkedIn" would be stored as one odd
    topic that no report can match, so a list is refused rather than guessed.
    """
    if not isinstance(value, str):
        raise InvalidInput(f"the topic must be text, not {value!r}")
    parts = validation.parse_topics(value)  # splits at commas, as lists do
    if not parts:
        raise InvalidInput("the topic cannot be empty")
    if len(parts) > 1:
        raise InvalidInput(
            f"a check-in scores one topic, and {' '.join(value.split())!r} names "
            f"{len(parts)}; record each topic with its own score"
        )
    # parse_topics has refused a topic longer than validation.MAX_SHORT_TEXT.
    return canonical_topics(parts, context.get("known_topics", ()))[0]


def in_the_program(value: object, *, context: Mapping[str, Any]) -> object:
    """A day not in the future nor after the person left (``today`` and
    ``left_on`` of the context; no day means today); a stored check-in's day
    is taken as it is."""
    if "today" not in context:
        return value
    today, left_on = context["today"], context.get("left_on")
    day = day_not_in_future(today if value is None else value, today=today)
    if left_on is not None and day > left_on:
        raise InvalidInput(
            f"the date {day} is after they left the program (on {left_on})"
        )
    return day


class CheckinEntry(Record):
    """One score: a topic, the phase of the program, 1-5, a day.

    Validated with ``today``, ``left_on`` (when the person left the program, if
    they did) and the ``known_topics`` whose spelling a typed topic takes;
    without that context (a stored check-in) the date is taken as it is.
    """

    topic: Annotated[str, rule(parse_checkin_topic, context=True)]
    phase: Annotated[str, rule(validation.parse_choice, "phase", PHASES)]
    score: Annotated[int, rule(parse_score)]
    date: Annotated[date, rule(in_the_program, context=True)]


class StoredCheckin(CheckinEntry):
    """A check-in as stored, with the person it belongs to."""

    id: int
    email: str
    name: str
    role: str


def new_checkin(values: Mapping[str, object], **context) -> CheckinEntry:
    """A check-in from loose answers (flags, prompts, a bulk file, a backup).

    ``values`` keys: topic, phase, score (all required), date (default today).
    ``context``: ``today``, ``left_on`` (when the person left the program, if
    they did) and the ``known_topics`` whose spelling a typed topic takes.
    """
    return validated(CheckinEntry, values, **context)


def checkin_questions(
    person: Participant, statements: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(topic, question) pairs a check-in asks this person.

    A mentee is asked about each topic they want to learn; a mentor about
    coaching and about speaking with senior leaders; everyone how much they
    agree with each of the program's statements (on an agreement scale).
    """
    if person.role == MENTOR:
        questions = [
            (topic, f"How confident are you {topic[:1].lower()}{topic[1:]} today?")
            for topic in MENTOR_CHECKIN_TOPICS
        ]
    else:
        questions = [(topic, question_about(topic)) for topic in person.learns]
    return questions + [(s, f'How much do you agree: "{s}"?') for s in statements]


def question_about(topic: str) -> str:
    """How confident the person is with a topic (a topic named by the
    coordinator, or one they learn)."""
    return f"How confident are you with {topic} today?"
