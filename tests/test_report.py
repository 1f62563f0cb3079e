"""`revmentor report` on a fixed program, in every format.

The data set is written straight into the database (store functions and SQL),
so these tests do not depend on the `pair`, `log` or `checkin` commands. The
report is taken as of 2027-03-01: 56 days after the pairs were made, so with a
14-day cadence and the first meeting's grace, (56 - 14) // 14 = 3 sessions are
expected of each pair.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from datetime import date
from html.parser import HTMLParser

import pytest

from revmentor.domain.models import Participant
from revmentor.domain.pairing.reasons import Reason
from revmentor.store import open_store
from revmentor.store.pairs import end_pairs, insert_pairs, replace_unpaired
from revmentor.store.people.participants import insert_participant
from revmentor.store.program import update_program

AS_OF = "2027-03-01"
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("https://evil.example","click")'
# Never shown anywhere: notes (without --include-notes), notes dated after the
# as-of day, and an attribute that is not one of the program's diversity ones.
SECRET_NOTE = "SECRET-NOTE"
LATEST_NOTE = "SECRET-LATEST-NOTE"
FUTURE_NOTE = "FUTURE-NOTE"
PRIVATE_VALUE = "Pastafarian"

PEOPLE = [
    # email, name, role, department, status, attributes
    (
        "ana@example.com",
        "Ana Ruiz",
        "mentor",
        "Marketing",
        "active",
        {"gender": "female"},
    ),
    (
        "bo@example.com",
        "Bo Chen",
        "mentor",
        "Engineering",
        "active",
        {"gender": "male"},
    ),
    (
        "xss@example.com",
        XSS,
        "mentor",
        "Sales",
        "active",
        {"gender": "nonbinary", "religion": PRIVATE_VALUE},
    ),
    ("formula@example.com", FORMULA, "mentor", "Finance", "active", {}),
    ("eve@example.com", "Eve Left", "mentor", "Sales", "left", {"gender": "female"}),
    (
        "fay@example.com",
        "Fay Free",
        "mentor",
        "Support",
        "active",
        {"gender": "female"},
    ),
    (
        "dana@example.com",
        "Dana Lee",
        "mentee",
        "Marketing",
        "active",
        {"gender": "female"},
    ),
    ("sam@example.com", "Sam Ortiz", "mentee", "Finance", "active", {"gender": "male"}),
    ("kim@example.com", "Kim Park", "mentee", "Sales", "active", {"gender": "female"}),
    (
        "lou@example.com",
        "Lou Grant",
        "mentee",
        "Operations",
        "active",
        {"gender": "male"},
    ),
    (
        "max@example.com",
        "Max Stone",
        "mentee",
        "Operations",
        "active",
        {"gender": "male"},
    ),
    ("nia@example.com", "Nia Newman", "mentee", "Support", "active", {}),
    ("ola@example.com", "Ola Nova", "mentee", "Legal", "active", {"gender": "female"}),
    (
        "pat@example.com",
        "Pat Paused",
        "mentee",
        "Legal",
        "paused",
        {"gender": "female"},
    ),
]

PAIRS = [
    # mentor, mentee, paired_on
    ("bo@example.com", "dana@example.com", date(2027, 1, 4)),  # 1: on track
    ("ana@example.com", "sam@example.com", date(2027, 1, 4)),  # 2: behind
    ("xss@example.com", "kim@example.com", date(2027, 1, 4)),  # 3: stalled
    ("eve@example.com", "lou@example.com", date(2027, 1, 4)),  # 4: ended 2027-02-01
    ("formula@example.com", "ola@example.com", date(2027, 2, 22)),  # 5: new, on track
]

SESSIONS = [
    # pair, date, topics, notes, mentor_rating, mentee_rating
    (1, "2027-01-10", ["TikTok"], SECRET_NOTE, 4, 5),
    (1, "2027-01-24", ["TikTok", "AI assistants"], None, None, 4),
    (1, "2027-02-07", ["tiktok", "LinkedIn"], None, None, None),
    (1, "2027-02-21", ["LinkedIn"], LATEST_NOTE, None, None),
    (1, "2027-03-05", ["Podcasts"], FUTURE_NOTE, 1, 1),  # after as-of: ignored
    (2, "2027-01-12", ["AI assistants"], None, 5, 3),
    (2, "2027-02-15", [], None, None, None),
    (3, "2027-01-20", [FORMULA], None, None, 5),
    (3, "2027-03-02", ["TikTok"], None, None, None),  # after as-of: ignored
    (4, "2027-01-18", ["Instagram"], None, None, None),
]

CHECKINS = [
    # email, topic, phase, score, date
    ("dana@example.com", "TikTok", "baseline", 2, "2027-01-05"),
    ("sam@example.com", "TikTok", "baseline", 1, "2027-01-05"),
    ("dana@example.com", "TikTok", "final", 4, "2027-02-26"),
    ("sam@example.com", "tiktok", "final", 4, "2027-02-26"),
    ("kim@example.com", "TikTok", "final", 1, "2027-03-15"),  # after as-of
    ("kim@example.com", "AI assistants", "baseline", 3, "2027-01-05"),
    ("kim@example.com", "AI assistants", "midpoint", 3, "2027-02-01"),
    ("dana@example.com", "LinkedIn", "baseline", 4, "2027-01-05"),
    ("dana@example.com", "LinkedIn", "final", 3, "2027-02-26"),
]


def _new_database(cli):
    # Created through the CLI, as a user would; the rest is written directly.
    result = cli("init", "--no-input", "--name", "Tech Forward 2027")
    assert result.exit_code == 0, result.output
    return open_store(cli.db_path, create=False)


def build_program(cli, *, sessions=True):
    store = _new_database(cli)
    db = store.db
    with store.write():
        update_program(
            db,
            {
                "name": "Tech Forward 2027",
                "objectives": ["Executives use social media with confidence"],
                "cadence_days": 14,
                "start": date(2027, 1, 4),
                "length_weeks": 12,
                "matching": {"diversity_attributes": ["gender"]},
            },
        )
        for email, name, role, department, status, attributes in PEOPLE:
            insert_participant(
                db,
                Participant(
                    email=email,
                    name=name,
                    role=role,
                    department=department,
                    status=status,
                    attributes=attributes,
                    enrolled_on=date(2026, 12, 1),
                ),
            )
        insert_pairs(
            db,
            [
                {
                    "mentor": mentor,
                    "mentee": mentee,
                    "round": 1,
                    "paired_on": paired_on,
                    "score": 1.0,
                    "reasons": [Reason("topics", "covers 1 of 1 topics")],
                    "shared_topics": [],
                }
                for mentor, mentee, paired_on in PAIRS
            ],
        )
        end_pairs(db, "left the organization", date(2027, 2, 1), ids=[4])
        replace_unpaired(
            db,
            {
                "fay@example.com": "no eligible mentee: 1 in the reporting line",
                "max@example.com": "no eligible mentor: 2 at capacity",
            },
            date(2027, 2, 22),
            1,
        )
        if sessions:
            for pair_id, day, topics, notes, mentor_r, mentee_r in SESSIONS:
                db.execute(
                    "INSERT INTO sessions (pair_id, date, minutes, topics, notes, "
                    "mentor_rating, mentee_rating) VALUES (?, ?, 45, ?, ?, ?, ?)",
                    [pair_id, day, json.dumps(topics), notes, mentor_r, mentee_r],
                )
            ids = dict(db.execute("SELECT email, id FROM participants").fetchall())
            for email, topic, phase, score, day in CHECKINS:
                db.execute(
                    "INSERT INTO checkins (participant_id, topic, phase, score, date) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [ids[email], topic, phase, score, day],
                )
    store.close()


@pytest.fixture
def program(cli):
    build_program(cli)
    return cli


def report(cli, *args):
    result = cli("report", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result


def report_json(cli, *args) -> dict:
    return json.loads(report(cli, "--format", "json", *args).stdout)


# -- the JSON report, golden -------------------------------------------------


def test_json_report_top_level_shape(program):
    data = report_json(program)
    assert list(data) == [
        "as_of",
        "filters",
        "program",
        "summary",
        "pairs",
        "unpaired",
        "outcomes",
        "statements",
        "topics",
        "note",
        "warnings",
    ]
    assert data["as_of"] == AS_OF
    assert data["filters"] == {"department": None, "status": None, "round": None}
    assert data["note"] is None
    assert data["warnings"] == []
    assert data["program"] == {
        "name": "Tech Forward 2027",
        "objectives": ["Executives use social media with confidence"],
        "rules": [],
        "topics": [],
        "statements": [],
        "cadence_days": 14,
        "session_minutes": 45,
        "start": "2027-01-04",
        "end": "2027-03-29",
        "length_weeks": 12,
        "week": 9,
    }


def test_json_summary_golden(program):
    assert report_json(program)["summary"] == {
        "participants": {
            "mentor": {"active": 5, "paused": 0, "left": 1, "total": 6},
            "mentee": {"active": 7, "paused": 1, "left": 0, "total": 8},
        },
        "pairs": {"active": 4, "ended": 1, "total": 5},
        "match_rate": 0.571,  # Dana, Sam, Kim, Ola of 7 active mentees
        "mentees_paired": 4,
        "active_mentees": 7,
        "sessions": {"held": 8, "expected": 10, "minutes": 360},
        "status_counts": {"stalled": 1, "behind": 1, "on track": 2, "ended": 1},
        "share_on_track": 0.5,
        # 2 mentor ratings before the as-of day: hidden; the third is later
        "ratings": {
            "mentor": {"mean": None, "n": 2, "people": 2},
            "mentee": {"mean": 4.25, "n": 4, "people": 3},
        },
        "mentor_retention": 0.833,
        "retention": {
            "mentors_enrolled": 6,
            "in_program": 5,  # Eve left
            "in_program_rate": 0.833,
            "in_organisation": None,  # nobody is marked as leaving the company
            "in_organisation_rate": None,
            # Eve is the only leaver: by group she would be found (female)
            "by_attribute": {},
        },
        "attributes": {
            "gender": {
                # active mentors: female 2, male 1, nonbinary 1, not given 1:
                # no grouping gives every group three people
                "mentor": {},
                # Nia alone gave no value: merging her with the smallest
                # group keeps her answer (and the men's count) unreadable
                "mentee": {"female": 3, "other or not given": 4},
            }
        },
        "goals": {"set": 0, "reached": 0, "open": 0, "overdue": 0, "dropped": 0},
    }


def test_json_pairs_golden_each_status_reached(program):
    pairs = report_json(program)["pairs"]
    got = [
        (
            p["mentor"],
            p["mentee"],
            p["paired_on"],
            p["held"],
            p["expected"],
            p["status"],
            p["last_session"],
            p["days_since_contact"],
        )
        for p in pairs
    ]
    assert got == [
        # stalled: last session 40 days ago; the 2027-03-02 one is after as-of
        (
            "xss@example.com",
            "kim@example.com",
            "2027-01-04",
            1,
            3,
            "stalled",
            "2027-01-20",
            40,
        ),
        (
            "ana@example.com",
            "sam@example.com",
            "2027-01-04",
            2,
            3,
            "behind",
            "2027-02-15",
            14,
        ),
        # on track: a week-old pair owes nothing yet
        (
            "formula@example.com",
            "ola@example.com",
            "2027-02-22",
            0,
            0,
            "on track",
            None,
            7,
        ),
        # on track: the session of 2027-03-05 is after as-of
        (
            "bo@example.com",
            "dana@example.com",
            "2027-01-04",
            4,
            3,
            "on track",
            "2027-02-21",
            8,
        ),
        # ended: expected stops on the day it ended
        (
            "eve@example.com",
            "lou@example.com",
            "2027-01-04",
            1,
            1,
            "ended",
            "2027-01-18",
            42,
        ),
    ]
    first = pairs[3]
    assert first == {
        "mentor": "bo@example.com",
        "mentor_name": "Bo Chen",
        "mentee": "dana@example.com",
        "mentee_name": "Dana Lee",
        "round": 1,
        "paired_on": "2027-01-04",
        "held": 4,
        "expected": 3,
        "status": "on track",
        "last_session": "2027-02-21",
        "days_since_contact": 8,
        "minutes": 180,
        # each topic once (case-insensitively), in the order first covered
        "topics_covered": ["TikTok", "AI assistants", "LinkedIn"],
        "ended_on": None,
        "end_reason": None,
        "goals": {"set": 0, "reached": 0, "open": 0, "overdue": 0, "dropped": 0},
    }
    assert pairs[4]["ended_on"] == "2027-02-01"
    # the end reason is the coordinator's note: only with --include-notes
    assert pairs[4]["end_reason"] is None
    noted = report_json(program, "--include-notes")["pairs"][4]
    assert noted["end_reason"] == "left the organization"


def test_json_unpaired_with_reasons(program):
    assert report_json(program)["unpaired"] == [
        {
            "email": "lou@example.com",
            "name": "Lou Grant",
            "role": "mentee",
            "reason": "their pair with Eve Left ended on 2027-02-01; "
            "not paired again yet",
        },
        {
            "email": "max@example.com",
            "name": "Max Stone",
            "role": "mentee",
            "reason": "no eligible mentor: 2 at capacity",
        },
        {
            "email": "nia@example.com",
            "name": "Nia Newman",
            "role": "mentee",
            "reason": "not paired yet",
        },
        {
            "email": "fay@example.com",
            "name": "Fay Free",
            "role": "mentor",
            "reason": "no eligible mentee: 1 in the reporting line",
        },
    ]


def test_outcome_means_from_fewer_than_three_people_are_hidden(program):
    # One or two people per topic: each mean would be someone's own score.
    assert report_json(program)["outcomes"] == [
        {
            "topic": "AI assistants",
            "baseline_mean": None,
            "baseline_n": 1,
            "midpoint_mean": None,
            "midpoint_n": 1,
            "final_mean": None,
            "final_n": 0,
            "midpoint_change": None,
            "midpoint_change_n": 1,
            "change": None,
            "change_n": 0,
        },
        {
            "topic": "LinkedIn",
            "baseline_mean": None,
            "baseline_n": 1,
            "midpoint_mean": None,
            "midpoint_n": 0,
            "final_mean": None,
            "final_n": 1,
            "midpoint_change": None,
            "midpoint_change_n": 0,
            "change": None,
            "change_n": 1,
        },
        {
            # "tiktok" and "TikTok" are one topic; Kim's final is after as-of
            "topic": "TikTok",
            "baseline_mean": None,
            "baseline_n": 2,
            "midpoint_mean": None,
            "midpoint_n": 0,
            "final_mean": None,
            "final_n": 2,
            "midpoint_change": None,
            "midpoint_change_n": 0,
            "change": None,
            "change_n": 2,
        },
    ]


MORE_CHECKINS = [
    ("ola@example.com", "TikTok", "baseline", 3, "2027-01-05"),
    ("ola@example.com", "TikTok", "final", 5, "2027-02-26"),
    ("dana@example.com", "TikTok", "midpoint", 3, "2027-02-01"),
    ("sam@example.com", "TikTok", "midpoint", 2, "2027-02-01"),
    ("ola@example.com", "TikTok", "midpoint", 4, "2027-02-01"),
    # three LinkedIn baselines, but two are Dana's: two people, still hidden
    ("dana@example.com", "linkedin", "baseline", 2, "2027-01-06"),
    ("sam@example.com", "LinkedIn", "baseline", 3, "2027-01-05"),
]


def add_checkins(cli, rows):
    conn = sqlite3.connect(cli.db_path)
    ids = dict(conn.execute("SELECT email, id FROM participants").fetchall())
    with conn:
        conn.executemany(
            "INSERT INTO checkins (participant_id, topic, phase, score, date) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (ids[e], topic, phase, score, day)
                for e, topic, phase, score, day in rows
            ],
        )
    conn.close()


def test_outcome_means_and_changes_from_three_people(program):
    add_checkins(program, MORE_CHECKINS)
    outcomes = {o["topic"]: o for o in report_json(program)["outcomes"]}
    assert outcomes["TikTok"] == {
        "topic": "TikTok",
        "baseline_mean": 2.0,
        "baseline_n": 3,
        "midpoint_mean": 3.0,
        "midpoint_n": 3,
        "final_mean": 4.33,
        "final_n": 3,
        "midpoint_change": 1.0,  # the change so far, to the latest check-in
        "midpoint_change_n": 3,
        "change": 2.33,
        "change_n": 3,
    }
    linkedin = outcomes["LinkedIn"]
    assert (linkedin["baseline_mean"], linkedin["baseline_n"]) == (None, 2)
    # under a filter that leaves one person, the same topic is hidden again
    marketing = report_json(program, "--department", "Marketing")["outcomes"]
    tiktok = next(o for o in marketing if o["topic"] == "TikTok")
    assert (tiktok["baseline_mean"], tiktok["final_mean"], tiktok["change"]) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "csv"])
def test_one_persons_outcome_never_shows_under_a_filter(program, fmt):
    add_checkins(program, MORE_CHECKINS)
    whole = report(program, "--format", fmt).stdout
    out = report(program, "--format", fmt, "--department", "Marketing").stdout
    if fmt != "csv":  # CSV holds the pairs only
        assert "2.00 (n=3)" in whole and "+2.33" in whole
    # Dana's own scores: 2 (baseline), 3 (midpoint), 4 (final)
    for leak in ("2.00", "3.00", "4.00", "+2.00", "+1.00"):
        assert leak not in out, (fmt, leak)
    # a count of one may show, but only beside "hidden", never beside a mean
    assert set(re.findall(r"([^\s>]+) \(n=1\)", out)) <= {"hidden"}, fmt


def test_later_as_of_counts_later_sessions_and_shows_ratings(program):
    data = report_json(program, "--as-of", "2027-03-05")
    by_mentee = {p["mentee"]: p for p in data["pairs"]}
    assert by_mentee["dana@example.com"]["held"] == 5
    assert by_mentee["dana@example.com"]["topics_covered"][-1] == "Podcasts"
    assert by_mentee["kim@example.com"]["held"] == 2
    assert by_mentee["kim@example.com"]["status"] == "behind"
    # a third mentor rating arrives, but from a mentor who rated before: two
    # people's answers could be told apart, so the mean stays hidden
    assert data["summary"]["ratings"]["mentor"] == {"mean": None, "n": 3, "people": 2}
    assert data["summary"]["ratings"]["mentee"]["mean"] == 3.6


def test_ratings_from_one_person_stay_hidden_however_many(enrolled):
    from tests.pairing import add_pair, days_ago

    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    for n in (40, 30, 20, 10):
        result = enrolled(
            "log",
            "--mentor",
            "ana@example.com",
            "--mentee",
            "dana@example.com",
            "--date",
            days_ago(n),
            "--minutes",
            "30",
            "--mentee-rating",
            "2",
            "--no-input",
        )
        assert result.exit_code == 0, result.output
    ratings = json.loads(enrolled("report", "--format", "json").stdout)["summary"][
        "ratings"
    ]
    assert ratings["mentee"] == {"mean": None, "n": 4, "people": 1}
    assert "hidden: 4 ratings from 1 person" in enrolled("report").stdout


def test_earlier_as_of_leaves_out_later_pairs_and_revives_ended_ones(program):
    data = report_json(program, "--as-of", "2027-01-31")
    by_mentee = {p["mentee"]: p for p in data["pairs"]}
    assert "ola@example.com" not in by_mentee  # paired 2027-02-22
    lou = by_mentee["lou@example.com"]  # ended 2027-02-01: still running then
    assert (lou["status"], lou["held"], lou["expected"], lou["ended_on"]) == (
        "on track",
        1,
        0,  # 27 days: still the first meeting's grace
        None,
    )
    # the stored unpaired reasons date from 2027-02-22: not used before that
    reasons = {u["email"]: u["reason"] for u in data["unpaired"]}
    assert reasons["max@example.com"] == "not paired yet"
    assert "ola@example.com" in reasons


def test_as_of_before_any_pair_says_so(program):
    result = report(program, "--as-of", "2026-12-01")
    assert "No pairs had been made by 2026-12-01" in result.stdout
    data = report_json(program, "--as-of", "2026-12-01")
    assert data["pairs"] == []
    assert data["note"].startswith("No pairs had been made by 2026-12-01")


# -- filters -------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["on-track", "On-Track", "ON-TRACK"])
def test_status_filter_accepts_spellings(program, spelling):
    data = report_json(program, "--status", spelling)
    assert [p["mentee"] for p in data["pairs"]] == [
        "ola@example.com",
        "dana@example.com",
    ]
    assert data["filters"]["status"] == "on track"
    assert data["summary"]["sessions"] == {"held": 4, "expected": 3, "minutes": 180}


def test_status_filter_stalled_and_ended(program):
    assert [
        p["mentee"] for p in report_json(program, "--status", "stalled")["pairs"]
    ] == ["kim@example.com"]
    ended = report_json(program, "--status", "ended")
    assert [p["mentee"] for p in ended["pairs"]] == ["lou@example.com"]
    assert ended["summary"]["share_on_track"] is None


def test_department_filter(program):
    data = report_json(program, "--department", "marketing")
    # Ana (mentor) and Dana (mentee) are in Marketing
    assert sorted(p["mentee"] for p in data["pairs"]) == [
        "dana@example.com",
        "sam@example.com",
    ]
    assert data["summary"]["participants"]["mentor"]["total"] == 1
    assert data["summary"]["participants"]["mentee"]["total"] == 1
    assert data["unpaired"] == []
    assert [o["topic"] for o in data["outcomes"]] == ["LinkedIn", "TikTok"]
    tiktok = data["outcomes"][1]
    # Dana's own scores: counted, never shown
    assert (tiktok["baseline_n"], tiktok["final_n"], tiktok["change"]) == (1, 1, None)
    assert tiktok["baseline_mean"] is None


def test_round_filter(program):
    assert len(report_json(program, "--round", "1")["pairs"]) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--department", "Nowhere"], "No participant is in department 'Nowhere'"),
        (["--department", " "], "--department needs a department name"),
        (["--round", "2"], "There is no round 2; the rounds so far are 1."),
    ],
)
def test_refusals_are_one_sentence(program, args, message):
    before = program.dump()
    result = program("report", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert program.dump() == before


def test_department_refusal_lists_the_departments(program):
    result = program("report", "--department", "Nowhere")
    assert "Engineering, Finance, Legal, Marketing" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "pdf"],
            "'pdf' is not one of 'table', 'json', 'csv', 'markdown', 'html'",
        ),
        (["--round", "0"], "Invalid value for '--round'"),
        (["--status", "late"], "'late' is not one of 'on-track', 'behind', 'stalled'"),
        (["--status", "on_track"], "Invalid value for '--status'"),
        (["--as-of", "2027-02-30"], "must be a real date written YYYY-MM-DD"),
    ],
)
def test_bad_option_values_are_usage_errors(program, args, message):
    result = program("report", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_no_database_is_one_sentence(cli):
    result = cli("report")
    assert result.exit_code == 1
    assert "No revmentor database" in result.stderr
    assert not cli.db_path.exists()


# -- privacy and escaping in every format ---------------------------------------


FORMATS = ["table", "json", "csv", "markdown", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_notes_or_private_attributes_without_the_flag(program, fmt):
    out = report(program, "--format", fmt).stdout
    for secret in (SECRET_NOTE, LATEST_NOTE, FUTURE_NOTE, PRIVATE_VALUE, "religion"):
        assert secret not in out, (fmt, secret)


@pytest.mark.parametrize("fmt", FORMATS)
def test_include_notes_shows_the_latest_note_up_to_as_of(program, fmt):
    out = report(program, "--format", fmt, "--include-notes").stdout
    assert LATEST_NOTE in out
    assert FUTURE_NOTE not in out
    assert PRIVATE_VALUE not in out


def test_include_notes_in_json(program):
    pairs = report_json(program, "--include-notes")["pairs"]
    by_mentee = {p["mentee"]: p for p in pairs}
    assert by_mentee["dana@example.com"]["latest_notes"] == {
        "date": "2027-02-21",
        "text": LATEST_NOTE,
    }
    assert by_mentee["sam@example.com"]["latest_notes"] is None
    assert "latest_notes" not in report_json(program)["pairs"][0]


def test_csv_one_row_per_pair_and_formulas_neutralised(program):
    out = report(program, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert list(rows[0]) == [
        "mentor",
        "mentor_name",
        "mentee",
        "mentee_name",
        "round",
        "paired_on",
        "held",
        "expected",
        "status",
        "last_session",
        "days_since_contact",
        "minutes",
        "topics_covered",
        "ended_on",
        "goals_set",
        "goals_reached",
        "goals_open",
        "goals_overdue",
        "goals_dropped",
    ]
    formula_row = next(r for r in rows if r["mentor"] == "formula@example.com")
    assert formula_row["mentor_name"] == "'" + FORMULA
    stalled = rows[0]
    assert stalled["mentor_name"] == XSS  # CSV is data; spreadsheets do not run it
    assert stalled["topics_covered"] == "'" + FORMULA
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert stalled["held"] == "1" and stalled["expected"] == "3"


def test_csv_with_notes_adds_columns(program):
    out = report(program, "--format", "csv", "--include-notes").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[-2:] == ["latest_notes_on", "latest_notes"]
    dana = next(r for r in rows if r["mentee"] == "dana@example.com")
    assert (dana["latest_notes_on"], dana["latest_notes"]) == (
        "2027-02-21",
        LATEST_NOTE,
    )


def test_markdown_has_the_sections_and_escapes(program):
    out = report(program, "--format", "markdown").stdout
    for heading in ("# Tech Forward 2027", "## Summary", "## Outcomes", "## Pairs (5)"):
        assert heading + "\n" in out
    assert "## Unpaired (4)" in out
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert (
        "| Mentor rating | hidden: 2 ratings from 2 people (shown from 3 people) |"
        in out
    )
    assert "| Mentee rating | 4.2 / 5 from 4 ratings |" in out
    # every table row has the same number of cells as its header
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert all(line.endswith(" |") for line in table)
    pairs_header = out.split("## Pairs (5)\n\n")[1].splitlines()
    cells = pairs_header[0].count(" | ")
    for line in pairs_header[2:7]:
        assert line.replace("\\|", "").count(" | ") == cells, line


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def test_html_is_self_contained_and_escaped(program):
    out = report(program, "--format", "html").stdout
    page = parse_html(out)
    assert out.startswith("<!DOCTYPE html>")
    assert "script" not in page.tags
    assert set(page.tags) <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "p",
        "h1", "h2", "h3", "section", "ul", "li", "div", "span", "strong", "svg",
        "line", "text", "rect", "table", "thead", "tbody", "tr", "th", "td", "footer",
    }  # fmt: skip
    names = {name for name, _ in page.attrs}
    assert not {"src", "href", "xmlns"} & names
    assert not any(name.startswith("on") for name in names)
    lowered = out.lower()
    assert "@import" not in lowered and "url(" not in lowered
    assert "<link" not in lowered and "<img" not in lowered
    # the names are shown as text, exactly as typed
    text = "".join(page.text)
    assert XSS in text
    assert FORMULA in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;https://evil.example&quot;" in out


def test_html_shows_cards_charts_and_tables(program):
    add_checkins(program, MORE_CHECKINS)
    out = report(program, "--format", "html").stdout
    page = parse_html(out)
    text = " ".join(t.strip() for t in page.text if t.strip())
    assert page.tags.count("svg") == 2  # held vs expected; outcome change
    assert page.tags.count("rect") >= 5
    for label in ("Match rate", "Sessions", "On track", "Mentor retention"):
        assert label in text
    assert "80%" in text and "8 / 10" in text
    assert "hidden until 3 people have rated (2 so far)" in text
    assert "Pairs (5)" in text and "Unpaired (4)" in text
    assert "Outcomes" in text and "+2.33" in text and "+1.00" in text
    assert "stalled" in text and "behind" in text and "on track" in text


def test_terminal_report_at_pinned_width(program):
    out = report(program).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 160
    assert lines[0].startswith("╭─ Tech Forward 2027 ")
    for expected in (
        "2027-01-04 to 2027-03-29 (12 weeks, now week 9) · a session every 14 days",
        "Report as of 2027-03-01",
        "• Executives use social media with confidence",
        "Participants      6 mentors (5 active, 1 left); 8 mentees (7 active, "
        "1 paused)",
        "Pairs             4 active, 1 ended",
        "Match rate        57% (4 of 7 active mentees paired)",
        "Sessions          ████████████████░░░░ 8 held of 10 expected (80%)",
        "On track          50% of 4 active pairs (1 stalled, 1 behind, 2 on track)",
        "Mentor rating     hidden: 2 ratings from 2 people (shown from 3 people)",
        "Mentee rating     4.2 / 5 from 4 ratings",
        "Mentor retention  83% still in the program (5 of 6 mentors enrolled by then)",
        "Gender (active)   mentors: not shown (a group would have fewer than 3 "
        "people); mentees: female 3, other or not given 4",
        "Pairs (5)",
        "Unpaired (4)",
        "Lou Grant (mentee, lou@example.com): their pair with Eve Left ended on "
        "2027-02-01; not paired again yet",
        "Not paired yet: 1 mentee (Nia Newman).",
    ):
        assert expected in out, expected
    stalled = next(line for line in lines if XSS in line)
    assert (
        "███░░░░░░░ 1/3" in stalled and "stalled" in stalled and "2027-01-20" in stalled
    )
    on_track = next(line for line in lines if "Bo Chen" in line)
    assert "██████████ 4/3" in on_track and "on track" in on_track
    assert "TikTok, AI assistants, LinkedIn" in on_track
    # nothing expected of a week-old pair yet: an empty bar, not a full one
    new = next(line for line in lines if "Ola Nova" in line)
    assert "░░░░░░░░░░ 0/0" in new and "█" not in new
    assert "hidden (n=2)" in out


def test_output_file_is_private_and_format_follows_the_extension(program, tmp_path):
    target = tmp_path / "report.html"
    result = report(program, "--output", str(target))
    assert result.stdout == ""
    assert "Wrote the html report to" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (os.stat(target).st_mode & 0o777) == 0o600
    text_file = tmp_path / "report.txt"
    report(program, "-o", str(text_file))
    assert "Tech Forward 2027" in text_file.read_text(encoding="utf-8")
    explicit = tmp_path / "data.out"
    report(program, "-o", str(explicit), "--format", "json")
    assert json.loads(explicit.read_text(encoding="utf-8"))["as_of"] == AS_OF


# -- empty programs ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_on_a_program_without_participants(cli, fmt):
    assert cli("init", "--no-input", "--name", "Empty").exit_code == 0
    result = cli("report", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["pairs"] == [] and data["unpaired"] == []
        assert data["summary"]["match_rate"] is None
        assert data["note"].startswith("No participants yet")
    elif fmt == "csv":
        assert result.stdout.count("\n") == 1  # the header only
    else:
        assert "No participants yet" in result.stdout


def test_report_before_any_pairing_says_what_to_do(cli):
    build_program_without_pairs(cli)
    result = cli("report")
    assert result.exit_code == 0, result.output
    assert (
        "No pairs yet: run `revmentor pair` to pair the 2 active mentees with the 1 active mentor."
        in result.stdout
    )
    assert (
        "Not paired yet: 2 mentees (Dana Lee, Sam Ortiz); 1 mentor (Ana Ruiz)."
        in result.stdout
    )
    data = json.loads(cli("report", "--format", "json").stdout)
    assert data["summary"]["match_rate"] == 0.0
    assert [u["reason"] for u in data["unpaired"]] == ["not paired yet"] * 3


def build_program_without_pairs(cli):
    store = _new_database(cli)
    with store.write():
        for email, name, role in (
            ("ana@example.com", "Ana Ruiz", "mentor"),
            ("dana@example.com", "Dana Lee", "mentee"),
            ("sam@example.com", "Sam Ortiz", "mentee"),
        ):
            insert_participant(store.db, Participant(email=email, name=name, role=role))
    store.close()


# -- efficiency ----------------------------------------------------------------


def test_loading_takes_the_same_few_queries_however_many_pairs(program):
    from revmentor.store.report import load_report_facts

    def statements(include_notes):
        store = open_store(program.db_path, create=False)
        seen: list[str] = []
        store.db.conn.set_trace_callback(seen.append)
        load_report_facts(store.db, as_of=date(2027, 3, 1), include_notes=include_notes)
        store.close()
        # Reads of the program's tables (sqlite-utils also looks up the schema).
        selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
        return [s for s in selects if "sqlite_master" not in s]

    few = statements(False)
    conn = sqlite3.connect(program.db_path)
    conn.executemany(
        "INSERT INTO pairs (mentor_id, mentee_id, round, paired_on) VALUES (1, 7, 1, ?)",
        [("2027-01-04",)] * 50,
    )
    conn.commit()
    conn.close()
    assert len(statements(False)) == len(few) <= 8
    assert len(statements(True)) == len(few)


def test_rounds_are_filtered_and_shown_when_there_are_several(program):
    store = open_store(program.db_path, create=False)
    with store.write():
        insert_pairs(
            store.db,
            [
                {
                    "mentor": "fay@example.com",
                    "mentee": "max@example.com",
                    "round": 2,
                    "paired_on": date(2027, 2, 15),
                    "score": 1.0,
                    "reasons": [],
                    "shared_topics": [],
                }
            ],
        )
    store.close()
    data = report_json(program, "--round", "2")
    assert [(p["mentor"], p["round"], p["status"]) for p in data["pairs"]] == [
        ("fay@example.com", 2, "on track")  # 14 days: the first meeting's grace
    ]
    assert data["summary"]["pairs"] == {"active": 1, "ended": 0, "total": 1}
    # participant figures do not depend on the round
    assert data["summary"]["mentees_paired"] == 5
    assert "│ Round │" in report(program).stdout.replace("┃", "│")
