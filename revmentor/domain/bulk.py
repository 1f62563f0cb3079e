"""Sessions and check-ins in bulk, from a spreadsheet (a form's export): pure.

Each row names its pair (or person), then passes through the one rule set of a
session (``new_session``) or a check-in (``new_checkin``), exactly as `log` and
`checkin` do. A ``response_id`` or ``timestamp`` column makes an import
idempotent: a row whose answer is already stored is counted, not added again.
Every bad row is reported with its number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from revmentor.domain import validation
from revmentor.domain.checkins import CheckinEntry, new_checkin
from revmentor.domain.goals import StoredGoal, reached_goals, reached_in_session
from revmentor.domain.models import LEFT, MENTEE, MENTOR, Participant
from revmentor.domain.sessions import (
    SESSION_FIELDS,
    SessionEntry,
    new_session,
    parse_fit,
)
from revmentor.domain.tables import (
    Columns,
    Problems,
    Table,
    cell_date,
    cell_text,
    match_headers,
    split_list,
    timestamp_key,
)
from revmentor.domain.text import folded as _folded
from revmentor.errors import InvalidInput, RosterError

# Who the row is about, the session's own fields, then what else a row may say.
SESSION_COLUMNS = (
    "mentor",
    "mentee",
    "pair",
    "participant",
    *SESSION_FIELDS,
    "fit",
    "goal_reached",
    "response_id",
    "timestamp",
)
CHECKIN_COLUMNS = ("participant", "topic", "phase", "score", "date")
CHECKIN_COLUMNS += ("response_id", "timestamp")


class PairLike(Protocol):
    id: int
    mentor: str
    mentee: str
    paired_on: date
    ended_on: date | None


@dataclass
class NewSession:
    row: int
    pair_id: int
    entry: SessionEntry
    fit: str | None
    response_id: str | None
    reached: list[StoredGoal] = field(default_factory=list)  # goals it reached


@dataclass
class NewCheckin:
    row: int
    email: str
    entry: CheckinEntry
    response_id: str | None


@dataclass
class BulkRows:
    """What a file would add: new records, rows already stored, bad rows."""

    added: list = field(default_factory=list)
    already: int = 0
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------- finding people


class People:
    """Find a participant by email or unique name, as a file's cells name them."""

    def __init__(self, participants: Iterable[Participant]):
        self.by_email = {p.email: p for p in participants}
        self._by_name: dict[str, list[Participant]] = {}
        for person in self.by_email.values():
            self._by_name.setdefault(_folded(person.name), []).append(person)

    def find(self, text: str, role: str | None = None) -> Participant:
        person = self.by_email.get(validation.normalize_email(text))
        if person is None:
            found = self._by_name.get(_folded(text), [])
            if role is not None and len(found) > 1:
                found = [p for p in found if p.role == role]
            if len(found) > 1:
                raise InvalidInput(
                    f"{len(found)} people are called {text!r}; give the email instead"
                )
            if not found:
                raise InvalidInput(f"nobody enrolled has the email or name {text!r}")
            person = found[0]
        if role is not None and person.role != role:
            raise InvalidInput(f"{person.email} is a {person.role}, not a {role}")
        return person


def _on(pair: PairLike, day: object) -> bool:
    """Whether the pair was running on ``day`` (any day, when it is not a date)."""
    if not isinstance(day, date):
        return pair.ended_on is None
    return pair.paired_on <= day and (pair.ended_on is None or day <= pair.ended_on)


class Pairs:
    """Find the pair a row means: by id, by both people, or by one of them."""

    def __init__(self, pairs: Iterable[PairLike]):
        self.by_id = {p.id: p for p in pairs}
        self.of: dict[str, list[PairLike]] = {}
        for pair in self.by_id.values():
            self.of.setdefault(pair.mentor, []).append(pair)
            self.of.setdefault(pair.mentee, []).append(pair)

    def by_number(self, text: str) -> PairLike:
        number = validation.parse_whole_number(text, "the pair", minimum=1)
        pair = self.by_id.get(number)
        if pair is None:
            raise InvalidInput(f"there is no pair #{number}")
        return pair

    def between(self, mentor: str, mentee: str, day: object) -> PairLike:
        both = [p for p in self.of.get(mentor, []) if p.mentee == mentee]
        if not both:
            raise InvalidInput(f"{mentor} and {mentee} were never paired")
        running = [p for p in both if _on(p, day)] or [
            p for p in both if p.ended_on is None
        ]
        return running[-1] if running else both[-1]

    def of_person(self, email: str, day: object) -> PairLike:
        running = [p for p in self.of.get(email, []) if _on(p, day)]
        if not running:
            raise InvalidInput(f"{email} had no pair on {day}")
        if len(running) > 1:
            raise InvalidInput(
                f"{email} had {len(running)} pairs on {day}; give the mentor and "
                "the mentee instead"
            )
        return running[0]


