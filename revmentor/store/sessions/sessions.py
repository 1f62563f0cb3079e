"""Queries on the sessions table, the pair columns a session fills in
(``pairs.fit``/``fit_on``), and the one way every command finds the pair a
user names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from revmentor.domain.models import MENTEE, MENTOR, PAIR_ACTIVE
from revmentor.domain.pairing.pairs import PairSpan
from revmentor.domain.sessions.sessions import (
    SESSION_FIELDS,
    LoggedSession,
    NewSession,
    SessionEntry,
)
from revmentor.domain.validation import LARGEST_WHOLE_NUMBER
from revmentor.errors import InvalidInput, NotFound
from revmentor.store.pairs import get_pair, list_pairs
from revmentor.store.people.participants import find_participant
from revmentor.store.rows import decoded


def pair_select(table: str, columns: str) -> str:
    """SELECT a ``table`` row's id and pair with both people of the pair, then
    ``columns``: what sessions and goals are listed with."""
    return f"""
        SELECT {table}.id, {table}.pair_id, mentor.email AS mentor,
            mentor.name AS mentor_name, mentee.email AS mentee,
            mentee.name AS mentee_name, {columns}
        FROM {table}
        JOIN pairs ON pairs.id = {table}.pair_id
        JOIN participants AS mentor ON mentor.id = pairs.mentor_id
        JOIN participants AS mentee ON mentee.id = pairs.mentee_id
    """


_COLUMNS = ", ".join(f"sessions.{field}" for field in SESSION_FIELDS)
_SELECT = pair_select("sessions", _COLUMNS)


def list_sessions(
    db,
    *,
    mentor: str | None = None,
    mentee: str | None = None,
    since: date | None = None,
    person: str | None = None,
) -> list[LoggedSession]:
    """Sessions, oldest first; filters are emails (lower-case), a date, and ``person``: either side of the pair."""
    sql = f"""{_SELECT} WHERE (:person IS NULL OR :person IN (mentor.email, mentee.email))
        AND (:mentor IS NULL OR mentor.email = :mentor)
        AND (:mentee IS NULL OR mentee.email = :mentee)
        AND (:since IS NULL OR sessions.date >= :since)
        ORDER BY sessions.date, sessions.id"""
    since_text = since.isoformat() if since else None
    params = {"person": person, "mentor": mentor, "mentee": mentee, "since": since_text}
    return [LoggedSession(**decoded(row)) for row in db.query(sql, params)]


def get_session(db, session_id: int) -> LoggedSession | None:
    rows = db.query(f"{_SELECT} WHERE sessions.id = ?", [session_id])
    return next((LoggedSession(**decoded(row)) for row in rows), None)


def count_sessions(db, pair_id: int) -> int:
    return db["sessions"].count_where("pair_id = ?", [pair_id])


def active_pair_spans(db, *, email: str | None = None) -> list[PairSpan]:
    """What the pair-end rule needs for each active pair (of one person, if
    ``email`` is given): when it was made and its last session."""
    sql = "SELECT pair_id, MAX(date) FROM sessions GROUP BY pair_id"
    last = {pair_id: date.fromisoformat(day) for pair_id, day in db.execute(sql)}
    pairs = sorted(list_pairs(db, email=email), key=lambda pair: pair.id)
    return [
        PairSpan(p.id, p.mentor_name, p.mentee_name, p.paired_on, last.get(p.id))
        for p in pairs
    ]


def sessions_on(db, pair_id: int, day: date) -> list[int]:
    """Ids of the pair's sessions already logged on ``day`` (to spot duplicates)."""
    rows = db["sessions"].rows_where(
        "pair_id = ? AND date = ?", [pair_id, day.isoformat()], order_by="id"
    )
    return [row["id"] for row in rows]


def insert_sessions(db, made: Iterable[NewSession]) -> int:
    """Insert sessions at once (a bulk import is many); returns the id of a
    lone one."""
    table = db["sessions"].insert_all(
        dict(new.entry.model_dump(), pair_id=new.pair_id, response_id=new.response_id)
        for new in made
    )
    return table.last_pk


def session_responses(db) -> set[tuple[int, str]]:
    """(pair id, response id) of every form answer stored: a session made of
    several answers keeps their ids one a line."""
    rows = db["sessions"].rows_where("response_id IS NOT NULL")
    return {
        (row["pair_id"], response)
        for row in rows
        for response in row["response_id"].split("\n")
    }


