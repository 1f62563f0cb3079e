"""The program's clock: when people enrolled and left, recorded on their days,
so that a program that began before the tool was installed reads truly."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

START = date.today() - timedelta(days=300)

ROSTER = """\
participants:
  - {name: Ana Ruiz, email: ana@example.com, role: mentor, level: 1, teaches: [TikTok]}
  - {name: Bo Chen, email: bo@example.com, role: mentor, level: 1, teaches: [AI]}
  - {name: Dana Lee, email: dana@example.com, role: mentee, level: 8, learns: [TikTok]}
  - {name: Sam Ortiz, email: sam@example.com, role: mentee, level: 8, learns: [AI]}
"""


def day(n: int) -> str:
    """The program's day ``n`` (day 0 is START)."""
    return (START + timedelta(days=n)).isoformat()


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def enrolled_on(cli) -> dict[str, str]:
    rows = cli.rows("SELECT email, enrolled_on FROM participants")
    return {row["email"]: row["enrolled_on"] for row in rows}


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_pair_with_a_past_date_enrols_the_new_people_on_that_day(cli, roster):
    ok(cli("pair", str(roster), "--date", day(0)))
    assert set(enrolled_on(cli).values()) == {day(0)}
    assert {r["paired_on"] for r in cli.rows("SELECT paired_on FROM pairs")} == {day(0)}
    # A leave is refused only before the person enrolled.
    ok(cli("people", "leave", "ana@example.com", "--date", day(44)))
    early = cli("people", "leave", "bo@example.com", "--date", day(-1))
    assert (
        early.exit_code == 1
        and f"before bo@example.com enrolled ({day(0)})" in early.stderr
    )
    data = json.loads(ok(cli("report", "--as-of", day(30), "-f", "json")).stdout)
    retention = data["summary"]["retention"]
    assert (retention["mentors_enrolled"], retention["in_program"]) == (2, 2)
    later = json.loads(ok(cli("report", "--as-of", day(50), "-f", "json")).stdout)
    assert later["summary"]["retention"]["in_program"] == 1


def test_import_and_enroll_take_the_day_and_rosters_an_enrolled_on_column(
    cli, roster, tmp_path
):
    ok(cli("import", str(roster), "--date", day(3)))
    ok(
        cli(
            "enroll", "--no-input", "--role", "mentee", "--name", "Kim Park",
            "--email", "kim@example.com", "--date", day(5),
        )
    )  # fmt: skip
    sheet = tmp_path / "late.csv"
    sheet.write_text(
        "name,email,role,enrolled_on\n"
        f"Lou Grant,lou@example.com,mentee,{day(9)}\n"
        "Max Stone,max@example.com,mentee,\n",
        encoding="utf-8",
    )
    ok(cli("import", str(sheet), "--date", day(12)))
    people = tmp_path / "more.yaml"
    people.write_text(
        "participants:\n"
        f"  - {{name: Nia, email: nia@example.com, role: mentor, enrolled_on: {day(7)}}}\n",
        encoding="utf-8",
    )
    ok(cli("import", str(people)))
    got = enrolled_on(cli)
    assert got["ana@example.com"] == got["sam@example.com"] == day(3)
    assert got["kim@example.com"] == day(5)
    assert (got["lou@example.com"], got["max@example.com"]) == (day(9), day(12))
    assert got["nia@example.com"] == day(7)
    future = (date.today() + timedelta(days=1)).isoformat()
    before = cli.dump()
    for argv in (
        ["import", str(roster), "--date", future],
        ["enroll", "--no-input", "--role", "mentor", "--name", "Zed",
         "--email", "zed@example.com", "--date", future],
    ):  # fmt: skip
        refused = cli(*argv)
        assert refused.exit_code == 1 and "is in the future" in refused.stderr
    assert cli.dump() == before


def test_retention_uses_the_day_someone_left_the_organisation(cli, roster):
    ok(cli("pair", str(roster), "--date", day(0)))
    ok(cli("people", "leave", "ana@example.com", "--date", day(60)))
    ok(
        cli(
            "people", "leave", "ana@example.com", "--date", day(150),
            "--left-organisation",
        )
    )  # fmt: skip

    def retention(as_of: int) -> tuple:
        data = json.loads(ok(cli("report", "--as-of", day(as_of), "-f", "json")).stdout)
        kept = data["summary"]["retention"]
        return kept["in_program"], kept["in_organisation"]

    assert retention(30) == (2, 2)
    assert retention(120) == (1, 2)  # left the program, still in the company
    assert retention(200) == (1, 1)
