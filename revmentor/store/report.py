"""The queries behind `revmentor report`: a few statements, none per pair.

Sessions, check-ins and goals dated after the as-of date are left out here;
sessions are counted and summed per pair in SQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from revmentor.domain.outcomes import report
from revmentor.store.people.org import org_managers
from revmentor.store.people.participants import list_participants
from revmentor.store.program import load_program
from revmentor.store.rows import dated, decoded

_PAIRS_SQL = """
SELECT pairs.id, mentor.email AS mentor, mentee.email AS mentee, pairs.round,
    pairs.paired_on, pairs.status, pairs.ended_on, pairs.end_reason,
    COUNT(s.id) AS held, COALESCE(SUM(s.minutes), 0) AS minutes,
    MAX(s.date) AS last_session,
    COUNT(s.mentor_rating) AS mentor_ratings,
    COALESCE(SUM(s.mentor_rating), 0) AS mentor_rating_total,
    COUNT(s.mentee_rating) AS mentee_ratings,
    COALESCE(SUM(s.mentee_rating), 0) AS mentee_rating_total
FROM pairs
JOIN participants AS mentor ON mentor.id = pairs.mentor_id
JOIN participants AS mentee ON mentee.id = pairs.mentee_id
LEFT JOIN sessions AS s ON s.pair_id = pairs.id AND s.date < :until
GROUP BY pairs.id ORDER BY pairs.id
"""

_CHECKINS_SQL = """
SELECT participants.email AS person, participants.department, checkins.topic,
    checkins.phase, checkins.score
FROM checkins JOIN participants ON participants.id = checkins.participant_id
WHERE checkins.date < :until ORDER BY checkins.date, checkins.id
"""


def load_report_facts(
    db, *, as_of: date, include_notes: bool = False
) -> report.ReportFacts:
    """What the report needs on ``as_of``; notes are read only when asked for."""
    # "< the next day" keeps every row dated on the as-of day, time part or not.
    until = {"until": (as_of + timedelta(days=1)).isoformat()}
    topics: dict[int, list] = {}
    notes: dict[int, report.Note] = {}  # the latest session with notes, per pair
    columns = "pair_id, date, topics" + (", notes" if include_notes else "")
    for row in db["sessions"].rows_where(
        "date < :until", until, select=columns, order_by="date, id"
    ):
        pair_id, day = row["pair_id"], date.fromisoformat(row["date"][:10])
        topics.setdefault(pair_id, []).append(decoded(row)["topics"])
        if (row.get("notes") or "").strip():
            notes[pair_id] = report.Note(day, row["notes"])
    goals: dict[int, list] = {}
    columns = "pair_id, due, done_on, dropped_on"
    for row in db["pair_goals"].rows_where(
        "created_on < :until", until, select=columns
    ):
        goal = dated(row, "due", "done_on", "dropped_on")
        goals.setdefault(goal.pop("pair_id"), []).append(SimpleNamespace(**goal))
    pairs = []
    for row in db.query(_PAIRS_SQL, until):
        pair_id = row.pop("id")
        pairs.append(
            report.PairFacts(
                **dated(row, "paired_on", "ended_on", "last_session"),
                session_topics=topics.get(pair_id, []),
                goals=goals.get(pair_id, []),
                latest_notes=notes.get(pair_id),
            )
        )
    # A pairing run's reasons say nothing about a day before it.
    reasons = db.query(
        "SELECT participants.email, reason FROM unpaired "
        "JOIN participants ON participants.id = unpaired.participant_id "
        "WHERE (SELECT MAX(computed_on) FROM unpaired) < :until",
        until,
    )
    return report.ReportFacts(
        program=load_program(db),
        people=list_participants(db),
        pairs=pairs,
        checkins=[report.CheckinFacts(**row) for row in db.query(_CHECKINS_SQL, until)],
        unpaired_reasons={row["email"]: row["reason"] for row in reasons},
        org=org_managers(db),
    )
