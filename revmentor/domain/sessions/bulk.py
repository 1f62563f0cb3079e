"""Sessions, check-ins and goals in bulk, from a spreadsheet (a form's export): pure.

Each row names its pair (or person), then passes through the one rule set of a
session (``new_session``) or a check-in (``new_checkin``), exactly as `log` and
`checkin` do. A ``response_id`` or ``timestamp`` column makes an import
idempotent: a row whose answer is already stored is counted, not added again.
Answers about the same pair and day (both of the pair answered the form) are
one session, within a file and with the sessions stored (``NewSession.join``).
Every bad row is reported with its number.

A goals file (`goals add --from`) names its pair as a sessions file does and
the goal's words, with an optional due date and day set; each goal passes the
rules of `goals add` (``new_goal``). A goal the pair already has, in the same
words, is counted rather than added again, so a file can be imported twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from revmentor.domain import validation
from revmentor.domain.models import MENTEE, MENTOR, PAIR_ACTIVE, Participant
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.domain.people.people import pick_person
from revmentor.domain.sessions.checkins import CheckinEntry, new_checkin
from revmentor.domain.sessions.goals import (
    GoalEntry,
    StoredGoal,
    new_goal,
    reached_goals,
    reached_in_session,
)
from revmentor.domain.sessions.sessions import (
    SESSION_FIELDS,
    NewSession,
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
from revmentor.errors import InvalidInput, RevmentorError

# Who the row is about, the record's own fields, then what else a row may say;
# the form's answer id (or timestamp) makes an import idempotent.
_ANSWER = ("response_id", "timestamp")
SESSION_COLUMNS = ("mentor", "mentee", "pair", "participant", *SESSION_FIELDS)
SESSION_COLUMNS += ("fit", "goal_reached", *_ANSWER)
CHECKIN_COLUMNS = ("participant", "topic", "phase", "score", "date", *_ANSWER)
GOAL_COLUMNS = ("pair", "mentor", "mentee", "participant", "goal", "due", "date")
# A record's fields named otherwise in a file (a goal's), by that column.
_COLUMN_OF = {"text": "goal", "created_on": "date"}


@dataclass
class BulkRows:
    """What a file would add: new records, rows already stored, bad rows."""

    added: list = field(default_factory=list)
    already: int = 0
    problems: list[str] = field(default_factory=list)
    # Answers that joined another of the same pair and day (``joined``: the
    # stored sessions they changed), and where such answers disagree.
    merged: int = 0
    joined: list = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What a file's rows are checked against: the program as stored, and today."""

    people: list[Participant]
    today: date
    pairs: list[StoredPair]  # every pair, ended ones too
    # What is stored: (pair id, response id) of sessions; (email, topic key,
    # phase) -> the response id (None: typed in) of check-ins.
    stored: Any
    date_pattern: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)  # --map
    # spellings to keep, by pair or person (goals name no topics)
    topics_of: Callable[[Any], Sequence[str]] = list
    default_minutes: int = 0
    # pair id -> its open goals; a row that reaches one closes it for later rows
    open_goals: dict[int, list[StoredGoal]] = field(default_factory=dict)
    # (pair id, day) -> its session, stored or made from an earlier row
    same_day: dict[tuple[int, date], NewSession] = field(default_factory=dict)
    # what the rows make, as they are read (answers merged, where they disagree)
    rows: BulkRows = field(default_factory=BulkRows)


# --------------------------------------------------------------- finding pairs


def _on(pair: StoredPair, day: object) -> bool:
    """Whether the pair was running on ``day`` (any day, when it is not a date)."""
    return pair.ran_on(day) if isinstance(day, date) else pair.ended_on is None


def _between(pairs: list[StoredPair], mentor: str, mentee: str, day) -> StoredPair:
    """The pair of both people running on ``day`` (else still running, else the
    last; the last of equals)."""
    both = [p for p in pairs if p.mentor == mentor and p.mentee == mentee]
    if not both:
        raise InvalidInput(f"{mentor} and {mentee} were never paired")
    return max(reversed(both), key=lambda p: (_on(p, day), p.ended_on is None))


def _of_person(pairs: list[StoredPair], email: str, day: object) -> StoredPair:
    running = [p for p in pairs if email in (p.mentor, p.mentee) and _on(p, day)]
    if not running:
        raise InvalidInput(f"{email} had no pair on {day}")
    if len(running) > 1:
        raise InvalidInput(
            f"{email} had {len(running)} pairs on {day}; give the mentor and "
            "the mentee instead"
        )
    return running[0]


# --------------------------------------------------------------- rows


