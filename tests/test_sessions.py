"""`revmentor sessions`: listing (notes stay private), edit and delete."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.pairing import add_pair, days_ago
from tests.prompting import ENTER, typed

SECRET = "She worries about the board review"


@pytest.fixture
def logged(enrolled):
    """Two pairs and three sessions; the first two carry private notes."""
    enrolled.ana_dana = add_pair(
        enrolled, "ana@example.com", "dana@example.com", days_ago=60
    )
    enrolled.bo_sam = add_pair(enrolled, "bo@example.com", "sam@example.com")
    for args in (
        ["--mentor", "ana@example.com", "--date", days_ago(40), "--notes", SECRET],
        [
            "--mentor",
            "ana@example.com",
            "--date",
            days_ago(20),
            "--topics",
            "TikTok, =HYPERLINK(1)",
            "--notes",
            "=cmd|' /C calc'!A0",
            "--mentor-rating",
            "4",
            "--mentee-rating",
            "5",
        ],
        ["--mentor", "bo@example.com", "--date", days_ago(10), "--minutes", "30"],
    ):
        result = enrolled("log", "--no-input", *args)
        assert result.exit_code == 0, result.output
    return enrolled


# ---------------------------------------------------------------- listing


def test_sessions_json_rows_have_stable_keys(logged):
    result = logged("sessions", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [
        [
            "id",
            "mentor",
            "mentee",
            "date",
            "minutes",
            "topics",
            "mentor_rating",
            "mentee_rating",
        ]
    ] * 3
    assert rows[1] == {
        "id": 2,
        "mentor": "ana@example.com",
        "mentee": "dana@example.com",
        "date": days_ago(20),
        "minutes": 45,
        "topics": ["TikTok", "=HYPERLINK(1)"],
        "mentor_rating": 4,
        "mentee_rating": 5,
    }
    assert result.stderr == ""


def test_sessions_filters(logged):
    def ids(*args):
        result = logged("sessions", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids() == [1, 2, 3]
    assert ids("--mentor", "ANA@example.com") == [1, 2]
    assert ids("--mentee", "sam@example.com") == [3]
    assert ids("--since", days_ago(20)) == [2, 3]
    assert ids("--mentor", "ana@example.com", "--since", days_ago(15)) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mentor", "nobody@example.com"], "No participant with email nobody"),
        (
            ["--mentor", "dana@example.com"],
            "dana@example.com is a mentee, not a mentor",
        ),
    ],
)
def test_sessions_list_refusals(logged, args, message):
    result = logged("sessions", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "'--since': must be a real date written YYYY-MM-DD"),
        (["edit", "3", "--date", "31/12/2026"], "'--date': must be a real date"),
        (["--format", "html"], "'html' is not one of"),
    ],
)
def test_sessions_bad_option_values_are_usage_errors(logged, args, message):
    before = logged.dump()
    result = logged("sessions", *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert logged.dump() == before


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_notes_never_shown_without_include_notes(logged, fmt, tmp_path):
    result = logged("sessions", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "calc" not in result.output
    assert "notes" not in result.stdout.lower()
    out = tmp_path / f"sessions.{fmt}"
    result = logged("sessions", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert SECRET not in out.read_text()
    assert (out.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_notes_shown_with_include_notes(logged, fmt):
    result = logged("sessions", "--format", fmt, "--include-notes")
    assert result.exit_code == 0, result.output
    assert "board review" in result.stdout


def test_sessions_csv_neutralises_formulas(logged):
    result = logged("sessions", "--format", "csv", "--include-notes")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[1]["notes"] == "'=cmd|' /C calc'!A0"
    # Where ',' or ';' separates cells, each part is a cell of its own.
    assert rows[1]["topics"] == "TikTok, '=HYPERLINK(1)"
    assert rows[0]["mentor"] == "ana@example.com"


def test_sessions_table_and_markdown_show_names(logged):
    for fmt in ("table", "markdown"):
        result = logged("sessions", "--format", fmt)
        assert "Ana Ruiz" in result.stdout
        assert "Dana Lee" in result.stdout
    assert "Sessions (3, 120 minutes)" in logged("sessions").stdout


@pytest.mark.parametrize("width", [60, 80, 160])
def test_sessions_table_with_notes_fits_the_terminal(logged, width):
    """Eight columns on a narrow terminal: text columns fold (a date never
    does) rather than the table running past the edge and being cut off."""
    result = logged("sessions", "--include-notes", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # A narrow terminal leaves out columns (and says so) rather than break words.
    left_out = [line for line in lines if line.startswith("Left out to fit")]
    assert bool(left_out) == (width < 80)
    title, *table, caption = [line for line in lines if line not in left_out]
    assert title == "Sessions (3, 120 minutes)"
    assert max(len(line) for line in lines) <= width
    assert all(line[-1] in "┓┃┩│┘" for line in table)  # the right edge is there
    assert sum(days_ago(40) in line for line in table) == 1
    assert caption == "Ratings: mentor / mentee, 1-5."


def test_sessions_empty(paired_only):
    result = paired_only("sessions")
    assert result.exit_code == 0
    assert "No sessions match" in result.stderr
    assert json.loads(paired_only("sessions", "--format", "json").stdout) == []


@pytest.fixture
def paired_only(enrolled):
    add_pair(enrolled, "ana@example.com", "dana@example.com")
    return enrolled


# ---------------------------------------------------------------- edit


def test_edit_changes_only_the_given_fields(logged):
    result = logged(
        "sessions",
        "edit",
        "2",
        "--minutes",
        "60",
        "--topics",
        "linkedin, tiktok",
        "--mentor-rating",
        "",
    )
    assert result.exit_code == 0, result.output
    assert "Updated session #2" in result.stderr
    (row,) = logged.rows("SELECT * FROM sessions WHERE id = 2")
    assert row["minutes"] == 60
    assert json.loads(row["topics"]) == ["linkedin", "TikTok"]
    assert row["mentor_rating"] is None
    assert row["mentee_rating"] == 5
    assert row["notes"] == "=cmd|' /C calc'!A0"
    assert row["date"] == days_ago(20)


def test_edit_date_and_notes(logged):
    result = logged("sessions", "edit", "1", "--date", days_ago(50), "--notes", "")
    assert result.exit_code == 0, result.output
    (row,) = logged.rows("SELECT date, notes FROM sessions WHERE id = 1")
    assert row == {"date": days_ago(50), "notes": None}


def test_edit_with_same_values_changes_nothing(logged):
    before = logged.dump()
    result = logged("sessions", "edit", "3", "--minutes", "30")
    assert result.exit_code == 0
    assert "nothing changed" in result.stderr
    assert logged.dump() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["3"], "Nothing to change: give at least one flag"),
        (
            ["3", "--minutes", "0"],
            "Cannot change session #3: minutes must be a positive",
        ),
        (["3", "--date", "2999-01-01"], "is in the future"),
        (["3", "--date", days_ago(31)], "is before the pair was made"),
        (["3", "--mentee-rating", "9"], "the mentee's rating must be a whole number"),
        (["3", "--minutes", ""], "minutes must be a positive whole number"),
        (["99", "--minutes", "10"], "No session #99"),
        (["two", "--minutes", "10"], "A session ID is a number"),
    ],
)
def test_edit_refusals_write_nothing(logged, args, message):
    before = logged.dump()
    result = logged("sessions", "edit", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert logged.dump() == before


def test_edit_refuses_a_date_after_the_pair_ended(logged):
    import sqlite3

    conn = sqlite3.connect(logged.db_path)
    with conn:
        conn.execute(
            "UPDATE pairs SET status = 'ended', ended_on = ?, end_reason = 'moved' "
            "WHERE id = ?",
            [days_ago(5), logged.bo_sam],
        )
    conn.close()
    before = logged.dump()
    result = logged("sessions", "edit", "3", "--date", days_ago(0))
    assert result.exit_code == 1
    assert "is after the pair ended" in result.stderr
    assert logged.dump() == before
    # A session of an ended pair can still be corrected.
    assert logged("sessions", "edit", "3", "--minutes", "35").exit_code == 0


# ---------------------------------------------------------------- delete


def test_delete_with_yes(logged):
    result = logged("sessions", "delete", "2", "--yes")
    assert result.exit_code == 0, result.output
    assert "Deleted session #2 (Ana Ruiz → Dana Lee" in result.stderr
    assert [r["id"] for r in logged.rows("SELECT id FROM sessions")] == [1, 3]


def test_delete_without_terminal_needs_yes(logged):
    before = logged.dump()
    result = logged("sessions", "delete", "2")
    assert result.exit_code == 2
    assert "add --yes" in result.stderr
    assert logged.dump() == before


def test_delete_asks_first(logged, monkeypatch):
    before = logged.dump()
    with typed(monkeypatch, ENTER):  # the default is No
        result = logged("sessions", "delete", "2")
    assert result.exit_code == 0
    assert "Nothing deleted" in result.stderr
    assert logged.dump() == before
    with typed(monkeypatch, "y"):
        result = logged("sessions", "delete", "2")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in logged.rows("SELECT id FROM sessions")] == [1, 3]


def test_delete_unknown_session(logged):
    before = logged.dump()
    result = logged("sessions", "delete", "42", "--yes")
    assert result.exit_code == 1
    assert "No session #42" in result.stderr
    assert logged.dump() == before


def test_minutes_beyond_a_day_are_refused_not_crashing(enrolled):
    from tests.pairing import add_pair

    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=10)
    for minutes in ("1441", "9" * 25):
        result = enrolled(
            "log",
            "--mentor",
            "ana@example.com",
            "--mentee",
            "dana@example.com",
            "--minutes",
            minutes,
            "--no-input",
        )
        assert result.exit_code == 1, result.output
        assert "at most 1440" in result.stderr
