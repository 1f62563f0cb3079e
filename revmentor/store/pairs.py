"""Queries on the pairs table (and the unpaired reasons kept beside it)."""

from __future__ import annotations

import json
from datetime import date

from revmentor.domain.models import PAIR_ACTIVE, PAIR_ENDED
from revmentor.domain.pairs import StoredPair
from revmentor.domain.reasons import Reason, codes, legacy_code, texts
from revmentor.store.query import EITHER_SIDE, Where
from revmentor.store.rows import insert_rows, json_text

__all__ = ["StoredPair"]  # the record lives in the domain; kept importable here

PAIR_COLUMNS = """
    pairs.id, mentor.email AS mentor, mentor.name AS mentor_name,
    mentor.title AS mentor_title, mentee.email AS mentee, mentee.name AS mentee_name,
    mentee.title AS mentee_title, pairs.round, pairs.paired_on, pairs.score,
    pairs.reasons, pairs.shared_topics, pairs.fixed, pairs.status, pairs.ended_on,
    pairs.end_reason, pairs.fit, pairs.fit_on, pairs.introduced_on, pairs.reason_codes
"""
_FROM = """
    FROM pairs
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
"""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _from_row(row: dict) -> StoredPair:
    return StoredPair(
        id=row["id"],
        mentor=row["mentor"],
        mentor_name=row["mentor_name"],
        mentor_title=row["mentor_title"],
        mentee=row["mentee"],
        mentee_name=row["mentee_name"],
        mentee_title=row["mentee_title"],
        round=row["round"],
        paired_on=date.fromisoformat(row["paired_on"]),
        score=row["score"],
        reasons=json.loads(row["reasons"]),
        shared_topics=json.loads(row["shared_topics"]),
        fixed=bool(row["fixed"]),
        status=row["status"],
        ended_on=_day(row["ended_on"]),
        end_reason=row["end_reason"],
        fit=row["fit"],
        fit_on=_day(row["fit_on"]),
        introduced_on=_day(row["introduced_on"]),
        reason_codes=json.loads(row["reason_codes"]),
    )


def list_pairs(
    db,
    *,
    include_ended: bool = False,
    round: int | None = None,
    email: str | None = None,
) -> list[StoredPair]:
    """Pairs with both people's emails and names; active ones unless asked."""
    where = Where()
    if not include_ended:
        where.equals("pairs.status", PAIR_ACTIVE)
    where.equals("pairs.round", round)
    where.involves(email)
    sql = f"SELECT {PAIR_COLUMNS} {_FROM}{where.sql}"
    sql += (
        " ORDER BY pairs.round, mentor.name COLLATE NOCASE, mentee.name COLLATE NOCASE"
    )
    return [_from_row(row) for row in db.query(sql, where.params)]


def get_pair(db, pair_id: int) -> StoredPair | None:
    rows = list(
        db.query(f"SELECT {PAIR_COLUMNS} {_FROM} WHERE pairs.id = ?", [pair_id])
    )
    return _from_row(rows[0]) if rows else None


def find_active_pair(db, mentor: str, mentee: str) -> StoredPair | None:
    rows = list(
        db.query(
            f"SELECT {PAIR_COLUMNS} {_FROM} WHERE pairs.status = ? "
            "AND mentor.email = ? AND mentee.email = ?",
            [PAIR_ACTIVE, mentor, mentee],
        )
    )
    return _from_row(rows[0]) if rows else None


def pair_history(db) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(active pairs, every pair ever made) as (mentor, mentee) emails."""
    active, ever = [], []
    for mentor, mentee, status in db.execute(
        f"SELECT mentor.email, mentee.email, pairs.status {_FROM}"
    ).fetchall():
        ever.append((mentor, mentee))
        if status == PAIR_ACTIVE:
            active.append((mentor, mentee))
    return active, ever


def latest_active_pairing(db) -> date | None:
    """When the most recent of the active pairs was made."""
    row = db.execute("SELECT MAX(paired_on) FROM pairs WHERE status = ?", [PAIR_ACTIVE])
    return _day(row.fetchone()[0])


def count_active(db) -> int:
    sql = "SELECT COUNT(*) FROM pairs WHERE status = ?"
    return db.execute(sql, [PAIR_ACTIVE]).fetchone()[0]


def current_round(db) -> int:
    return db.execute("SELECT COALESCE(MAX(round), 0) FROM pairs").fetchone()[0]


def coded(row: dict) -> list[Reason]:
    """A row's reasons; plain sentences (as older callers give) coded by wording."""
    return [
        reason if isinstance(reason, Reason) else Reason(legacy_code(reason), reason)
        for reason in row["reasons"]
    ]


