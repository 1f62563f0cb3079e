"""The Datasette views `pair_status` and `unpaired_now` say what
`revmentor report` says today, and carry nothing private."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlite_utils

from tests.test_report import (
    FUTURE_NOTE,
    LATEST_NOTE,
    PRIVATE_VALUE,
    SECRET_NOTE,
    build_program,
)

# Every stored date, moved so that the fixture's as-of day (2027-03-01) is today.
DATE_COLUMNS = {
    "participants": ("enrolled_on", "left_on"),
    "pairs": ("paired_on", "ended_on"),
    "sessions": ("date",),
    "checkins": ("date",),
    "unpaired": ("computed_on",),
}


@pytest.fixture
def today_program(cli):
    build_program(cli)
    shift = (date.today() - date(2027, 3, 1)).days
    db = sqlite_utils.Database(cli.db_path)
    with db.conn:
        for table, columns in DATE_COLUMNS.items():
            for column in columns:
                db.execute(
                    f"UPDATE {table} SET {column} = date({column}, ?) "
                    f"WHERE {column} IS NOT NULL",
                    [f"{shift:+d} days"],
                )
    db.close()
    return cli


def test_pair_status_agrees_with_the_json_report(today_program):
    data = json.loads(today_program("report", "--format", "json").stdout)
    db = sqlite_utils.Database(today_program.db_path)
    rows = list(db.view("pair_status").rows)
    assert len(rows) == len(data["pairs"]) == 5
    by_pair = {(r["mentor"], r["mentee"]): r for r in rows}
    for pair in data["pairs"]:
        row = by_pair[(pair["mentor"], pair["mentee"])]
        for key in (
            "mentor_name",
            "mentee_name",
            "round",
            "paired_on",
            "expected",
            "held",
            "last_session",
            "days_since_contact",
            "status",
            "ended_on",
        ):
            assert row[key] == pair[key], (key, row, pair)
        assert json.loads(row["topics_covered"]) == pair["topics_covered"]
    statuses = sorted(r["status"] for r in rows)
    assert statuses == ["behind", "ended", "on track", "on track", "stalled"]


def test_unpaired_now_agrees_with_the_json_report(today_program):
    data = json.loads(today_program("report", "--format", "json").stdout)
    db = sqlite_utils.Database(today_program.db_path)
    rows = [
        {k: r[k] for k in ("email", "name", "role", "reason")}
        for r in db.view("unpaired_now").rows
    ]
    assert rows == data["unpaired"]
    assert len(rows) == 4
    # a pair ended since: the person shows up at once, no pairing run needed
    with db.conn:
        db.execute(
            "UPDATE pairs SET status = 'ended', ended_on = date('now') WHERE id = 1"
        )
    emails = {r["email"] for r in db.view("unpaired_now").rows}
    assert {"bo@example.com", "dana@example.com"} <= emails


def test_views_carry_nothing_private(today_program):
    db = sqlite_utils.Database(today_program.db_path)
    private = {"notes", "attributes", "end_reason", "text", "fit", "goals"}
    for name in ("pair_status", "unpaired_now"):
        view = db.view(name)
        assert not private & set(view.columns_dict), name
        dumped = json.dumps(list(view.rows))
        for secret in (
            SECRET_NOTE,
            LATEST_NOTE,
            FUTURE_NOTE,
            PRIVATE_VALUE,
            "left the organization",  # an end reason
        ):
            assert secret not in dumped, (name, secret)


def test_topic_outcomes_gives_a_mean_only_for_three_people_or_more(today_program):
    db = sqlite_utils.Database(today_program.db_path)
    people = [row["id"] for row in db.query("SELECT id FROM participants LIMIT 3")]
    with db.conn:
        for person, score in zip(people, (2, 3, 5), strict=True):
            db.execute(
                "INSERT INTO checkins (participant_id, topic, phase, score, date) "
                "VALUES (?, 'Three people', 'baseline', ?, date('now'))",
                [person, score],
            )
    answers: dict[tuple[str, str], list[int]] = {}
    for row in db.query("SELECT topic, phase, score FROM checkins"):
        answers.setdefault((row["topic"], row["phase"]), []).append(row["score"])
    rows = {row["topic"]: row for row in db.view("topic_outcomes").rows}
    sizes = {len(scores) for scores in answers.values()}
    assert min(sizes) < 3 <= max(sizes)  # the fixture has both kinds
    for (topic, phase), scores in answers.items():
        row = rows[topic]
        assert row[f"{phase}_n"] == len(scores)
        if len(scores) < 3:
            assert row[f"{phase}_mean"] is None, (topic, phase)
        else:
            assert row[f"{phase}_mean"] == pytest.approx(sum(scores) / len(scores))
    for row in rows.values():
        if row["change"] is not None:
            assert row["baseline_n"] >= 3 and row["final_n"] >= 3


def test_pair_status_stops_at_the_programs_end_as_the_report_does(today_program):
    """The program ran 6 weeks from 70 days ago: it ended 28 days ago, when the
    pairs made 56 days ago were 28 days old (one session expected)."""
    db = sqlite_utils.Database(today_program.db_path)
    with db.conn:
        db.execute(
            "UPDATE program SET start = date('now', 'localtime', '-70 days'), "
            "length_weeks = 6"
        )
    data = json.loads(today_program("report", "--format", "json").stdout)
    assert data["program"]["week"] is None
    rows = {(r["mentor"], r["mentee"]): r for r in db.view("pair_status").rows}
    for pair in data["pairs"]:
        row = rows[(pair["mentor"], pair["mentee"])]
        for key in ("expected", "held", "days_since_contact", "status"):
            assert row[key] == pair[key], (key, row, pair)
    assert max(r["expected"] for r in rows.values()) == 1
