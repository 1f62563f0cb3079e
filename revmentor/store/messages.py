"""The messages table: what was written or sent to whom, and when.

Also the few facts messages are built from (pairs as a message may show
them, sessions held, check-ins done), read without notes or ratings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from revmentor.domain.messages.messages import Message
from revmentor.domain.models import ACTIVE, Participant
from revmentor.domain.pairing.pairs import StoredPair
from revmentor.store.pairs import list_pairs
from revmentor.store.people.participants import list_participants


def pair_activity(db, *, as_of: date) -> list[tuple[StoredPair, int, date | None]]:
    """Every active pair with its sessions held on or before ``as_of``, and
    the day of the last one."""
    sql = """SELECT pair_id, COUNT(*), MAX(date) FROM sessions
        WHERE date < ? GROUP BY pair_id"""
    rows = db.execute(sql, [(as_of + timedelta(days=1)).isoformat()])
    counts = {
        pair_id: (held, date.fromisoformat(last[:10])) for pair_id, held, last in rows
    }
    return [(pair, *counts.get(pair.id, (0, None))) for pair in list_pairs(db)]


def people_checkins(db, *, as_of: date) -> list[tuple[Participant, date, set[str]]]:
    """Everyone active in an active pair, with the day they were first paired
    and the check-in phases they did by ``as_of``."""
    rows = db.execute(
        """
        SELECT participants.email, MIN(pairs.paired_on),
               (SELECT group_concat(phase) FROM checkins WHERE date < :until
                AND checkins.participant_id = participants.id)
        FROM participants JOIN pairs
             ON participants.id IN (pairs.mentor_id, pairs.mentee_id)
        WHERE pairs.status = 'active' AND participants.status = 'active'
        GROUP BY participants.id
        """,
        {"until": (as_of + timedelta(days=1)).isoformat()},
    )
    people = {p.email: p for p in list_participants(db, status=ACTIVE)}
    found = [
        (people[email], date.fromisoformat(first), set((done or "").split(",")))
        for email, first, done in rows
    ]
    return sorted(found, key=lambda item: (item[0].name.lower(), item[0].email))


def list_messages(
    db, *, kind: str | None = None, email: str | None = None
) -> list[dict]:
    """The recorded messages, oldest first (of one kind, or to one address)."""
    sql = """
        SELECT id, created_at, kind, pair_id AS pair, participant, recipients AS "to",
               subject, how, status
        FROM messages WHERE (kind = :kind OR :kind IS NULL) AND (:email IS NULL
            OR EXISTS (SELECT 1 FROM json_each(messages.recipients)
                       WHERE lower(json_each.value) = lower(:email)))
        ORDER BY created_at, id
    """
    rows = db.query(sql, {"kind": kind, "email": email})
    return [{**row, "to": json.loads(row["to"])} for row in rows]


def delivered(
    db, kind: str, statuses: Iterable[str], since: date = date.min
) -> set[int | str]:
    """The pairs (by id) and people (by email) with a message of ``kind`` in
    one of ``statuses``, made on a day after ``since`` (as written where it went)."""
    sql = """SELECT COALESCE(pair_id, lower(participant)) FROM messages
        WHERE kind = ? AND status IN (SELECT value FROM json_each(?))
        AND substr(created_at, 1, 10) > ?"""
    rows = db.execute(sql, [kind, json.dumps(list(statuses)), since.isoformat()])
    return {key for (key,) in rows}


def last_id(db) -> int:
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM messages").fetchone()[0]


def record_message(db, message: Message, *, how: str, status: str) -> int:
    """Record a message, now: a draft, or one claimed for sending (``settle``
    says how that went). Returns its row's id."""
    row = {key: getattr(message, key) for key in ("kind", "pair_id", "participant")}
    row |= {
        "recipients": list(message.recipients),  # sqlite-utils stores it as JSON
        "subject": message.subject,
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "how": how,
        "status": status,
    }
    return db.table("messages").insert(row).last_pk


def claim(db, message: Message, after_id: int) -> int | None:
    """Claim ``message`` for sending (its row's id), unless a run claimed or
    sent it since row ``after_id``: None, the other run has it."""
    taken = db.execute(
        "SELECT 1 FROM messages WHERE id > ? AND kind = ? AND status IN "
        "('claimed', 'sent') AND (pair_id = ? OR participant = ?)",
        [after_id, message.kind, message.pair_id, message.participant],
    ).fetchone()
    return None if taken else record_message(db, message, how="email", status="claimed")


def settle(db, row: int, message: Message, status: str, reached: Iterable[str]) -> None:
    """How a claimed message went: sent (to ``reached``), refused or failed."""
    reached = list(reached) if status == "sent" else message.recipients
    db.table("messages").update(row, {"status": status, "recipients": reached})
    if message.kind == "intro" and status == "sent":
        db.table("pairs").update(message.pair_id, {"introduced_on": date.today()})
