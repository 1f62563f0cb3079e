"""The messages table: what was written or sent to whom, and when.

Also the few facts messages are built from (pairs as a message may show
them, sessions held, check-ins done), read without notes or ratings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from revmentor.domain.messages import Message
from revmentor.domain.models import ACTIVE, Participant
from revmentor.domain.pairs import StoredPair
from revmentor.store.pairs import list_pairs
from revmentor.store.participants import list_participants


def pair_activity(db, *, as_of: date) -> list[tuple[StoredPair, int, date | None]]:
    """Every active pair with its sessions held on or before ``as_of``, and
    the day of the last one."""
    counts = {
        pair_id: (held, date.fromisoformat(last[:10]))
        for pair_id, held, last in db.execute(
            "SELECT pair_id, COUNT(*), MAX(date) FROM sessions WHERE date < ? "
            "GROUP BY pair_id",
            [(as_of + timedelta(days=1)).isoformat()],
        )
    }
    return [(pair, *counts.get(pair.id, (0, None))) for pair in list_pairs(db)]


def people_checkins(db, *, as_of: date) -> list[tuple[Participant, date, set[str]]]:
    """Everyone active in an active pair, with the day they were first paired
    and the check-in phases they did by ``as_of``."""
    done: dict[str, set[str]] = defaultdict(set)
    for email, phase in db.execute(
        "SELECT participants.email, checkins.phase FROM checkins "
        "JOIN participants ON participants.id = checkins.participant_id "
        "WHERE checkins.date < ?",
        [(as_of + timedelta(days=1)).isoformat()],
    ):
        done[email.lower()].add(phase)
    paired_on: dict[str, date] = {}
    for pair in list_pairs(db):
        for email in (pair.mentor.lower(), pair.mentee.lower()):
            paired_on[email] = min(pair.paired_on, paired_on.get(email, pair.paired_on))
    people = sorted(
        list_participants(db, status=ACTIVE), key=lambda p: (p.name.lower(), p.email)
    )
    return [
        (p, paired_on[p.email.lower()], done[p.email.lower()])
        for p in people
        if p.email.lower() in paired_on
    ]


def list_messages(
    db, *, kind: str | None = None, email: str | None = None
) -> list[dict]:
    """The recorded messages, oldest first, as stored (recipients as JSON)."""
    sql = (
        "SELECT * FROM messages WHERE (kind = :kind OR :kind IS NULL) AND "
        "(:email IS NULL OR EXISTS (SELECT 1 FROM json_each(messages.recipients) "
        "WHERE lower(json_each.value) = lower(:email))) ORDER BY created_at, id"
    )
    return list(db.query(sql, {"kind": kind, "email": email}))


def reminded_on(db, kind: str) -> dict[Any, list[date]]:
    """The days messages of ``kind`` went out, by pair id or by person (lower case)."""
    found: dict[Any, list[date]] = defaultdict(list)
    for row in list_messages(db, kind=kind):
        key = (
            row["pair_id"] if row["pair_id"] is not None else row["participant"].lower()
        )
        found[key].append(datetime.fromisoformat(row["created_at"]).date())
    return found


def record_message(
    db, message: Message, *, how: str, status: str, reached: Iterable[str] | None = None
) -> None:
    """Record a message as written or sent, now; ``reached`` is who it reached
    when the server refused someone."""
    db.table("messages").insert(
        {
            "kind": message.kind,
            "pair_id": message.pair_id,
            "participant": message.participant,
            "recipients": json.dumps(
                list(message.recipients if reached is None else reached),
                ensure_ascii=False,
            ),
            "subject": message.subject,
            "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "how": how,
            "status": status,
        }
    )
    if message.kind == "intro":
        db.execute(
            "UPDATE pairs SET introduced_on = ? WHERE id = ?",
            [date.today().isoformat(), message.pair_id],
        )
