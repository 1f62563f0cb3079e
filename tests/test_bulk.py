"""Sessions and check-ins in bulk: `log --from` and `checkin --from`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import openpyxl
import pytest

PAIRED_ON = "2026-01-05"


@pytest.fixture
def paired(enrolled):
    result = enrolled("pair", "--date", PAIRED_ON, "--format", "json")
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)["pairs"]
    enrolled.pairs = {(p["mentor"], p["mentee"]) for p in pairs}
    return enrolled


def sessions(cli) -> list[dict]:
    return cli.rows(
        "SELECT pair_id, date, minutes, topics, notes, mentor_rating, mentee_rating, "
        "response_id FROM sessions ORDER BY id"
    )


def test_pairs_in_the_fixture(paired):
    assert paired.pairs == {
        ("bo@example.com", "dana@example.com"),
        ("bo@example.com", "sam@example.com"),
    }


def test_log_from_csv_then_again_with_more_rows_adds_only_the_new(paired, tmp_path):
    export = tmp_path / "responses.csv"
    header = "Response ID,Mentor,Mentee,Date,Minutes,Topics,Mentor rating,Notes,Fit\n"
    first = (
        "1,bo@example.com,Dana Lee,2/3/2026,40,AI assistants; TikTok,4,"
        '"Set up\nher account",good\n'
        "2,Bo Chen,sam@example.com,2/4/2026,,,,,\n"
    )
    export.write_text(header + first)
    args = ["log", "--from", str(export), "--map", "Response ID=response_id"]
    args += ["--date-format", "MM/DD/YYYY"]
    result = paired(*args)
    assert result.exit_code == 0, result.output
    assert "Logged 2 sessions" in result.stderr
    stored = sessions(paired)
    assert [s["date"] for s in stored] == ["2026-02-03", "2026-02-04"]
    assert json.loads(stored[0]["topics"]) == ["AI assistants", "TikTok"]
    assert stored[0]["notes"] == "Set up\nher account"
    assert stored[1]["minutes"] == 45  # the program's session length
    fit = paired.rows("SELECT fit FROM pairs WHERE fit IS NOT NULL")
    assert fit == [{"fit": "good"}]

    export.write_text(
        header + first + "3,bo@example.com,dana@example.com,2/9/2026,30,,,,\n"
    )
    result = paired(*args)
    assert result.exit_code == 0, result.output
    assert "Logged 1 session" in result.stderr
    assert "2 already logged earlier" in result.stderr
    assert len(sessions(paired)) == 3
    again = paired(*args)
    assert "Logged 0 sessions" in again.stderr and len(sessions(paired)) == 3


def test_one_bad_row_refuses_the_file_and_lists_every_bad_row(paired, tmp_path):
    future = (date.today() + timedelta(days=3)).isoformat()
    export = tmp_path / "responses.csv"
    export.write_text(
        "mentor,mentee,date,minutes,mentee_rating\n"
        "bo@example.com,dana@example.com,2026-02-03,40,5\n"
        f"bo@example.com,dana@example.com,{future},40,5\n"
        "bo@example.com,dana@example.com,2025-12-01,40,5\n"
        "bo@example.com,dana@example.com,2026-02-05,40,6\n"
        "ana@example.com,sam@example.com,2026-02-05,40,\n"
    )
    before = paired.dump()
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    error = result.stderr
    assert "4 rows of" in error and "no sessions were logged" in error
    assert f"row 3, column 'date': the date {future} is in the future" in error
    assert (
        "row 4, column 'date': the date 2025-12-01 is before the pair was made" in error
    )
    assert (
        "row 5, column 'mentee_rating': the mentee's rating must be a whole "
        "number from 1 to 5" in error
    )
    assert "row 6: ana@example.com and sam@example.com were never paired" in error
    assert paired.dump() == before

    dry = paired("log", "--from", str(export), "--skip-invalid", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would have logged 1 session" in dry.stderr
    assert paired.dump() == before

    result = paired("log", "--from", str(export), "--skip-invalid")
    assert result.exit_code == 0
    assert "Skipped 4 bad rows" in result.stderr
    assert [s["date"] for s in sessions(paired)] == ["2026-02-03"]


def test_goal_reached_column_closes_goals_by_the_rules_of_goals_done(paired, tmp_path):
    for text, set_on in (("Post weekly", "2026-01-10"), ("Record a podcast", "")):
        args = ["--date", set_on] if set_on else []
        result = paired("goals", "add", "dana@example.com", text, *args)
        assert result.exit_code == 0, result.output
    export = tmp_path / "responses.csv"
    export.write_text(
        "response_id,mentor,mentee,date,goal_reached\n"
        "a,bo@example.com,dana@example.com,2026-02-03,g1\n"
        "b,bo@example.com,dana@example.com,2026-02-04,post weekly\n"
        "c,bo@example.com,dana@example.com,2026-02-05,Record a podcast\n"
        "d,bo@example.com,sam@example.com,2026-02-05,G1\n"
        "e,bo@example.com,dana@example.com,2026-02-06,\n"
        "f,bo@example.com,dana@example.com,2026-02-07,#2\n"
    )
    before = paired.dump()
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    error = result.stderr
    # Row 2 names Dana's first goal by the code her intro gives (any case);
    # row 3 names a goal row 2 reached; row 4's goal was set after that day;
    # row 5 names a code of another pair's goals; row 7 the coordinator's
    # number, which a file never takes (a pair never sees it).
    assert "row 3, column 'goal_reached': 'post weekly' is not an open goal" in error
    assert "row 4, column 'goal_reached': goal #2 was set on" in error
    assert (
        "row 5, column 'goal_reached': 'G1' is not an open goal of this pair" in error
    )
    assert (
        "row 7, column 'goal_reached': '#2': name the goal by its words or its "
        "code from the pair's introduction (G1, G2…), not a number"
    ) in error
    assert "row 2" not in error and "row 6" not in error
    assert paired.dump() == before

    result = paired("log", "--from", str(export), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "Logged 2 sessions from" in result.stderr
    assert "(1 goal reached, 4 skipped)" in result.stderr
    goals = paired.rows("SELECT id, done_on FROM pair_goals ORDER BY id")
    assert goals == [{"id": 1, "done_on": "2026-02-03"}, {"id": 2, "done_on": None}]
    again = paired("log", "--from", str(export), "--skip-invalid")
    assert "Logged 0 sessions" in again.stderr and "goal reached" not in again.stderr
    assert paired.rows("SELECT id, done_on FROM pair_goals ORDER BY id") == goals


def test_odd_goal_reached_cells_are_named_not_crashed_on(paired, tmp_path):
    export = tmp_path / "responses.csv"
    huge = "9" * 5000  # more digits than Python turns into a number by default
    export.write_text(
        "mentor,mentee,date,goal_reached\n"
        "bo@example.com,dana@example.com,2026-02-03,\u00b2\n"
        f"bo@example.com,dana@example.com,2026-02-04,{huge}\n"
        "bo@example.com,dana@example.com,2026-02-05,x\x1b[2J\n"
    )
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    assert "Unexpected error" not in result.stderr
    assert "row 2, column 'goal_reached': '\u00b2' is not an open goal" in result.stderr
    assert "row 3, column 'goal_reached': '999" in result.stderr
    assert "row 4, column 'goal_reached': 'x\\x1b[2J' is not an open goal" in (
        result.stderr
    )
    assert len(result.stderr) < 2000


def test_notes_with_control_characters_are_refused_with_the_row(paired, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_text(
        "mentor,mentee,date,notes\n"
        "bo@example.com,dana@example.com,2026-02-03,Fine\n"
        "bo@example.com,dana@example.com,2026-02-04,Fine\x1b[2J\n"
    )
    before = paired.dump()
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    assert (
        "row 3, column 'notes': notes must not contain control characters"
        in result.stderr
    )
    assert paired.dump() == before


def test_xlsx_with_date_cells_pair_ids_and_participant_on_the_day(paired, tmp_path):
    pairs = {
        (p["mentor"], p["mentee"]): p["id"]
        for p in json.loads(paired("pairs", "--format", "json").stdout)
    }
    bo_dana = pairs[("bo@example.com", "dana@example.com")]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "pair", "participant", "date", "minutes"])
    sheet.append([datetime(2026, 2, 3, 9, 30), bo_dana, None, datetime(2026, 2, 3), 30])
    sheet.append(
        [datetime(2026, 2, 4, 9, 30), None, "sam@example.com", date(2026, 2, 4), 50]
    )
    path = tmp_path / "sessions.xlsx"
    book.save(path)
    result = paired("log", "--from", str(path))
    assert result.exit_code == 0, result.output
    stored = sessions(paired)
    assert [(s["date"], s["minutes"]) for s in stored] == [
        ("2026-02-03", 30),
        ("2026-02-04", 50),
    ]
    assert stored[0]["response_id"] == "2026-02-03 09:30:00"
    assert paired("log", "--from", str(path)).stderr.count("already logged") == 1


def test_from_refuses_single_session_flags(paired, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_text("pair,date\n1,2026-02-03\n")
    result = paired("log", "--from", str(export), "--mentor", "bo@example.com")
    assert result.exit_code == 2
    assert "leave out --mentor" in result.stderr
    result = paired("log", "--skip-invalid", "--pair", "1", "--no-input")
    assert result.exit_code == 2
    assert "only apply with --from" in result.stderr


def test_a_person_nobody_enrolled_is_named_with_the_column(paired, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_text("Mentor,Mentee,Date\nZed,dana@example.com,2026-02-03\n")
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    assert "row 2, column 'Mentor': No participant named or matching Zed;" in (
        result.stderr
    )


def test_a_file_that_names_no_pair_is_refused(paired, tmp_path):
    export = tmp_path / "responses.csv"
    export.write_text("date,minutes\n2026-02-03,30\n")
    result = paired("log", "--from", str(export))
    assert result.exit_code == 1
    assert "the header names no pair" in result.stderr


def test_checkin_from_file(paired, tmp_path):
    assert (
        paired(
            "checkin",
            "dana@example.com",
            "--topic",
            "TikTok",
            "--score",
            "2",
            "--phase",
            "baseline",
            "--date",
            "2026-01-06",
        ).exit_code
        == 0
    )
    export = tmp_path / "checkins.csv"
    export.write_text(
        "response_id,participant,topic,phase,score,date\n"
        "a,Dana Lee,ai assistants,baseline,2,2026-01-06\n"
        "b,sam@example.com,AI assistants,baseline,1,2026-01-06\n"
        "c,dana@example.com,TikTok,baseline,3,2026-01-06\n"
        "d,dana@example.com,TikTok,final,7,2026-01-06\n"
    )
    before = paired.dump()
    result = paired("checkin", "--from", str(export))
    assert result.exit_code == 1
    assert "row 4: dana@example.com already has a baseline score for TikTok" in (
        result.stderr
    )
    assert (
        "row 5, column 'score': the score must be a whole number from 1 to 5"
        in result.stderr
    )
    assert paired.dump() == before
    result = paired("checkin", "--from", str(export), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "Recorded 2 check-ins" in result.stderr
    rows = paired.rows(
        "SELECT topic, phase, score FROM checkins WHERE response_id IS NOT NULL "
        "ORDER BY id"
    )
    assert rows == [
        {"topic": "AI assistants", "phase": "baseline", "score": 2},
        {"topic": "AI assistants", "phase": "baseline", "score": 1},
    ]
    again = paired("checkin", "--from", str(export), "--skip-invalid")
    assert "Recorded 0 check-ins" in again.stderr
    assert "2 already recorded earlier" in again.stderr


def test_both_answers_about_one_meeting_are_one_session(paired, tmp_path):
    export = tmp_path / "answers.csv"
    header = "Timestamp,Mentor,Mentee,Date,Minutes,Topics,Mentor rating,"
    header += "Mentee rating,Notes\n"
    mentor = "2026-02-03 10:00:00,bo@example.com,dana@example.com,2026-02-03,60,"
    mentor += 'TikTok,4,,"She set it up"\n'
    export.write_text(header + mentor)
    assert paired("log", "--from", str(export)).exit_code == 0
    mentee = "2026-02-03 18:00:00,bo@example.com,dana@example.com,2026-02-03,45,"
    mentee += '"TikTok, AI assistants",,5,"Learned a lot"\n'
    export.write_text(header + mentor + mentee)
    result = paired("log", "--from", str(export))  # a second run, the whole export
    assert result.exit_code == 0, result.output
    assert "Logged 0 sessions" in result.stderr
    assert "1 answer joined another's session" in result.stderr
    assert "1 already logged earlier" in result.stderr
    assert (
        "The answers differ: Bo Chen → Dana Lee on 2026-02-03: minutes (60 and 45; "
        "60 kept); topics (AI assistants in one answer only)." in result.stderr
    )
    (one,) = sessions(paired)
    assert (one["mentor_rating"], one["mentee_rating"], one["minutes"]) == (4, 5, 60)
    assert json.loads(one["topics"]) == ["TikTok", "AI assistants"]
    assert one["notes"] == ("She set it up\n\nThe mentee's notes: Learned a lot")
    again = paired("log", "--from", str(export))
    assert "Logged 0 sessions" in again.stderr and "2 already" in again.stderr
    assert sessions(paired) == [one]


def test_answers_in_one_file_merge_and_a_participant_says_who_answered(
    paired, tmp_path
):
    export = tmp_path / "answers.csv"
    export.write_text(
        "Participant,Mentor,Mentee,Date,Mentor rating,Mentee rating,Notes\n"
        "dana@example.com,bo@example.com,dana@example.com,2026-02-03,3,5,Mine\n"
        "bo@example.com,bo@example.com,dana@example.com,2026-02-03,4,2,His\n"
        "bo@example.com,bo@example.com,sam@example.com,2026-02-03,4,,\n"
    )
    result = paired("log", "--from", str(export))
    assert result.exit_code == 0, result.output
    assert "Logged 2 sessions" in result.stderr
    assert "1 answer joined another's session" in result.stderr
    assert "the mentor's rating (3 and 4; 4 kept)" in result.stderr
    assert "the mentee's rating (5 and 2; 5 kept)" in result.stderr
    first, other = sessions(paired)
    assert (first["mentor_rating"], first["mentee_rating"]) == (4, 5)
    assert first["minutes"] == 45 and other["mentor_rating"] == 4
    assert first["notes"] == ("The mentee's notes: Mine\n\nThe mentor's notes: His")
    stranger = tmp_path / "stranger.csv"
    stranger.write_text(
        "Participant,Mentor,Mentee,Date\n"
        "sam@example.com,bo@example.com,dana@example.com,2026-02-04\n"
    )
    refused = paired("log", "--from", str(stranger))
    assert refused.exit_code == 1
    assert (
        "row 2, column 'Participant': sam@example.com is not in the pair "
        "Bo Chen → Dana Lee" in refused.stderr
    )


def test_a_form_answer_joins_a_session_logged_by_hand(paired, tmp_path):
    by_hand = ["log", "--mentor", "bo@example.com", "--mentee", "dana@example.com"]
    by_hand += ["--date", "2026-02-03", "--minutes", "30", "--no-input"]
    assert paired(*by_hand).exit_code == 0
    export = tmp_path / "answers.csv"
    export.write_text(
        "Mentor,Mentee,Date,Mentee rating\nbo@example.com,dana@example.com,"
        "2026-02-03,5\n"
    )
    result = paired("log", "--from", str(export))
    assert result.exit_code == 0, result.output
    (one,) = sessions(paired)
    assert (one["minutes"], one["mentee_rating"]) == (30, 5)
    assert "differ" not in result.stderr  # no minutes given: nothing to compare
