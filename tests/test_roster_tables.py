"""Rosters from spreadsheets: CSV (as Excel saves it) and real .xlsx files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from revmentor.domain.tables import Table, cell_text, match_headers, split_list
from revmentor.render.formats import flat, safe_csv_cell


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def people(cli) -> dict[str, dict]:
    return {row["email"]: row for row in cli.rows("SELECT * FROM participants")}


def test_excel_csv_with_bom_semicolons_and_loose_headers(cli, tmp_path):
    roster = tmp_path / "staff.csv"
    roster.write_bytes(
        "\ufeffFull_Name;E Mail;ROLE;level;Teaches;Learns;attributes.Gender;Manager\n"
        "Ana Ruiz;Ana@Example.com;mentor;2;TikTok, AI assistants;;female;"
        "dana@example.com\n"
        ";;;;;;;\n"
        "Dana Lee;dana@example.com;Mentee;8;;TikTok;;\n".encode()
    )
    result = cli(
        "import", str(roster), "--map", "Full Name=name", "--map", "e_mail=email"
    )
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr
    stored = people(cli)
    ana, dana = stored["ana@example.com"], stored["dana@example.com"]
    assert (ana["name"], ana["role"], ana["level"]) == ("Ana Ruiz", "mentor", 2)
    assert json.loads(ana["teaches"]) == ["TikTok", "AI assistants"]
    assert json.loads(ana["attributes"]) == {"Gender": "female"}
    assert ana["manager"] == "dana@example.com"
    assert dana["role"] == "mentee" and dana["manager"] is None
    assert json.loads(dana["learns"]) == ["TikTok"]


def test_a_read_me_sheet_first_says_which_sheet_was_read(cli, tmp_path):
    roster = [["name", "email", "role"], ["Bo Chen", "bo@example.com", "mentor"]]
    sheets = {"Read me": [["How to fill in this workbook"]], "People": roster}
    book = write_xlsx(tmp_path / "people.xlsx", sheets)
    for command in (["import"], ["org", "import"]):
        result = cli(*command, str(book))
        assert result.exit_code == 1
        first = result.stderr.splitlines()[1].strip()
        assert first == (
            f"{book}, sheet 'Read me': this is its first sheet; read another with "
            """--sheet, e.g. --sheet "People" (its other sheets: 'People')"""
        )
        assert f"{book}, sheet 'Read me', row 1: there is no" in result.stderr
    assert cli("import", str(book), "--sheet", "People").exit_code == 0
    assert list(people(cli)) == ["bo@example.com"]
    # One sheet, or one chosen: no word about sheets.
    alone = write_xlsx(tmp_path / "alone.xlsx", {"Sheet": [["Hello"]]})
    assert "first sheet" not in cli("import", str(alone)).stderr
    assert "first sheet" not in cli("import", str(book), "--sheet", "Read me").stderr


def test_xlsx_sheet_with_number_cells(cli, tmp_path):
    book = write_xlsx(
        tmp_path / "people.xlsx",
        {
            "Notes": [["nothing here"]],
            "Mentoring": [
                ["Name", "Email", "Role", "Level", "Capacity", "Learns"],
                ["Bo Chen", "bo@example.com", "mentor", 1, 2.0, None],
                ["Sam Ortiz", "sam@example.com", "mentee", 9, None, "AI; Podcasts"],
            ],
        },
    )
    result = cli("import", str(book), "--sheet", "Mentoring")
    assert result.exit_code == 0, result.output
    stored = people(cli)
    assert stored["bo@example.com"]["capacity"] == 2
    assert stored["sam@example.com"]["level"] == 9
    assert json.loads(stored["sam@example.com"]["learns"]) == ["AI", "Podcasts"]

    missing = cli("import", str(book), "--sheet", "Nope")
    assert missing.exit_code == 1
    assert "has no sheet 'Nope'" in missing.stderr and "'Mentoring'" in missing.stderr


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    cli, tmp_path
):
    book = write_xlsx(
        tmp_path / "people.xlsx",
        {
            "Sheet": [
                ["name", "email", "role", "Level"],
                ["Ana", "ana@example.com", "mentor", 2],
                ["Bo", "not-an-email", "mentor", 1],
                ["Dana", "dana@example.com", "boss", "senior"],
                ["Ana again", "ANA@example.com", "mentor", 3],
            ]
        },
    )
    before = cli.dump()
    result = cli("import", str(book))
    assert result.exit_code == 1
    error = result.stderr
    assert "4 problems found" in error
    assert "people.xlsx, row 3, column 'email': 'not-an-email' is not a valid" in error
    assert "people.xlsx, row 4, column 'role': role must be mentor or mentee" in error
    assert (
        "people.xlsx, row 4, column 'Level': level must be a whole number, "
        "not 'senior'" in error
    )
    assert "row 5, column 'email': ana@example.com is already listed on row 2" in error
    assert cli.dump() == before


def test_a_value_under_no_header_is_refused_not_dropped(cli, tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text(
        "name,email,role\n"
        "Bo Chen,bo@example.com,mentor,\n"  # an empty trailing cell is fine
        "Sam Ortiz,sam@example.com,mentee,,level 9\n"
    )
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert (
        f"{roster}, row 3, column 5: 'level 9' is in a column with no header"
        in result.stderr
    )
    assert not cli.db_path.exists()
    book = write_xlsx(
        tmp_path / "people.xlsx",
        {"People": [["Name", "Email", "Role"], ["Bo", "bo@example.com", "mentor", 3]]},
    )
    result = cli("import", str(book))
    assert result.exit_code == 1
    assert f"{book}, row 2, column D: 3 is in a column with no header" in result.stderr
    sessions = tmp_path / "sessions.csv"
    sessions.write_text("pair,date\n1,2026-01-05,45\n")
    result = cli("log", "--from", str(sessions))
    assert result.exit_code == 1 and "column 3: '45'" in result.stderr
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("participant,topic\nbo@example.com,AI,4\n")
    result = cli("checkin", "--from", str(checkins))
    assert result.exit_code == 1 and "column 3: '4'" in result.stderr
    org = tmp_path / "org.csv"
    org.write_text("email,manager\nlea@example.com,hal@example.com,Sales\n")
    result = cli("org", "import", str(org))
    assert result.exit_code == 1 and "column 3: 'Sales'" in result.stderr
    assert not cli.db_path.exists()


def test_unknown_header_is_refused_with_a_suggestion(cli, tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text("name,emial,role\nAna,ana@example.com,mentor\n")
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert "column 'emial': unknown column 'emial' (did you mean 'email'?)" in (
        result.stderr
    )
    assert not cli.db_path.exists()


def test_missing_required_column(cli, tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text("name,email\nAna,ana@example.com\n")
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert "there is no 'role' column" in result.stderr


def test_empty_cell_means_not_given(cli, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text(
        "name,email,role,manager,title\nAna,ana@example.com,mentor,lee@example.com,"
        "Associate\n"
    )
    assert cli("import", str(first)).exit_code == 0
    assert cli("people", "pause", "ana@example.com").exit_code == 0
    later = tmp_path / "later.csv"
    later.write_text(
        "name,email,role,manager,title,status\nAna,ana@example.com,mentor,,,\n"
    )
    result = cli("import", str(later))
    assert result.exit_code == 0, result.output
    assert "1 unchanged" in result.stderr
    ana = people(cli)["ana@example.com"]
    assert (ana["manager"], ana["title"], ana["status"]) == (
        "lee@example.com",
        "Associate",
        "paused",
    )


def test_people_csv_imports_back_unchanged(enrolled, tmp_path):
    # The CSV is a roster: manager, time zone, capacity, organization, goals,
    # preferences, status and the days they enrolled and left all read back.
    more = ["--role", "mentor", "--name", "Lea Ng", "--email", "lea@example.com"]
    more += ["--level", "1", "--teaches", "TikTok, AI", "--capacity", "3"]
    more += ["--timezone", "Asia/Tokyo", "--organization", "Partner Co"]
    more += ["--prefers", "dana@example.com", "--goals", "Learn to lead, gently"]
    assert (
        enrolled("enroll", "--no-input", *more, "--date", "2026-01-05").exit_code == 0
    )
    enrolled("people", "pause", "bo@example.com")
    left = enrolled("people", "leave", "lea@example.com", "--date", "2026-02-01")
    assert left.exit_code == 0, left.output
    out = tmp_path / "people.csv"
    assert enrolled("people", "--format", "csv", "--output", str(out)).exit_code == 0
    private = tmp_path / "private.csv"
    result = enrolled(
        "people", "--include-private", "--format", "csv", "--output", str(private)
    )
    assert result.exit_code == 0
    before = enrolled.dump()
    for path in (out, private):
        result = enrolled("import", str(path))
        assert result.exit_code == 0, result.output
        assert "0 added, 0 updated, 5 unchanged" in result.stderr
    assert enrolled.dump() == before
    # And into a fresh program it gives the same people.
    fresh = type(enrolled)(tmp_path / "fresh.db")
    assert fresh("import", str(private)).exit_code == 0
    everyone = ["people", "--format", "json", "--include-private"]
    assert json.loads(fresh(*everyone).stdout) == json.loads(enrolled(*everyone).stdout)
    assert fresh("people", "--format", "csv", "--include-private").stdout == (
        private.read_text()
    )


def test_pair_takes_a_spreadsheet(cli, tmp_path):
    book = write_xlsx(
        tmp_path / "people.xlsx",
        {
            "Sheet": [
                ["name", "email", "role", "level", "teaches", "learns"],
                ["Ana", "ana@example.com", "mentor", 2, "TikTok", None],
                ["Dana", "dana@example.com", "mentee", 8, None, "TikTok"],
            ]
        },
    )
    result = cli("pair", str(book), "--format", "json")
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)["pairs"]
    assert [(p["mentor"], p["mentee"]) for p in pairs] == [
        ("ana@example.com", "dana@example.com")
    ]


def test_not_a_workbook_and_map_on_yaml(cli, tmp_path):
    fake = tmp_path / "people.xlsx"
    fake.write_text("name,email\n")
    result = cli("import", str(fake))
    assert result.exit_code == 1
    assert "is not an Excel .xlsx workbook" in result.stderr
    roster = tmp_path / "r.yaml"
    roster.write_text("participants: []\n")
    result = cli("import", str(roster), "--map", "A=email")
    assert result.exit_code == 1
    assert "apply to spreadsheets" in result.stderr


def test_reading_a_csv_roster_does_not_import_openpyxl(tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text("name,email,role\nAna,ana@example.com,mentor\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from revmentor.domain.people.roster_tables import parse_roster_table\n"
        "from revmentor.spreadsheets import read_table\n"
        f"parse_roster_table(read_table(Path({str(roster)!r})))\n"
        "print('openpyxl' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# A header is found however its key is spelled: any case, spaces, underscores.
@given(
    key=st.sampled_from(["email", "mentor_rating", "learns", "response_id"]),
    data=st.data(),
)
def test_headers_match_in_any_case_with_any_spaces(key, data):
    spelled = ""
    for char in key:
        if char == "_":
            char = data.draw(st.sampled_from(["_", " ", "", "  ", "__"]))
        elif data.draw(st.booleans()):
            char = char.upper()
        spelled += char
    table = Table(source="t.csv", headers=[f" {spelled} "])
    columns = match_headers(table, ["email", "mentor_rating", "learns", "response_id"])
    assert columns.index == {key: 0}


# A list written the way listings write it ("a, b") reads back as the same list.
@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_characters=",;'",
                blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
            ),
            min_size=1,
            max_size=12,
        ),
        max_size=6,
    )
)
def test_list_cells_read_back_as_written(items):
    cell = safe_csv_cell(flat(items))
    assert split_list(cell_text(cell)) == [
        item.strip() for item in items if item.strip()
    ]


def test_a_spreadsheet_that_is_not_a_regular_file_is_refused(tmp_path):
    import os

    from typer.testing import CliRunner

    from revmentor.cli import app

    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "t.db"), "import", str(fifo)]
    )
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert not (tmp_path / "t.db").exists()