class _Row:
    """One row's cells, by key."""

    def __init__(self, columns: Columns, cells: tuple, pattern: str | None):
        self.columns, self.cells, self.pattern = columns, cells, pattern

    def cell(self, key: str) -> object:
        return self.columns.cell(self.cells, key)

    def text(self, key: str) -> str | None:
        return cell_text(self.cell(key))

    def when(self, key: str = "date") -> object:
        """A date cell: a date when it reads as one (--date-format), else as given."""
        return cell_date(self.cell(key), self.pattern)

    def day(self) -> object:
        """The date cell (required); one that cannot be read says how to read it."""
        day = self.when()
        if day is None:
            raise InvalidInput("the date is required", "date")
        if isinstance(day, str):
            raise InvalidInput(
                f"the date {day!r} is neither YYYY-MM-DD nor in the form "
                "--date-format gives (e.g. --date-format MM/DD/YYYY)",
                "date",
            )
        return day

    def response(self) -> str | None:
        """The form's answer id (or timestamp): what makes an import idempotent."""
        given = self.text("response_id")
        return given or timestamp_key(self.cell("timestamp"), self.pattern)

    def person(self, people: list[Participant], key: str, role: str | None = None):
        """The participant the cell names (as every command finds one), of ``role``."""
        person = self.parsed(key, lambda text: pick_person(people, text or ""))
        if role is not None and person.role != role:
            raise InvalidInput(f"{person.email} is a {person.role}, not a {role}", key)
        return person

    def parsed(self, key: str, parse: Callable, *args: object) -> Any:
        """The cell's text as ``parse`` reads it; a refusal names the column."""
        try:
            return parse(self.text(key), *args)
        except RevmentorError as error:
            raise InvalidInput(str(error), key) from None


def _checked(table: Table, keys, needs, make, context, required=()) -> BulkRows:
    """What ``make`` made of each row, after the header was matched to ``keys``
    (with the ``required`` ones, and one of the ``needs`` sets): a new record,
    None for a row already stored, or a problem naming the row."""
    problems = Problems(table.source)
    result = context.rows
    columns = match_headers(table, keys, context.mapping, required=required)
    if not any(all(key in columns for key in need) for need in needs):
        named = " or ".join("/".join(need) for need in needs)
        raise InvalidInput(
            f"{table.source}, row 1: the header names no pair: it needs a "
            f"{named} column (or --map one)"
        )
    for number, cells in table.rows:
        try:
            made = make(_Row(columns, cells, context.date_pattern), context)
        except InvalidInput as error:
            key = _COLUMN_OF.get(error.key, error.key)  # the column it names
            where = columns.where(key) if key in columns else None
            problems.add(number, where, str(error))
            continue
        if made is None:
            result.already += 1
        else:
            result.added.append(made)
    result.problems = problems.messages
    return result


# --------------------------------------------------------------- sessions


def session_rows(table: Table, context: Context) -> BulkRows:
    """Every row of a sessions file, checked; nothing is refused here but the
    header: bad rows are listed in the result."""
    needs = (("pair",), ("mentor", "mentee"), ("participant",))
    rows = _checked(table, SESSION_COLUMNS, needs, _session, context)
    made = list({id(new): new for new in rows.added}.values())
    rows.added = [new for new in made if new.session_id is None]
    rows.joined = [new for new in made if new.session_id is not None]
    return rows


def _session(row: _Row, context: Context) -> NewSession | None:
    """The row's new session (None when its answer is stored, or was earlier in
    the file: not checked again, as the pair may have ended since)."""
    pair = _which_pair(row, context)
    response = row.response() or _content_key(row)
    if (pair.id, response) in context.stored:
        return None
    author = _author(row, pair, context)
    values = {key: row.text(key) for key in ("mentor_rating", "mentee_rating")}
    notes = row.cell("notes")  # notes keep their line breaks
    entry = new_session(
        values
        | {
            "date": row.day(),
            "minutes": row.text("minutes") or context.default_minutes,
            "topics": split_list(row.text("topics")),
            "notes": notes if isinstance(notes, str | None) else cell_text(notes),
        },
        paired_on=pair.paired_on,
        today=context.today,
        ended_on=pair.ended_on,
        known_topics=context.topics_of(pair),
    )
    fit = row.parsed("fit", parse_fit) if row.text("fit") else None
    open_goals = context.open_goals.get(pair.id, [])
    try:  # by the rules of `goals done`: open, and set on or before the session
        named = reached_goals(row.cell("goal_reached"), open_goals)
        reached = reached_in_session(named, entry.date)
    except InvalidInput as error:
        raise InvalidInput(str(error), "goal_reached") from None
    context.stored.add((pair.id, response))
    open_goals[:] = [goal for goal in open_goals if goal not in reached]
    new = NewSession(pair.id, entry, fit, response, reached, author=author)
    new.minutes_given = bool(row.text("minutes"))
    return _one_session(new, pair, context)


