"""The queries behind `revmentor report`: everything it needs in a few statements.

Sessions, check-ins and goals dated after the as-of date are left out here, in
SQL; sessions are summed per pair in SQL too, so a program with thousands of
pairs and tens of thousands of sessions loads in a few milliseconds (no query
per pair).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from revmentor.domain.models import Program
from revmentor.domain.outcomes import CheckinFacts
from revmentor.domain.progress import GoalFacts
from revmentor.domain.report import PairFacts, PersonFacts
from revmentor.domain.validation import topic_key


@dataclass
class ReportFacts:
    program: Program
    people: list[PersonFacts]
    pairs: list[PairFacts]
    unpaired_reasons: dict[str, str]
    unpaired_reasons_on: date | None
    checkins: list[CheckinFacts]
    # Whether people who left are marked as having left the organisation too.
    organisation_recorded: bool = False
    org: dict[str, str | None] = field(default_factory=dict)  # email -> manager


def _day(text: str | None) -> date | None:
    # Dates are stored as ISO text; tolerate a time part written by hand.
    return date.fromisoformat(text[:10]) if text else None


def _json_of(text: str | None, parsed: dict, kind: type, empty: str):
    """Parse a JSON column; the same few texts recur, so each is parsed once."""
    key = text or empty
    value = parsed.get(key)
    if value is None:
        try:
            value = json.loads(key)
        except ValueError:
            value = kind()
        if not isinstance(value, kind):
            value = kind()
        parsed[key] = value
    return value


def _columns(conn, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


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
SELECT participants.email, participants.department, checkins.topic,
       checkins.phase, checkins.score, checkins.date
FROM checkins
JOIN participants ON participants.id = checkins.participant_id
WHERE checkins.date < :until
ORDER BY checkins.date, checkins.id
"""

# Why each active person was left unpaired by the latest `revmentor pair`.
_UNPAIRED_SQL = """
SELECT participants.email, unpaired.reason, unpaired.computed_on
FROM unpaired JOIN participants ON participants.id = unpaired.participant_id
"""

_GOALS_SQL = """
SELECT pair_id, created_on, due, done_on, dropped_on FROM pair_goals
WHERE created_on < :until
"""


@dataclass
class _PairTopics:
    covered: list[str]  # each topic once, in the order the pair first covered it
    sessions: dict[str, int]  # topic -> sessions of the pair covering it


def _topics_per_pair(rows: list[tuple]) -> dict[int, _PairTopics]:
    """pair id -> the topics its sessions covered, compared without case."""
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    parsed: dict[str, list] = {}
    keyed: dict[str, list[tuple[str, str]]] = {}  # text -> [(key, topic)] once each
    topics: dict[int, dict[str, list]] = {}  # pair -> key -> [first spelling, count]
    for pair_id, _, _, text in rows:
        pairs = keyed.get(text)
        if pairs is None:
            values = _json_of(text, parsed, list, "[]")
            seen: dict[str, str] = {}
            for value in values:
                if isinstance(value, str) and value.strip():
                    seen.setdefault(topic_key(value), value)
            pairs = keyed[text] = list(seen.items())
        per_pair = topics.setdefault(pair_id, {})
        for key, value in pairs:
            entry = per_pair.get(key)
            if entry is None:
                per_pair[key] = [value, 1]
            else:
                entry[1] += 1
    return {
        pair_id: _PairTopics(
            covered=[entry[0] for entry in per_pair.values()],
            sessions={entry[0]: entry[1] for entry in per_pair.values()},
        )
        for pair_id, per_pair in topics.items()
    }


def _people(conn) -> tuple[list[PersonFacts], bool]:
    """Everyone, and whether leaving the organisation is recorded."""
    recorded = "left_organisation_on" in _columns(conn, "participants")
    left_org = "left_organisation_on" if recorded else "NULL"
    parsed: dict[str, dict] = {}
    people = [
        PersonFacts(
            email=email,
            name=name,
            role=role,
            status=status,
            department=department,
            attributes=_json_of(attributes, parsed, dict, "{}"),
            enrolled_on=_day(enrolled_on),
            left_on=_day(left_on),
            left_organisation=None
            if left_organisation is None
            else bool(left_organisation),
            manager=manager,
        )
        for (
            email,
            name,
            role,
            status,
            department,
            attributes,
            enrolled_on,
            left_on,
            left_organisation,
            manager,
        ) in conn.execute(
            "SELECT email, name, role, status, department, attributes, "
            f"enrolled_on, left_on, {left_org}, manager FROM participants ORDER BY id"
        )
    ]
    # Organisation retention means something once leaving it is recorded for
    # someone (`people leave --left-organisation`); until then it is unknown.
    recorded = recorded and any(p.left_organisation for p in people)
    return people, recorded