# --------------------------------------------------------------- sessions


@dataclass
class SessionContext:
    """What the rows are checked against: the program as stored, and today."""

    people: People
    pairs: Pairs
    today: date
    default_minutes: int
    topics_of: Callable[[PairLike], Sequence[str]]  # spellings to keep
    stored: set[tuple[int, str]] = field(default_factory=set)  # (pair, response)
    date_pattern: str | None = None
    # pair id -> its open goals; a row that reaches one closes it for later rows
    open_goals: dict[int, list[StoredGoal]] = field(default_factory=dict)


def session_rows(
    table: Table, mapping: Mapping[str, str], context: SessionContext
) -> BulkRows:
    """Every row of a sessions file, checked; nothing is refused here but the
    header (raised as ``RosterError``): bad rows are listed in the result."""
    columns = match_headers(table, SESSION_COLUMNS, mapping)
    _require_one_of(table, columns, (("pair",), ("mentor", "mentee"), ("participant",)))
    problems = Problems(table.source)
    result = BulkRows()
    seen = set(context.stored)
    for number, cells in table.rows:
        try:
            made = _session(columns, cells, context)
        except _AlreadyStored:
            result.already += 1
            continue
        except InvalidInput as error:
            problems.add(number, _column_of(error, columns), error.message)
            continue
        if made.response_id is not None:
            key = (made.pair_id, made.response_id)
            if key in seen:
                result.already += 1
                continue
            seen.add(key)
        made.row = number
        result.added.append(made)
        if made.reached:
            still_open = context.open_goals[made.pair_id]
            still_open[:] = [g for g in still_open if g not in made.reached]
    result.problems = problems.messages
    return result


def _session(columns: Columns, cells: tuple, context: SessionContext) -> NewSession:
    def text(key: str) -> str | None:
        return cell_text(columns.cell(cells, key))

    day = cell_date(columns.cell(cells, "date"), context.date_pattern)
    pair = _which_pair(text, day, context)
    response = text("response_id")
    if response is None and "timestamp" in columns:
        response = timestamp_key(columns.cell(cells, "timestamp"))
    if response is not None and (pair.id, response) in context.stored:
        raise _AlreadyStored  # not checked again: the pair may have ended since
    minutes = text("minutes")
    topics = text("topics")
    values = {
        "date": day,
        "minutes": context.default_minutes if minutes is None else minutes,
        "topics": split_list(topics),
        "notes": _notes(columns.cell(cells, "notes")),
        "mentor_rating": text("mentor_rating"),
        "mentee_rating": text("mentee_rating"),
    }
    _check_day(day, context.date_pattern)
    entry = new_session(
        values,
        paired_on=pair.paired_on,
        today=context.today,
        ended_on=pair.ended_on,
        known_topics=context.topics_of(pair),
    )
    fit = text("fit")
    reached = _reached(columns.cell(cells, "goal_reached"), pair, entry.date, context)
    return NewSession(
        0, pair.id, entry, parse_fit(fit) if fit else None, response, reached
    )


def _reached(cell: object, pair: PairLike, day: date, context: SessionContext):
    """The pair's goals a row's ``goal_reached`` cell names, by the rules of
    `goals done`: open, and set on or before the session."""
    try:
        named = reached_goals(cell, context.open_goals.get(pair.id, []))
        return reached_in_session(named, day)
    except InvalidInput as error:
        message = error.message.removeprefix("goal_reached: ")
        raise _InColumn(message, "goal_reached") from None


# Which column a rule's message is about, by how the rule words it.
_MESSAGE_COLUMNS = (
    ("minutes", "minutes"),
    ("the date", "date"),
    ("the mentor's rating", "mentor_rating"),
    ("the mentee's rating", "mentee_rating"),
    ("fit", "fit"),
    ("notes", "notes"),
    ("each topic", "topics"),
    ("topics", "topics"),
    ("the topic", "topic"),
    ("a check-in scores one topic", "topic"),
    ("phase", "phase"),
    ("the score", "score"),
    ("a score", "score"),
    ("the participant", "participant"),
)


class _InColumn(InvalidInput):
    """A problem with one named column's cell."""

    def __init__(self, message: str, key: str):
        super().__init__(message)
        self.key = key


