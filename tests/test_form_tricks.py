"""Form exports that used to be imported twice, or accepted when nothing in
them could be: each answer is stored once, whatever the file's format."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from tests.test_bulk import paired, sessions  # noqa: F401  (a fixture)


def test_one_answer_as_xlsx_then_as_csv_is_stored_once(paired, tmp_path):  # noqa: F811
    book = openpyxl.Workbook()
    book.active.append(["Timestamp", "Mentor", "Mentee", "Date", "Minutes"])
    book.active.append(
        [datetime(2026, 7, 1, 10), "bo@example.com", "dana@example.com", "7/1/2026", 30]
    )
    xlsx = tmp_path / "answers.xlsx"
    book.save(xlsx)
    csv = tmp_path / "answers.csv"
    csv.write_text(
        "Timestamp,Mentor,Mentee,Date,Minutes\n"
        "7/1/2026 10:00:00,bo@example.com,dana@example.com,7/1/2026,30\n"
    )
    for path in (xlsx, csv):
        result = paired("log", "--from", str(path), "--date-format", "MM/DD/YYYY")
        assert result.exit_code == 0, result.output
    assert "1 already logged earlier" in result.stderr
    assert [s["date"] for s in sessions(paired)] == ["2026-07-01"]


def test_a_file_without_answer_ids_imported_again_adds_nothing(paired, tmp_path):  # noqa: F811
    export = tmp_path / "answers.csv"
    export.write_text(
        "Mentor,Mentee,Date,Minutes,Topics\n"
        "bo@example.com,dana@example.com,2026-02-03,30,TikTok\n"
        "bo@example.com,sam@example.com,2026-02-03,30,TikTok\n"
    )
    assert paired("log", "--from", str(export)).exit_code == 0
    export.write_text(
        export.read_text() + "bo@example.com,dana@example.com,2026-02-10,30,TikTok\n"
    )
    again = paired("log", "--from", str(export))
    assert again.exit_code == 0, again.output
    assert "Logged 1 session" in again.stderr and "2 already logged" in again.stderr
    assert len(sessions(paired)) == 3


def test_skip_invalid_with_every_row_bad_fails(paired, tmp_path):  # noqa: F811
    export = tmp_path / "answers.csv"
    export.write_text("pair,date\n1,not a date\n99,2026-02-03\n")
    result = paired("log", "--from", str(export), "--skip-invalid")
    assert result.exit_code == 1
    assert "2 rows" in result.stderr and "no sessions were logged" in result.stderr
    assert "add --skip-invalid" not in result.stderr
    assert sessions(paired) == []


def test_a_date_format_without_a_day_is_refused(paired, tmp_path):  # noqa: F811
    export = tmp_path / "answers.csv"
    export.write_text("pair,date\n1,2026-02\n")
    result = paired("log", "--from", str(export), "--date-format", "%Y-%m")
    assert result.exit_code != 0
    assert "must name the year, month and day" in result.stderr
    assert sessions(paired) == []