def _latest_notes(conn, params: dict) -> dict[int, tuple[str, int, str]]:
    """pair id -> (date, session id, text) of its latest session with notes."""
    notes: dict[int, tuple[str, int, str]] = {}
    for pair_id, day, session_id, text in conn.execute(_NOTES_SQL, params):
        known = notes.get(pair_id)
        if known is None or (day, session_id) > known[:2]:
            notes[pair_id] = (day, session_id, text)
    return notes


def _goals(conn, params: dict) -> dict[int, list[GoalFacts]]:
    """pair id -> its goals set before the as-of day; none when the program
    has no goals table."""
    if not _columns(conn, "pair_goals"):
        return {}
    goals: dict[int, list[GoalFacts]] = {}
    for pair_id, created_on, due, done_on, dropped_on in conn.execute(
        _GOALS_SQL, params
    ):
        goals.setdefault(pair_id, []).append(
            GoalFacts(
                created_on=_day(created_on),
                due=_day(due),
                done_on=_day(done_on),
                dropped_on=_day(dropped_on),
            )
        )
    return goals


def _pairs(conn, params: dict, include_notes: bool) -> list[PairFacts]:
    topics = _topics_per_pair(conn.execute(_TOPICS_SQL, params).fetchall())
    notes = _latest_notes(conn, params) if include_notes else {}
    goals = _goals(conn, params)
    no_topics = _PairTopics(covered=[], sessions={})
    pairs = []
    for row in conn.execute(_PAIRS_SQL, params):
        pair_id = row[0]
        note_on, _, note = notes.get(pair_id, (None, None, None))
        covered = topics.get(pair_id, no_topics)
        pairs.append(
            PairFacts(
                mentor=row[1],
                mentee=row[2],
                round=row[3],
                paired_on=_day(row[4]),
                status=row[5],
                ended_on=_day(row[6]),
                end_reason=row[7],
                held=row[8],
                minutes=row[9],
                last_session=_day(row[10]),
                topics=tuple(covered.covered),
                topic_sessions=covered.sessions,
                mentor_ratings=row[11],
                mentor_rating_total=row[12],
                mentee_ratings=row[13],
                mentee_rating_total=row[14],
                latest_notes=note,
                latest_notes_on=_day(note_on),
                goals=tuple(goals.get(pair_id, ())),
            )
        )
    return pairs


def _checkins(conn, params: dict) -> list[CheckinFacts]:
    return [
        CheckinFacts(
            person=email,
            department=department,
            topic=topic,
            phase=phase,
            score=score,
            day=_day(day),
        )
        for email, department, topic, phase, score, day in conn.execute(
            _CHECKINS_SQL, params
        )
    ]


def _unpaired_reasons(conn) -> tuple[dict[str, str], date | None]:
    reasons: dict[str, str] = {}
    reasons_on: date | None = None
    for email, reason, computed_on in conn.execute(_UNPAIRED_SQL):
        reasons[email] = reason
        day = _day(computed_on)
        if day and (reasons_on is None or day > reasons_on):
            reasons_on = day
    return reasons, reasons_on


def load_report_facts(db, *, as_of: date, include_notes: bool = False) -> ReportFacts:
    """What the report needs on ``as_of``: sessions, check-ins and goals after
    it ignored. Notes are read only when ``include_notes``."""
    from revmentor.store.org import org_managers
    from revmentor.store.program import load_program

    conn = db.conn
    # "< the next day" keeps every row dated on the as-of day, time part or not.
    params = {"until": (as_of + timedelta(days=1)).isoformat()}
    people, organisation_recorded = _people(conn)
    reasons, reasons_on = _unpaired_reasons(conn)
    return ReportFacts(
        program=load_program(db),
        people=people,
        pairs=_pairs(conn, params, include_notes),
        unpaired_reasons=reasons,
        unpaired_reasons_on=reasons_on,
        checkins=_checkins(conn, params),
        organisation_recorded=organisation_recorded,
        # A database from before the org chart is read as it is, never migrated.
        org=org_managers(db) if _columns(conn, "org") else {},
    )