def _column_of(error: InvalidInput, columns: Columns) -> str | None:
    key = getattr(error, "key", None)
    if key is None:
        key = next(
            (k for start, k in _MESSAGE_COLUMNS if error.message.startswith(start)),
            None,
        )
    return columns.where(key) if key is not None and key in columns else None


def _find(people: People, text: str, key: str, role: str | None = None):
    try:
        return people.find(text, role)
    except InvalidInput as error:
        raise _InColumn(error.message, key) from None


class _AlreadyStored(Exception):
    """The row's answer was imported before."""


def _check_day(day: object, pattern: str | None) -> None:
    """A date cell that could not be read says how to read it."""
    if day is None:
        raise InvalidInput("the date is required")
    if isinstance(day, str):
        if pattern:
            raise InvalidInput(f"the date {day!r} does not fit --date-format")
        raise InvalidInput(
            f"the date {day!r} is not written YYYY-MM-DD; give its form with "
            "--date-format, e.g. --date-format MM/DD/YYYY"
        )


def _notes(value: object) -> str | None:
    # Notes keep their line breaks; every other cell is one line of text.
    if value is None:
        return None
    return value if isinstance(value, str) else cell_text(value)


def _which_pair(text: Callable, day: object, context: SessionContext) -> PairLike:
    if text("pair") is not None:
        try:
            return context.pairs.by_number(text("pair"))
        except InvalidInput as error:
            raise _InColumn(error.message, "pair") from None
    mentor, mentee = text("mentor"), text("mentee")
    if mentor is not None and mentee is not None:
        return context.pairs.between(
            _find(context.people, mentor, "mentor", MENTOR).email,
            _find(context.people, mentee, "mentee", MENTEE).email,
            day,
        )
    who = text("participant") or mentor or mentee
    if who is None:
        raise InvalidInput(
            "the row names no pair (pair, mentor and mentee, or participant)"
        )
    key = "participant" if text("participant") else "mentor" if mentor else "mentee"
    return context.pairs.of_person(_find(context.people, who, key).email, day)


def _require_one_of(
    table: Table, columns: Columns, choices: Sequence[Sequence[str]]
) -> None:
    if any(all(key in columns for key in choice) for choice in choices):
        return
    named = " or ".join("/".join(choice) for choice in choices)
    raise RosterError(
        [
            f"{table.source}, row 1: the header names no pair: it needs a {named} "
            "column (or --map one)"
        ]
    )


# --------------------------------------------------------------- check-ins


@dataclass
class CheckinContext:
    people: People
    today: date
    topics_of: Callable[[Participant], Sequence[str]]
    # (email, topic key, phase) -> the response id it came from (None: by hand)
    stored: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    date_pattern: str | None = None


def checkin_rows(
    table: Table, mapping: Mapping[str, str], context: CheckinContext
) -> BulkRows:
    """Every row of a check-ins file, checked (as ``session_rows``)."""
    columns = match_headers(table, CHECKIN_COLUMNS, mapping)
    _require_one_of(table, columns, (("participant",),))
    problems = Problems(table.source)
    result = BulkRows()
    taken = dict(context.stored)
    for number, cells in table.rows:
        try:
            made = _checkin(columns, cells, context)
        except InvalidInput as error:
            problems.add(number, _column_of(error, columns), error.message)
            continue
        key = (made.email, validation.topic_key(made.entry.topic), made.entry.phase)
        if key in taken:
            if made.response_id is not None and taken[key] == made.response_id:
                result.already += 1
                continue
            problems.add(
                number,
                None,
                f"{made.email} already has a {made.entry.phase} score for "
                f"{made.entry.topic}",
            )
            continue
        taken[key] = made.response_id
        made.row = number
        result.added.append(made)
    result.problems = problems.messages
    return result


def _checkin(columns: Columns, cells: tuple, context: CheckinContext) -> NewCheckin:
    def text(key: str) -> str | None:
        return cell_text(columns.cell(cells, key))

    who = text("participant")
    if who is None:
        raise InvalidInput("the participant is required")
    person = _find(context.people, who, "participant")
    day = cell_date(columns.cell(cells, "date"), context.date_pattern)
    _check_day(day, context.date_pattern)
    response = text("response_id")
    if response is None and "timestamp" in columns:
        response = timestamp_key(columns.cell(cells, "timestamp"))
    entry = new_checkin(
        {
            "topic": text("topic") or "",
            "phase": text("phase"),
            "score": text("score"),
            "date": day,
        },
        today=context.today,
        left_on=person.left_on if person.status == LEFT else None,
        known_topics=context.topics_of(person),
    )
    return NewCheckin(0, person.email, entry, response)