def _author(row: _Row, pair: StoredPair, context: Context) -> str | None:
    """Whose answer the row is: the participant's who answered, else the role
    of the one rating it gives (None when it cannot tell)."""
    if row.text("participant") is not None:
        email = row.person(context.people, "participant").email
        if email not in (pair.mentor, pair.mentee):
            who = f"{pair.mentor_name} → {pair.mentee_name}"
            raise InvalidInput(f"{email} is not in the pair {who}", "participant")
        return MENTOR if email == pair.mentor else MENTEE
    given = [role for role in (MENTOR, MENTEE) if row.text(f"{role}_rating")]
    return given[0] if len(given) == 1 else None


def _one_session(new: NewSession, pair: StoredPair, context: Context) -> NewSession:
    """Answers about the same pair and day are one session: ``new`` joins the
    one stored or made from an earlier row, if there is one."""
    first = context.same_day.setdefault((pair.id, new.entry.date), new)
    if first is new:
        return new
    differ = first.join(new)
    context.rows.merged += 1
    if differ:
        where = f"{pair.mentor_name} → {pair.mentee_name} on {new.entry.date}"
        context.rows.disagreements.append(f"{where}: {'; '.join(differ)}")
    return first


def _content_key(row: _Row) -> str:
    """A row's answers as its key, when the form gave no answer id: the same
    file imported again finds its sessions stored."""
    answers = [str(row.when()), *(row.text(key) or "" for key in SESSION_FIELDS[1:])]
    digest = hashlib.sha256("\x1f".join(answers).encode()).hexdigest()
    return f"answers:{digest[:24]}"


def _which_pair(row: _Row, context: Context) -> StoredPair:
    day = row.when()
    if row.text("pair") is not None:
        number = row.parsed("pair", validation.parse_whole_number, "the pair", 1)
        found = [pair for pair in context.pairs if pair.id == number]
        if not found:
            raise InvalidInput(f"there is no pair #{number}", "pair")
        return found[0]
    if row.text("mentor") is not None and row.text("mentee") is not None:
        return _between(
            context.pairs,
            row.person(context.people, "mentor", MENTOR).email,
            row.person(context.people, "mentee", MENTEE).email,
            day,
        )
    key = next((k for k in ("participant", "mentor", "mentee") if row.text(k)), None)
    if key is None:
        raise InvalidInput(
            "the row names no pair (pair, mentor and mentee, or participant)"
        )
    return _of_person(context.pairs, row.person(context.people, key).email, day)


# --------------------------------------------------------------- check-ins


def checkin_rows(table: Table, context: Context) -> BulkRows:
    """Every row of a check-ins file, checked (as ``session_rows``)."""
    return _checked(table, CHECKIN_COLUMNS, (("participant",),), _checkin, context)


def _checkin(
    row: _Row, context: Context
) -> tuple[str, CheckinEntry, str | None] | None:
    """The row's new score as (email, check-in, response id), or None when its
    answer is stored already; a second score for a topic and phase is refused."""
    person = row.person(context.people, "participant")
    values = {key: row.text(key) for key in ("topic", "phase", "score")}
    entry = new_checkin(
        values | {"topic": values["topic"] or "", "date": row.day()},
        today=context.today,
        left_on=person.left_on,  # only one who left has one
        known_topics=context.topics_of(person),
    )
    response = row.response()
    key = (person.email, validation.topic_key(entry.topic), entry.phase)
    if key not in context.stored:
        context.stored[key] = response
        return person.email, entry, response
    if response is not None and context.stored[key] == response:
        return None
    raise InvalidInput(
        f"{person.email} already has a {entry.phase} score for {entry.topic}"
    )


# --------------------------------------------------------------- goals


def goal_rows(table: Table, context: Context) -> BulkRows:
    """Every row of a goals file, checked: new (pair id, goal)s, goals the
    pair has already, bad rows. ``context.stored``: (pair id, casefolded
    words) of the goals stored."""
    needs = (("pair",), ("mentor",), ("mentee",), ("participant",))
    return _checked(table, GOAL_COLUMNS, needs, _goal, context, required=("goal",))


def _goal(row: _Row, context: Context) -> tuple[int, GoalEntry] | None:
    pair = _which_pair(row, context)
    if pair.status != PAIR_ACTIVE:
        raise InvalidInput(
            f"the pair {pair.mentor_name} → {pair.mentee_name} has ended; "
            "goals are set by active pairs"
        )
    values = {"text": row.text("goal") or "", "due": row.when("due")}
    values["created_on"] = row.when()
    goal = new_goal(values, paired_on=pair.paired_on, today=context.today)
    if (pair.id, goal.text.casefold()) in context.stored:
        return None
    context.stored.add((pair.id, goal.text.casefold()))
    return pair.id, goal
