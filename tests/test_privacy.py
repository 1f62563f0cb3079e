"""Confidential data (session notes, goals, private attributes) stays out of every
listing, report and file unless the flag that asks for it is given."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.pairing import add_pair, days_ago

NOTE = "SECRET-NOTE-about-the-reorg"
ATTRIBUTE = "SECRET-ATTRIBUTE-VALUE"
GOAL = "SECRET-GOAL-run-the-brand-account"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


@pytest.fixture
def confidential(enrolled) -> Cli:
    enrolled("people", "update", "bo@example.com", "--attribute", f"faith={ATTRIBUTE}")
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=40)
    result = enrolled(
        "log",
        "--mentor",
        "bo@example.com",
        "--mentee",
        "sam@example.com",
        "--date",
        days_ago(20),
        "--minutes",
        "45",
        "--notes",
        NOTE,
        "--mentor-rating",
        "4",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    goal = enrolled(
        "goals",
        "add",
        "sam@example.com",
        GOAL,
        "--due",
        days_ago(1),
        "--date",
        days_ago(5),
    )
    assert goal.exit_code == 0, goal.output
    return enrolled


LISTINGS = [
    ["people"],
    ["people", "show", "bo@example.com"],
    ["pairs", "--all"],
    ["sessions"],
    ["goals"],
    ["people", "show", "sam@example.com"],
    ["checkins"],
    ["program"],
    ["report"],
    ["pair", "--dry-run", "--explain"],
]


@pytest.mark.parametrize("argv", LISTINGS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_no_listing_shows_confidential_data(confidential, tmp_path, argv, fmt):
    out = tmp_path / f"out.{fmt}"
    shown = confidential(*argv, "--format", fmt)
    saved = confidential(*argv, "--format", fmt, "--output", str(out))
    assert shown.exit_code == 0 and saved.exit_code == 0, shown.output + saved.output
    for text in (shown.output, out.read_text() if out.exists() else ""):
        assert NOTE not in text
        assert ATTRIBUTE not in text
        assert GOAL not in text


def test_html_report_and_intro_keep_confidences(confidential, tmp_path):
    page = tmp_path / "report.html"
    assert (
        confidential("report", "--format", "html", "--output", str(page)).exit_code == 0
    )
    for secret in (NOTE, ATTRIBUTE, GOAL):
        assert secret not in page.read_text()
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    intros = tmp_path / "intros"
    assert confidential("intro", "--all", "--output", str(intros)).exit_code == 0
    for letter in intros.iterdir():  # Bo and Sam's only: their goal is theirs
        assert f"G1: {GOAL}" in letter.read_text()
        for secret in (NOTE, ATTRIBUTE):
            assert secret not in letter.read_text()
        assert stat.S_IMODE(letter.stat().st_mode) == 0o600


def test_the_flags_do_show_them(confidential):
    assert (
        NOTE in confidential("sessions", "--include-notes", "--format", "json").stdout
    )
    assert (
        ATTRIBUTE
        in confidential(
            "people", "show", "bo@example.com", "--include-private", "--format", "json"
        ).stdout
    )
    assert NOTE in confidential("report", "--include-notes", "--format", "json").stdout
    assert GOAL in confidential("goals", "--include-notes", "--format", "json").stdout


def test_database_and_backup_are_owner_only(confidential, tmp_path):
    assert stat.S_IMODE(confidential.db_path.stat().st_mode) == 0o600
    backup = tmp_path / "backup.json"
    assert confidential("export", "--output", str(backup)).exit_code == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert NOTE in backup.read_text()  # a backup is complete, hence private


def test_existing_output_file_is_made_private_too(confidential, tmp_path):
    out = tmp_path / "sessions.csv"
    out.write_text("old")
    out.chmod(0o644)
    assert (
        confidential(
            "sessions", "--include-notes", "--format", "csv", "-o", str(out)
        ).exit_code
        == 0
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("argv", [["people"], ["pairs", "--all"], ["sessions"]])
def test_output_extension_chooses_the_format(confidential, tmp_path, argv):
    import csv
    import json

    as_json = tmp_path / "out.json"
    assert confidential(*argv, "-o", str(as_json)).exit_code == 0
    assert isinstance(json.loads(as_json.read_text()), list)
    as_csv = tmp_path / "out.csv"
    assert confidential(*argv, "-o", str(as_csv)).exit_code == 0
    rows = list(csv.DictReader(as_csv.open()))
    assert rows and ("mentor" in rows[0] or "email" in rows[0])
    assert "━" not in as_csv.read_text()
