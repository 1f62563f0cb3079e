"""Queries on the sessions table, and the pair columns sessions fill in
(``pairs.fit``/``fit_on`` after a session, ``pairs.introduced_on`` after `intro`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from revmentor.domain.models import PAIR_ACTIVE
from revmentor.domain.pair_end import PairSpan
from revmentor.domain.sessions import LoggedSession, SessionEntry
from revmentor.store.query import EITHER_SIDE, Where

_COLUMNS = """
    sessions.id, sessions.pair_id, mentor.email AS mentor, mentor.name AS mentor_name,
    mentee.email AS mentee, mentee.name AS mentee_name, sessions.date,
    sessions.minutes, sessions.topics, sessions.notes, sessions.mentor_rating,
    sessions.mentee_rating
"""
_FROM = """
    FROM sessions
    JOIN pairs ON pairs.id = sessions.pair_id
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
"""


def _from_row(row: dict) -> LoggedSession:
    return LoggedSession(
        id=row["id"],
        pair_id=row["pair_id"],
        mentor=row["mentor"],
        mentor_name=row["mentor_name"],
        mentee=row["mentee"],
        mentee_name=row["mentee_name"],
        date=date.fromisoformat(row["date"]),
        minutes=row["minutes"],
        topics=json.loads(row["topics"]),
        notes=row["notes"],
        mentor_rating=row["mentor_rating"],
        mentee_rating=row["mentee_rating"],
    )


def _to_row(entry: SessionEntry) -> dict:
    return {
        "date": entry.date.isoformat(),
        "minutes": entry.minutes,
        "topics": json.dumps(entry.topics, ensure_ascii=False),
        "notes": entry.notes,
        "mentor_rating": entry.mentor_rating,
        "mentee_rating": entry.mentee_rating,
    }


def list_sessions(
    db,
    *,
    mentor: str | None = None,
    mentee: str | None = None,
    since: date | None = None,
    pair_id: int | None = None,
    person: str | None = None,
) -> list[LoggedSession]:
    """Sessions, oldest first; filters are emails (lower-case), a date, a pair,
    and ``person``: either side of the pair."""
    where = Where()
    where.involves(person)
    where.equals("mentor.email", mentor)
    where.equals("mentee.email", mentee)
    if since is not None:
        where.add("sessions.date >= ?", since.isoformat())
    where.equals("sessions.pair_id", pair_id)
    sql = f"SELECT {_COLUMNS} {_FROM}{where.sql}"
    sql += " ORDER BY sessions.date, sessions.id"
    return [_from_row(row) for row in db.query(sql, where.params)]


def get_session(db, session_id: int) -> LoggedSession | None:
    rows = list(
        db.query(f"SELECT {_COLUMNS} {_FROM} WHERE sessions.id = ?", [session_id])
    )
    return _from_row(rows[0]) if rows else None


def count_sessions(db, pair_id: int) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM sessions WHERE pair_id = ?", [pair_id]
    ).fetchone()[0]


def last_session_on(db, pair_id: int) -> date | None:
    row = db.execute(
        "SELECT MAX(date) FROM sessions WHERE pair_id = ?", [pair_id]
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def active_pair_spans(db, *, email: str | None = None) -> list[PairSpan]:
    """What the pair-end rule needs for each active pair (of one person, if
    ``email`` is given): when it was made and its last session."""
    sql = f"""
        SELECT pairs.id, mentor.name AS mentor_name, mentee.name AS mentee_name,
               pairs.paired_on, MAX(sessions.date) AS last_session
        FROM pairs
        JOIN participants AS mentor ON mentor.id = pairs.mentor_id
        JOIN participants AS mentee ON mentee.id = pairs.mentee_id
        LEFT JOIN sessions ON sessions.pair_id = pairs.id
        WHERE pairs.status = '{PAIR_ACTIVE}'
    """
    params: list[object] = []
    if email is not None:
        sql += f" AND {EITHER_SIDE}"
        params += [email, email]
    sql += " GROUP BY pairs.id ORDER BY pairs.id"
    return [
        PairSpan(
            pair_id=row["id"],
            mentor_name=row["mentor_name"],
            mentee_name=row["mentee_name"],
            paired_on=date.fromisoformat(row["paired_on"]),
            last_session=date.fromisoformat(row["last_session"])
            if row["last_session"]
            else None,
        )
        for row in db.query(sql, params)
    ]


def sessions_on(db, pair_id: int, day: date) -> list[int]:
    """Ids of the pair's sessions already logged on ``day`` (to spot duplicates)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM sessions WHERE pair_id = ? AND date = ? ORDER BY id",
            [pair_id, day.isoformat()],
        ).fetchall()
    ]


def insert_session(db, pair_id: int, entry: SessionEntry) -> int:
    cursor = db.execute(
        "INSERT INTO sessions (pair_id, date, minutes, topics, notes, "
        "mentor_rating, mentee_rating) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [pair_id, *_to_row(entry).values()],
    )
    return cursor.lastrowid


def insert_sessions(db, rows: Iterable[tuple[int, SessionEntry, str | None]]) -> None:
    """Insert many (pair id, session, response id) at once: a bulk import."""
    db.conn.executemany(
        "INSERT INTO sessions (pair_id, date, minutes, topics, notes, "
        "mentor_rating, mentee_rating, response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (pair_id, *_to_row(entry).values(), response_id)
            for pair_id, entry, response_id in rows
        ],
    )


def session_responses(db) -> set[tuple[int, str]]:
    """(pair id, response id) of every session imported from a form."""
    return set(
        db.execute(
            "SELECT pair_id, response_id FROM sessions WHERE response_id IS NOT NULL"
        ).fetchall()
    )


def update_session(db, session_id: int, entry: SessionEntry) -> None:
    row = _to_row(entry)
    db.execute(
        "UPDATE sessions SET "
        + ", ".join(f"{key} = ?" for key in row)
        + " WHERE id = ?",
        [*row.values(), session_id],
    )


def delete_session(db, session_id: int) -> None:
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def set_pair_fit(db, pair_id: int, fit: str, on: date) -> None:
    db.execute(
        "UPDATE pairs SET fit = ?, fit_on = ? WHERE id = ?",
        [fit, on.isoformat(), pair_id],
    )


def mark_introduced(db, pair_ids: list[int], on: date) -> None:
    db.conn.executemany(
        "UPDATE pairs SET introduced_on = ? WHERE id = ?",
        [(on.isoformat(), pair_id) for pair_id in pair_ids],
    )
