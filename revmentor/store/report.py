"""The queries behind `revmentor report`: everything it needs in a few statements.

Sessions and check-ins dated after the as-of date are left out here, in SQL;
sessions are summed per pair in SQL too, so a program with thousands of pairs
and tens of thousands of sessions loads in a few milliseconds (no query per pair).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from revmentor.domain.models import Program
from revmentor.domain.report import PairFacts, PersonFacts, TopicScores


@dataclass
class ReportFacts:
    program: Program
    people: list[PersonFacts]
    pairs: list[PairFacts]
    unpaired_reasons: dict[str, str]
    unpaired_reasons_on: date | None
    checkins: list[TopicScores]


def _day(text: str | None) -> date | None:
    # Dates are stored as ISO text; tolerate a time part written by hand.
    return date.fromisoformat(text[:10]) if text else None


def _attributes(text: str | None, parsed: dict[str, dict]) -> dict[str, str]:
    """Parse a participant's attributes; the same few texts recur, so each once."""
    key = text or "{}"
    value = parsed.get(key)
    if value is None:
        try:
            value = json.loads(key)
        except ValueError:
            value = {}
        if not isinstance(value, dict):
            value = {}
        parsed[key] = value
    return value


_PAIRS_SQL = """
SELECT
    pairs.id, mentor.email, mentee.email, pairs.round, pairs.paired_on,
    pairs.status, pairs.ended_on, pairs.end_reason,
    COALESCE(s.held, 0), COALESCE(s.minutes, 0), s.last_session,
    COALESCE(s.mentor_n, 0), COALESCE(s.mentor_total, 0),
    COALESCE(s.mentee_n, 0), COALESCE(s.mentee_total, 0)
FROM pairs
JOIN participants AS mentor ON mentor.id = pairs.mentor_id
JOIN participants AS mentee ON mentee.id = pairs.mentee_id
LEFT JOIN (
    SELECT
        pair_id,
        COUNT(*) AS held,
        SUM(minutes) AS minutes,
        MAX(date) AS last_session,
        COUNT(mentor_rating) AS mentor_n,
        SUM(mentor_rating) AS mentor_total,
        COUNT(mentee_rating) AS mentee_n,
        SUM(mentee_rating) AS mentee_total
    FROM sessions
    WHERE date < :until
    GROUP BY pair_id
) AS s ON s.pair_id = pairs.id
ORDER BY pairs.id
"""

# Topics are gathered in Python: one unordered pass (then a sort in memory) is
# several times faster than json_each with GROUP BY/ORDER BY in SQLite.
_TOPICS_SQL = """
SELECT pair_id, date, id, topics FROM sessions
WHERE date < :until AND topics IS NOT NULL AND topics != '[]'
"""

_NOTES_SQL = """
SELECT pair_id, date, id, notes FROM sessions
WHERE date < :until AND notes IS NOT NULL AND trim(notes) != ''
"""

_CHECKINS_SQL = """
SELECT checkins.topic, checkins.phase, participants.department,
       COUNT(*), SUM(checkins.score)
FROM checkins
JOIN participants ON participants.id = checkins.participant_id
WHERE checkins.date < :until
GROUP BY checkins.topic, checkins.phase, participants.department
"""

# Why each active person was left unpaired by the latest `revmentor pair`.
_UNPAIRED_SQL = """
SELECT participants.email, unpaired.reason, unpaired.computed_on
FROM unpaired JOIN participants ON participants.id = unpaired.participant_id
"""


def _topics_per_pair(rows: list[tuple]) -> dict[int, list[str]]:
    """pair id -> each topic once, in the order the pair first covered it."""
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    parsed: dict[str, list] = {}  # the same few topic lists recur: parse each once
    topics: dict[int, dict[str, None]] = {}
    for pair_id, _, _, text in rows:
        values = parsed.get(text)
        if values is None:
            try:
                values = json.loads(text)
            except ValueError:
                values = []
            if not isinstance(values, list):
                values = []
            values = [v for v in values if isinstance(v, str)]
            parsed[text] = values
        seen = topics.setdefault(pair_id, {})
        for value in values:
            seen.setdefault(value)
    return {pair_id: list(seen) for pair_id, seen in topics.items()}


def load_report_facts(db, *, as_of: date, include_notes: bool = False) -> ReportFacts:
    """What the report needs on ``as_of``: sessions and check-ins after it ignored.

    Notes are read only when ``include_notes``.
    """
    from revmentor.store.program import load_program

    conn = db.conn
    # "< the next day" keeps every row dated on the as-of day, time part or not.
    params = {"until": (as_of + timedelta(days=1)).isoformat()}

    parsed: dict[str, dict] = {}
    people = [
        PersonFacts(
            email=email,
            name=name,
            role=role,
            status=status,
            department=department,
            attributes=_attributes(attributes, parsed),
        )
        for email, name, role, status, department, attributes in conn.execute(
            "SELECT email, name, role, status, department, attributes "
            "FROM participants ORDER BY id"
        )
    ]

    topics = _topics_per_pair(conn.execute(_TOPICS_SQL, params).fetchall())

    notes: dict[int, tuple[str, int, str]] = {}
    if include_notes:
        for pair_id, day, session_id, text in conn.execute(_NOTES_SQL, params):
            known = notes.get(pair_id)
            if known is None or (day, session_id) > known[:2]:
                notes[pair_id] = (day, session_id, text)  # the latest one wins

    pairs = []
    for row in conn.execute(_PAIRS_SQL, params):
        (
            pair_id,
            mentor,
            mentee,
            round_,
            paired_on,
            status,
            ended_on,
            end_reason,
            held,
            minutes,
            last_session,
            mentor_n,
            mentor_total,
            mentee_n,
            mentee_total,
        ) = row
        note_on, _, note = notes.get(pair_id, (None, None, None))
        pairs.append(
            PairFacts(
                mentor=mentor,
                mentee=mentee,
                round=round_,
                paired_on=_day(paired_on),
                status=status,
                ended_on=_day(ended_on),
                end_reason=end_reason,
                held=held,
                minutes=minutes,
                last_session=_day(last_session),
                topics=tuple(topics.get(pair_id, ())),
                mentor_ratings=mentor_n,
                mentor_rating_total=mentor_total,
                mentee_ratings=mentee_n,
                mentee_rating_total=mentee_total,
                latest_notes=note,
                latest_notes_on=_day(note_on),
            )
        )

    checkins = [
        TopicScores(topic=topic, phase=phase, department=department, n=n, total=total)
        for topic, phase, department, n, total in conn.execute(_CHECKINS_SQL, params)
    ]

    reasons: dict[str, str] = {}
    reasons_on: date | None = None
    for email, reason, computed_on in conn.execute(_UNPAIRED_SQL):
        reasons[email] = reason
        day = _day(computed_on)
        if day and (reasons_on is None or day > reasons_on):
            reasons_on = day

    return ReportFacts(
        program=load_program(db),
        people=people,
        pairs=pairs,
        unpaired_reasons=reasons,
        unpaired_reasons_on=reasons_on,
        checkins=checkins,
    )
