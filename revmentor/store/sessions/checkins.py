"""Queries on the checkins table: what participants say they can do, by phase."""

from __future__ import annotations

from collections.abc import Sequence

from revmentor.domain.sessions.checkins import CheckinEntry, StoredCheckin
from revmentor.domain.validation import topic_key


def list_checkins(
    db,
    *,
    email: str | None = None,
    topic: str | None = None,
    phase: str | None = None,
) -> list[StoredCheckin]:
    """Check-ins by person, then phase, then topic; filters are exact
    (email lower-case, topic compared without case)."""
    sql = """
        SELECT checkins.id, participants.email, participants.name, participants.role,
            checkins.topic, checkins.phase, checkins.score, checkins.date
        FROM checkins JOIN participants ON participants.id = checkins.participant_id
        WHERE (:email IS NULL OR participants.email = :email)
        AND (:topic IS NULL OR checkins.topic = :topic COLLATE NOCASE)
        AND (:phase IS NULL OR checkins.phase = :phase)
        ORDER BY participants.name COLLATE NOCASE, participants.email,
            CASE checkins.phase WHEN 'baseline' THEN 0 WHEN 'midpoint' THEN 1 ELSE 2 END,
            checkins.topic COLLATE NOCASE, checkins.date, checkins.id
    """
    params = {"email": email, "topic": topic, "phase": phase}
    return [StoredCheckin(**row) for row in db.query(sql, params)]


def known_topics(db) -> list[str]:
    """Every topic a check-in was ever recorded for (to keep spellings consistent)."""
    sql = "SELECT DISTINCT topic FROM checkins ORDER BY topic COLLATE NOCASE"
    return [row[0] for row in db.execute(sql).fetchall()]


def save_checkins(
    db, email: str, entries: Sequence[CheckinEntry], *, replace: bool
) -> None:
    """Insert check-ins for one person.

    With ``replace``, an earlier check-in of that person for the same topic and
    phase is deleted first, so each phase holds one score per topic.
    """
    db.conn.executemany(
        "DELETE FROM checkins WHERE phase = ? AND topic = ? COLLATE NOCASE "
        "AND participant_id = (SELECT id FROM participants WHERE email = ?)",
        [(entry.phase, entry.topic, email) for entry in entries if replace],
    )
    insert_checkins(db, [(email, entry, None) for entry in entries])


def insert_checkins(db, rows: Sequence[tuple[str, CheckinEntry, str | None]]) -> None:
    """Insert many (email, check-in, response id) at once: a bulk import."""
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    db["checkins"].insert_all(
        entry.model_dump() | {"participant_id": ids[email], "response_id": answer}
        for email, entry, answer in rows
    )


def checkin_responses(db) -> dict[tuple[str, str, str], str | None]:
    """(email, topic key, phase) -> the form's response id (None: typed in) of
    every check-in stored."""
    rows = db.execute(
        "SELECT participants.email, checkins.topic, checkins.phase, "
        "checkins.response_id FROM checkins "
        "JOIN participants ON participants.id = checkins.participant_id"
    )
    return {(email, topic_key(topic), phase): id for email, topic, phase, id in rows}
