"""Queries on the pairs table (and the unpaired reasons kept beside it)."""

from __future__ import annotations

import json
from datetime import date

from revmentor.domain.pairing.pairs import StoredPair
from revmentor.store.rows import dated, decoded

_SELECT = """
    SELECT pairs.*, mentor.email AS mentor, mentor.name AS mentor_name,
    mentor.title AS mentor_title, mentee.email AS mentee, mentee.name AS mentee_name,
    mentee.title AS mentee_title
    FROM pairs
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
"""


def _from_row(row: dict) -> StoredPair:
    del row["mentor_id"], row["mentee_id"]  # the people are named instead
    row = dated(decoded(row), "paired_on", "ended_on", "fit_on", "introduced_on")
    return StoredPair(**{**row, "fixed": bool(row["fixed"])})


def _pairs(db, where: str = "", params: tuple | list | dict = ()) -> list[StoredPair]:
    return [_from_row(row) for row in db.query(_SELECT + where, params)]


def list_pairs(
    db,
    *,
    include_ended: bool = False,
    round: int | None = None,
    email: str | None = None,
) -> list[StoredPair]:
    """Pairs with both people's emails and names; active ones unless asked."""
    where = """ WHERE (:all OR pairs.status = 'active')
        AND (:round IS NULL OR pairs.round = :round)
        AND (:email IS NULL OR :email IN (mentor.email, mentee.email))
        ORDER BY pairs.round, mentor.name COLLATE NOCASE, mentee.name COLLATE NOCASE"""
    return _pairs(db, where, {"all": include_ended, "round": round, "email": email})


def get_pair(db, pair_id: int) -> StoredPair | None:
    return next(iter(_pairs(db, " WHERE pairs.id = ?", [pair_id])), None)


def has_active_pair(db, email: str) -> bool:
    return bool(list_pairs(db, email=email))


def current_round(db) -> int:
    return db.execute("SELECT COALESCE(MAX(round), 0) FROM pairs").fetchone()[0]


def insert_pairs(db, rows: list[dict]) -> None:
    """``rows``: mentor, mentee (emails), round, paired_on, score, reasons (a
    list of ``Reason``), shared_topics, fixed."""
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    stored = [
        {
            "mentor_id": ids[row["mentor"]],
            "mentee_id": ids[row["mentee"]],
            "round": row["round"],
            "paired_on": row["paired_on"],
            "score": float(row["score"]),
            "reasons": [reason.text for reason in row["reasons"]],
            "reason_codes": [reason.code for reason in row["reasons"]],
            "shared_topics": row["shared_topics"],
            "fixed": row.get("fixed", False),
        }  # status: 'active' by the column's default
        for row in rows
    ]
    # sqlite-utils stores lists as JSON (non-ASCII kept) and dates as ISO text.
    db.table("pairs").insert_all(stored, batch_size=500)


def end_pairs(
    db, reason: str, on: date, *, ids: list[int] | None = None, email: str | None = None
) -> int:
    """End the active pairs ``ids`` (None: all of them), or only those the
    person ``email`` is in; returns how many were ended."""
    sql = """UPDATE pairs SET status = 'ended', ended_on = :on, end_reason = :reason
        WHERE status = 'active'
        AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
        AND (:email IS NULL OR (SELECT id FROM participants WHERE email = :email)
            IN (mentor_id, mentee_id))"""
    chosen = None if ids is None else json.dumps(ids)
    params = {"on": on.isoformat(), "reason": reason, "email": email, "ids": chosen}
    return db.execute(sql, params).rowcount


def replace_unpaired(db, reasons: dict[str, str], on: date, round: int) -> None:
    """Keep why each person is unpaired after the latest pairing run, and since
    which round they have waited (kept from the run before when they still wait)."""
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    since = waiting_since(db)
    db.execute("DELETE FROM unpaired")
    rows = [
        {
            "participant_id": ids[email],
            "reason": reason,
            "computed_on": on.isoformat(),
            "since_round": since.get(email, round),
        }
        for email, reason in reasons.items()
    ]
    db.table("unpaired").insert_all(rows, batch_size=500)


def waiting_since(db) -> dict[str, int]:
    """email -> the round since which the person has been left unpaired."""
    sql = """SELECT participants.email, unpaired.since_round FROM unpaired
        JOIN participants ON participants.id = unpaired.participant_id
        WHERE unpaired.since_round IS NOT NULL"""
    return dict(db.execute(sql).fetchall())
