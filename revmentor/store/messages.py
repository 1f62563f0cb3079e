"""The messages table: what was written or sent to whom, and when.

Also the few facts messages are built from (pairs as a message may show
them, sessions held, check-ins done), read without notes or ratings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from revmentor.domain.intro import PairStanding, PairView
from revmentor.domain.messages import Message, RecordedMessage
from revmentor.domain.models import ACTIVE, PAIR_ACTIVE
from revmentor.domain.remind import PairActivity, PersonCheckins
from revmentor.store.query import Where

_PAIR_VIEW_SQL = """
    SELECT pairs.id, mentor.email, mentor.name, mentor.title, mentee.email,
           mentee.name, mentee.title, pairs.round, pairs.paired_on, pairs.reasons,
           pairs.shared_topics, pairs.status, pairs.ended_on, pairs.introduced_on,
           pairs.reason_codes
    FROM pairs
    JOIN participants AS mentor ON mentor.id = pairs.mentor_id
    JOIN participants AS mentee ON mentee.id = pairs.mentee_id
"""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _view(row) -> PairView:
    return PairView(
        id=row[0],
        mentor=row[1],
        mentor_name=row[2],
        mentor_title=row[3],
        mentee=row[4],
        mentee_name=row[5],
        mentee_title=row[6],
        round=row[7],
        paired_on=date.fromisoformat(row[8]),
        reasons=tuple(json.loads(row[9])),
        shared_topics=tuple(json.loads(row[10])),
        reason_codes=tuple(json.loads(row[14])),
    )


def pair_views(db, *, include_ended: bool = False) -> list[PairStanding]:
    """Pairs as messages may show them, with where each stands."""
    sql, params = _PAIR_VIEW_SQL, []
    if not include_ended:
        sql += " WHERE pairs.status = ?"
        params.append(PAIR_ACTIVE)
    sql += (
        " ORDER BY pairs.round, mentor.name COLLATE NOCASE, "
        "mentee.name COLLATE NOCASE, pairs.id"
    )
    return [
        PairStanding(
            view=_view(row),
            status=row[11],
            ended_on=_day(row[12]),
            introduced_on=_day(row[13]),
        )
        for row in db.execute(sql, params).fetchall()
    ]


def pair_activity(db, *, as_of: date) -> list[PairActivity]:
    """Every active pair with its sessions held on or before ``as_of``."""
    until = (as_of + timedelta(days=1)).isoformat()
    counts = {
        pair_id: (held, _day(last[:10]) if last else None)
        for pair_id, held, last in db.execute(
            "SELECT pair_id, COUNT(*), MAX(date) FROM sessions WHERE date < ? "
            "GROUP BY pair_id",
            [until],
        ).fetchall()
    }
    result = []
    for standing in pair_views(db):
        held, last = counts.get(standing.view.id, (0, None))
        result.append(
            PairActivity(
                pair=standing.view,
                held=held,
                last_session=last,
                ended=standing.ended,
                ended_on=standing.ended_on,
            )
        )
    return result


def people_checkins(db, *, as_of: date) -> list[PersonCheckins]:
    """Everyone active in an active pair, with the check-in phases they did."""
    from revmentor.store.participants import list_participants

    until = (as_of + timedelta(days=1)).isoformat()
    done: dict[str, set[str]] = defaultdict(set)
    for email, phase in db.execute(
        "SELECT participants.email, checkins.phase FROM checkins "
        "JOIN participants ON participants.id = checkins.participant_id "
        "WHERE checkins.date < ?",
        [until],
    ).fetchall():
        done[email.lower()].add(phase)
    paired_on: dict[str, date] = {}
    for view in (standing.view for standing in pair_views(db)):
        for email in (view.mentor, view.mentee):
            key = email.lower()
            paired_on[key] = min(view.paired_on, paired_on.get(key, view.paired_on))
    return [
        PersonCheckins(
            person=person,
            paired_on=paired_on[person.email.lower()],
            phases_done=frozenset(done.get(person.email.lower(), ())),
        )
        for person in sorted(
            list_participants(db, status=ACTIVE),
            key=lambda p: (p.name.lower(), p.email),
        )
        if person.email.lower() in paired_on
    ]


def _recorded(row: dict) -> RecordedMessage:
    return RecordedMessage(
        id=row["id"],
        kind=row["kind"],
        pair_id=row["pair_id"],
        participant=row["participant"],
        recipients=tuple(json.loads(row["recipients"])),
        subject=row["subject"],
        created_at=datetime.fromisoformat(row["created_at"]),
        how=row["how"],
        status=row["status"],
    )


def list_messages(
    db, *, kind: str | None = None, email: str | None = None
) -> list[RecordedMessage]:
    where = Where()
    where.equals("kind", kind)
    if email is not None:
        where.add(
            "EXISTS (SELECT 1 FROM json_each(messages.recipients) "
            "WHERE lower(json_each.value) = lower(?))",
            email,
        )
    sql = f"SELECT * FROM messages{where.sql} ORDER BY created_at, id"
    return [_recorded(row) for row in db.query(sql, where.params)]


def earlier_by_pair(db, kind: str) -> dict[int, list[RecordedMessage]]:
    found: dict[int, list[RecordedMessage]] = defaultdict(list)
    for message in list_messages(db, kind=kind):
        if message.pair_id is not None:
            found[message.pair_id].append(message)
    return found


def earlier_by_person(db, kind: str) -> dict[str, list[RecordedMessage]]:
    found: dict[str, list[RecordedMessage]] = defaultdict(list)
    for message in list_messages(db, kind=kind):
        if message.participant is not None:
            found[message.participant.lower()].append(message)
    return found


def record_messages(
    db,
    messages: Iterable[Message],
    *,
    how: str,
    status: str,
    at: datetime,
    recipients: dict[int, tuple[str, ...]] | None = None,
) -> int:
    """Record messages as written or sent; ``recipients`` (by id of the Message
    object) overrides who it reached when the server refused someone."""
    rows = [
        {
            "kind": m.kind,
            "pair_id": m.pair_id,
            "participant": m.participant,
            "recipients": json.dumps(
                list((recipients or {}).get(id(m), m.recipients)), ensure_ascii=False
            ),
            "subject": m.subject,
            "created_at": at.isoformat(timespec="seconds"),
            "how": how,
            "status": status,
        }
        for m in messages
    ]
    if rows:
        db.table("messages").insert_all(rows, batch_size=500)
    return len(rows)