def first_of_each_day(db) -> dict[tuple[int, date], NewSession]:
    """Each pair's first session of each day it met, with its response ids, by
    (pair id, day): what a bulk file's answers about that day join."""
    sql = f"""{pair_select("sessions", f"{_COLUMNS}, sessions.response_id")}
        WHERE sessions.id IN (SELECT MIN(id) FROM sessions GROUP BY pair_id, date)"""
    found = {}
    for row in db.query(sql):
        ids, stored = row.pop("response_id"), LoggedSession(**decoded(row))
        made = NewSession(stored.pair_id, stored.entry, None, ids, session_id=stored.id)
        found[stored.pair_id, stored.date] = made
    return found


def update_session(
    db, session_id: int, entry: SessionEntry, response_id: str | None = None
) -> None:
    """Change a session (and, when given, the form answers it is made of)."""
    ids = {"response_id": response_id} if response_id else {}
    db["sessions"].update(session_id, entry.model_dump() | ids)


def delete_session(db, session_id: int) -> None:
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def set_pair_fit(db, pair_id: int, fit: str, on: date) -> None:
    db["pairs"].update(pair_id, {"fit": fit, "fit_on": on.isoformat()})


# ---------------------------------------------------------------- naming a pair


def _ended_sentence(pair, why: str) -> str:
    """``why``: what only active pairs can do, e.g. "goals are set by active pairs"."""
    reason = f" ({pair.end_reason})" if pair.end_reason else ""
    label = f"{pair.mentor_name} → {pair.mentee_name}"
    return f"The pair {label} ended on {pair.ended_on}{reason}; {why}."


def person_in_role(db, text: str, role: str | None = None):
    """The participant ``text`` names (email, name, "did you mean"), of ``role``."""
    person = find_participant(db, text)
    if role is not None and person.role != role:
        other = "--mentee" if role == MENTOR else "--mentor"
        raise InvalidInput(
            f"{person.email} is a {person.role}, not a {role}; give them with {other}."
        )
    return person


# A pair as a user names it: its number, two emails or a name (see find_pairs),
# or (mentor, mentee) as two texts.
PairName = str | tuple[str, str]


def find_pairs(
    db,
    *,
    pair: PairName | None = None,
    mentor: str | None = None,
    mentee: str | None = None,
    active: bool = True,
    why: str = "only active pairs can",
) -> list:
    """The pairs a user names. ``pair`` is a pair's number (``#3`` or ``3``),
    the mentor's and mentee's emails ("ana@x.com dana@x.com", either order),
    one person's email or name (their one active pair when ``active``), or
    (mentor, mentee); else the mentor and/or the mentee; all active pairs
    when nothing is named. Only active pairs unless ``active`` is False. A name
    that finds no pair is refused in one sentence saying why (``why``: what
    only active pairs may do)."""
    if isinstance(pair, tuple):
        (mentor, mentee), pair = pair, None
    given = (pair or "").strip().removeprefix("#")
    if given.isascii() and given.isdigit():
        number = int(given)  # one past SQLite's integers is no pair either
        found = get_pair(db, number) if number <= LARGEST_WHOLE_NUMBER else None
        if found is None:
            raise NotFound(f"No pair #{number}; see `revmentor pairs --all`.")
        if active and found.status != PAIR_ACTIVE:
            raise InvalidInput(_ended_sentence(found, why))
        return [found]
    words, person = given.split(), pair  # one person's email or name, or two emails
    if len(words) == 2 and all("@" in word for word in words):
        first, second = (person_in_role(db, word) for word in words)
        if first.role == MENTEE:
            first, second = second, first
        mentor, mentee, person = first.email, second.email, None
    people = {
        role: person_in_role(db, text, role)
        for role, text in ((MENTOR, mentor), (MENTEE, mentee), (None, person))
        if text is not None
    }
    email = next((p.email for p in people.values()), None)
    theirs = [
        p
        for p in list_pairs(db, include_ended=True, email=email)
        if all(getattr(p, role) == who.email for role, who in people.items() if role)
    ]
    matches = [p for p in theirs if not active or p.status == PAIR_ACTIVE]
    if pair is not None and active and len(matches) > 1:
        choices = ", ".join(
            f"#{p.id} {p.mentor_name} → {p.mentee_name}" for p in matches
        )
        raise InvalidInput(
            f"{pair.strip()} is in {len(matches)} active pairs ({choices}); "
            f"give the pair's number, e.g. --pair {matches[0].id}."
        )
    if matches or not people:
        return matches
    if theirs:  # how their last pair ended
        last = max(theirs, key=lambda p: (p.ended_on or p.paired_on, p.id))
        raise InvalidInput(_ended_sentence(last, why))
    named = " and ".join(f"{who.name} ({who.email})" for who in people.values())
    verb = "are not an active pair" if len(people) > 1 else "has no active pair"
    raise InvalidInput(f"{named} {verb}; see `revmentor pairs` for who is paired.")
