"""`revmentor forms`: form questions whose export imports with no --map."""

from __future__ import annotations

import csv


def test_forms_show_the_program_topics_and_the_export_header(enrolled):
    result = enrolled("forms")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "# Session form" in text and "# Check-in form" in text
    assert "   - TikTok\n   - AI assistants\n" in text
    assert (
        "Timestamp,Mentor,Mentee,Date,Minutes,Topics,Mentor rating,Mentee rating,"
        "Fit,Goal reached,Notes" in text
    )
    assert "Timestamp,Participant,Phase,Topic,Score,Date" in text
    assert "   - Coaching a senior leader" in text


def test_filled_templates_import_with_no_map(enrolled, tmp_path):
    assert enrolled("pair", "--date", "2026-01-05").exit_code == 0
    result = enrolled(
        "goals", "add", "dana@example.com", "Post weekly", "--date", "2026-01-20"
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "forms"
    result = enrolled("forms", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "checkin-form.md",
        "checkins-template.csv",
        "session-form.md",
        "sessions-template.csv",
    ]
    sessions = folder / "sessions-template.csv"
    with sessions.open(newline="") as handle:
        header = next(csv.reader(handle))
    row = {
        "Timestamp": "2026-02-03 10:00:00",
        "Mentor": "bo@example.com",
        "Mentee": "Dana Lee",
        "Date": "2026-02-03",
        "Minutes": "45",
        "Topics": "TikTok, AI assistants",
        "Mentor rating": "4",
        "Mentee rating": "5",
        "Fit": "good fit",
        "Goal reached": "post WEEKLY",
        "Notes": "",
    }
    with sessions.open("a", newline="") as handle:
        csv.writer(handle).writerow([row[column] for column in header])
    result = enrolled("log", "--from", str(sessions))
    assert result.exit_code == 0, result.output
    assert "Logged 1 session from" in result.stderr
    assert "(1 goal reached)" in result.stderr
    assert enrolled.rows("SELECT created_on, done_on FROM pair_goals") == [
        {"created_on": "2026-01-20", "done_on": "2026-02-03"}
    ]

    checkins = folder / "checkins-template.csv"
    with checkins.open("a", newline="") as handle:
        csv.writer(handle).writerow(
            [
                "2026-01-06 09:00:00",
                "sam@example.com",
                "baseline",
                "AI assistants",
                "2",
                "2026-01-06",
            ]
        )
    result = enrolled("checkin", "--from", str(checkins))
    assert result.exit_code == 0, result.output
    assert enrolled.rows("SELECT response_id FROM checkins") == [
        {"response_id": "2026-01-06 09:00:00"}
    ]


def test_forms_output_must_be_a_folder(enrolled, tmp_path):
    taken = tmp_path / "forms.txt"
    taken.write_text("mine")
    result = enrolled("forms", "--output", str(taken))
    assert result.exit_code != 0
    assert taken.read_text() == "mine"
