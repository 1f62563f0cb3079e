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

from revmentor.domain.intro import PairView
from revmentor.domain.messages import Message
from revmentor.domain.models import ACTIVE, PAIR_ACTIVE
from revmentor.domain.remind import PairActivity, PersonCheckins

_PAIR_VIEW_SQL = """
    SELECT pairs.id, mentor.email AS mentor, mentor.name AS mentor_name,
           mentor.title AS mentor_title, mentee.email AS mentee,
           mentee.name AS mentee_name, mentee.title AS mentee_title, pairs.round,
           pairs.paired_on, pairs.reasons, pairs.shared_topics, pairs.reason_codes,
           pairs.status, pairs.ended_on, pairs.introduced_on
    FROM pairs
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
    WHERE pairs.status = ? OR ?
    ORDER BY pairs.round, mentor.name COLLATE NOCASE, mentee.name COLLATE NOCASE,
             pairs.id
"""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def pair_views(db, *, include_ended: bool = False) -> list[PairView]:
    """Pairs as messages may show them (active ones unless ``include_ended``)."""
    views = []
    for row in db.query(_PAIR_VIEW_SQL, [PAIR_ACTIVE, include_ended]):
        for key in ("reasons", "shared_topics", "reason_codes"):
            row[key] = tuple(json.loads(row[key]))
        for key in ("paired_on", "ended_on", "introduced_on"):
            row[key] = _day(row[key])
        views.append(PairView(**row))
    return views


def pair_activity(db, *, as_of: date) -> list[PairActivity]:
    """Every active pair with its sessions held on or before ``as_of``."""
    counts = {
        pair_id: (held, _day(last))
        for pair_id, held, last in db.execute(
            "SELECT pair_id, COUNT(*), MAX(date) FROM sessions WHERE date < ? "
            "GROUP BY pair_id",
            [(as_of + timedelta(days=1)).isoformat()],
        )
    }
    return [
        PairActivity(view, *counts.get(view.id, (0, None))) for view in pair_views(db)
    ]


def people_checkins(db, *, as_of: date) -> list[PersonCheckins]:
    """Everyone active in an active pair, with the check-in phases they did."""
    from revmentor.store.participants import list_participants

    done: dict[str, set[str]] = defaultdict(set)
    for email, phase in db.execute(
        "SELECT participants.email, checkins.phase FROM checkins "
        "JOIN participants ON participants.id = checkins.participant_id "
        "WHERE checkins.date < ?",
        [(as_of + timedelta(days=1)).isoformat()],
    ):
        done[email.lower()].add(phase)
    paired_on: dict[str, date] = {}
    for view in pair_views(db):
        for email in (view.mentor.lower(), view.mentee.lower()):
            paired_on[email] = min(view.paired_on, paired_on.get(email, view.paired_on))
    people = sorted(
        list_participants(db, status=ACTIVE), key=lambda p: (p.name.lower(), p.email)
    )
    return [
        PersonCheckins(p, paired_on[p.email.lower()], frozenset(done[p.email.lower()]))
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