def insert_pairs(db, rows: list[dict]) -> None:
    """``rows``: mentor, mentee (emails), round, paired_on, score, reasons (a
    list of ``Reason``), shared_topics, fixed."""
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    insert_rows(db, "pairs", (_stored_pair(row, ids) for row in rows))


def _stored_pair(row: dict, ids: dict[str, int]) -> dict:
    reasons = coded(row)
    return {
        "mentor_id": ids[row["mentor"]],
        "mentee_id": ids[row["mentee"]],
        "round": row["round"],
        "paired_on": row["paired_on"].isoformat(),
        "score": float(row["score"]),
        "reasons": json_text(texts(reasons)),
        "reason_codes": json.dumps(codes(reasons)),
        "shared_topics": json_text(row["shared_topics"]),
        "fixed": int(row.get("fixed", False)),
        "status": PAIR_ACTIVE,
    }


def end_pair(db, pair_id: int, reason: str, on: date) -> None:
    db.execute(
        "UPDATE pairs SET status = ?, ended_on = ?, end_reason = ? WHERE id = ?",
        [PAIR_ENDED, on.isoformat(), reason, pair_id],
    )


def end_all_active(db, reason: str, on: date) -> int:
    cursor = db.execute(
        "UPDATE pairs SET status = ?, ended_on = ?, end_reason = ? WHERE status = ?",
        [PAIR_ENDED, on.isoformat(), reason, PAIR_ACTIVE],
    )
    return cursor.rowcount


def end_active_pairs_of(db, email: str, reason: str, on: date) -> int:
    """End every active pair the person is in; returns how many were ended."""
    cursor = db.execute(
        """
        UPDATE pairs SET status = ?, ended_on = ?, end_reason = ?
        WHERE status = ? AND (
            mentor_id = (SELECT id FROM participants WHERE email = ?)
            OR mentee_id = (SELECT id FROM participants WHERE email = ?)
        )
        """,
        [PAIR_ENDED, on.isoformat(), reason, PAIR_ACTIVE, email, email],
    )
    return cursor.rowcount


def replace_unpaired(
    db, reasons: dict[str, str], on: date, round: int | None = None
) -> None:
    """Keep why each person is unpaired after the latest pairing run, and since
    which round they have waited (kept from the run before when they still wait)."""
    ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
    since = waiting_since(db)
    round = round if round is not None else max(current_round(db), 1)
    db.execute("DELETE FROM unpaired")
    insert_rows(
        db,
        "unpaired",
        (
            {
                "participant_id": ids[email],
                "reason": reason,
                "computed_on": on.isoformat(),
                "since_round": since.get(email, round),
            }
            for email, reason in reasons.items()
            if email in ids
        ),
    )


def waiting_since(db) -> dict[str, int]:
    """email -> the round since which the person has been left unpaired."""
    return dict(
        db.execute(
            "SELECT participants.email, unpaired.since_round FROM unpaired "
            "JOIN participants ON participants.id = unpaired.participant_id "
            "WHERE unpaired.since_round IS NOT NULL"
        ).fetchall()
    )


def unpaired_reasons(db) -> dict[str, str]:
    return dict(
        db.execute(
            "SELECT participants.email, unpaired.reason FROM unpaired "
            "JOIN participants ON participants.id = unpaired.participant_id"
        ).fetchall()
    )


def has_active_pair(db, email: str) -> bool:
    row = db.execute(
        f"SELECT 1 {_FROM} WHERE pairs.status = ? AND {EITHER_SIDE} LIMIT 1",
        [PAIR_ACTIVE, email, email],
    ).fetchone()
    return row is not None
