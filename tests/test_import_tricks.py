"""The same rules on every way in: what a file leaves out, names that do not
fit, dates out of order, and backups edited by hand."""

from __future__ import annotations

import copy
import html
import json

import pytest

from tests.conftest import Cli
from tests.pairing import days_ago
from tests.test_goals import GOAL, _refused, paired  # noqa: F401  (a fixture)
from tests.test_org import ORG_CSV, ROSTER, pair_json
from tests.test_restore_rules import EXAMPLE, restore


def test_an_org_file_without_a_column_keeps_what_is_stored(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER)
    assert cli("import", str(roster)).exit_code == 0
    org = tmp_path / "org.csv"
    org.write_text(ORG_CSV)
    assert cli("org", "import", str(org)).exit_code == 0
    org.write_text("email,title,name\nlead@example.com,Lead,\nhead@example.com,,\n")
    result = cli("org", "import", str(org))
    assert result.exit_code == 0, result.output
    assert "1 updated, 1 unchanged" in result.stderr
    assert cli.rows("SELECT email, name, manager, title FROM org ORDER BY email") == [
        {
            "email": "head@example.com",
            "name": "Hal Head",
            "manager": "meg@example.com",
            "title": None,
        },
        {
            "email": "lead@example.com",
            "name": "Lea Lead",
            "manager": "head@example.com",
            "title": "Lead",
        },
    ]
    # The junior is still not paired with her skip-level boss.
    assert pair_json(cli, "--dry-run")["pairs"] == []


def test_a_formula_after_a_list_separator_is_neutralised_and_reads_back(cli, tmp_path):
    import csv
    import io

    name = "Ana x;=1+1, @SUM(A1)"
    args = ["enroll", "--no-input", "--role", "mentor", "--email", "a@example.com"]
    assert cli(*args, "--name", name).exit_code == 0
    out = cli("people", "--format", "csv").stdout
    cell = next(csv.DictReader(io.StringIO(out)))["name"]
    assert cell == "Ana x;'=1+1, '@SUM(A1)"
    # Opened where ';' separates cells, no part starts a formula.
    for part in cell.replace(",", ";").split(";"):
        assert not part.strip().startswith(("=", "+", "-", "@"))
    # Imported back, the name is as it was.
    export = tmp_path / "people.csv"
    export.write_text(out)
    assert cli("import", str(export)).exit_code == 0
    assert cli.rows("SELECT name FROM participants") == [{"name": name}]


def test_a_goal_due_before_the_day_it_was_set_is_refused(paired):  # noqa: F811
    argv = ["goals", "add", "dana@example.com", GOAL, "--date", days_ago(5)]
    stderr = _refused(paired, *argv, "--due", days_ago(10))
    assert f"the due date {days_ago(10)} is before the goal was set" in stderr
    assert paired(*argv, "--due", days_ago(5)).exit_code == 0


def test_prefers_naming_someone_unknown_or_on_the_same_side_is_refused(
    enrolled, tmp_path
):
    base = ["enroll", "--no-input", "--role", "mentor", "--email", "new@example.com"]
    base += ["--name", "New Mentor"]
    unknown = enrolled(*base, "--prefers", "ghost@example.com")
    assert (
        unknown.exit_code == 1 and "ghost@example.com is not enrolled" in unknown.stderr
    )
    same = enrolled(*base, "--prefers", "ana@example.com")
    assert same.exit_code == 1 and "ana@example.com is a mentor too" in same.stderr
    assert (
        enrolled.rows("SELECT * FROM participants WHERE email = 'new@example.com'")
        == []
    )
    update = enrolled(
        "people", "update", "dana@example.com", "--prefers", "sam@example.com"
    )
    assert update.exit_code == 1 and "sam@example.com is a mentee too" in update.stderr
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: Kim Lo, email: kim@example.com, role: mentee,\n"
        "     prefers: [sam@example.com]}\n"
    )
    result = enrolled("import", str(roster))
    assert result.exit_code == 1
    assert (
        "line 2" in result.stderr and "sam@example.com is a mentee too" in result.stderr
    )
    assert enrolled(*base, "--prefers", "dana@example.com").exit_code == 0


@pytest.fixture(scope="module")
def backup_with_org_and_messages(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("org-messages")
    cli = Cli(folder / "program.db")
    assert cli("pair", str(EXAMPLE), "--date", "2026-01-05").exit_code == 0
    assert cli("intro").exit_code == 0  # shown: recorded as introduced
    org = folder / "org.csv"
    org.write_text("email,manager\nx@example.com,y@example.com\ny@example.com,\n")
    assert cli("org", "import", str(org)).exit_code == 0
    document = json.loads(cli("export").stdout)
    assert document["tables"]["messages"] and len(document["tables"]["org"]) == 2
    return document


def _org_loop(document: dict) -> None:
    for row in document["tables"]["org"]:
        row["manager"] = (
            "x@example.com" if row["email"] == "y@example.com" else row["manager"]
        )


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["tables"]["messages"][0].update(
                subject="Hi\r\nBcc: evil@evil.example"
            ),
            "subject must be one line",
        ),
        (
            _org_loop,
            "the org chart's manager chain loops: x@example.com → y@example.com",
        ),
    ],
    ids=["subject-crlf", "org-loop"],
)
def test_restore_keeps_the_rules_of_every_other_way_in(
    backup_with_org_and_messages, tmp_path, change, message
):
    document = copy.deepcopy(backup_with_org_and_messages)
    (tmp_path / "good").mkdir()
    assert restore(tmp_path / "good", copy.deepcopy(document))[1][0].exit_code == 0
    change(document)
    cli, (result, before) = restore(tmp_path, document)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and "Unexpected" not in result.output
    assert cli.dump() == before


def test_an_org_import_that_closes_a_loop_with_the_stored_chart_is_refused(
    cli, tmp_path
):
    org = tmp_path / "org.csv"
    org.write_text("email,manager\nx@example.com,y@example.com\n")
    assert cli("org", "import", str(org)).exit_code == 0
    before = cli.dump()
    org.write_text("email,manager\ny@example.com,x@example.com\n")
    result = cli("org", "import", str(org))
    assert result.exit_code == 1
    assert "would loop: x@example.com → y@example.com → x@example.com" in result.stderr
    assert cli.dump() == before


def test_unpaired_by_a_private_rule_are_counted_not_named(cli, tmp_path):
    import sqlite_utils

    from tests.test_examples import PROGRAMS

    roster = PROGRAMS / "pg_mentoring_up.yaml"
    assert cli("pair", str(roster)).exit_code == 0
    hidden = ["sam.miller@pg.example", "joan.hughes@pg.example", "Sam Miller"]
    for fmt in ("table", "json", "markdown", "html"):
        args = ("--format", fmt) if fmt != "table" else ()
        out = cli("report", *args).stdout
        assert not any(who in out for who in hidden), fmt
        if fmt != "json":
            text = html.unescape(out).replace("\n", " ")
            assert "1 mentee does not meet the rule 'mentee gender'" in text
    data = json.loads(cli("report", "--format", "json").stdout)
    counted = [u for u in data["unpaired"] if not u["email"]]
    assert counted and all(u["name"] == "" for u in counted)
    view = list(sqlite_utils.Database(cli.db_path).view("unpaired_now").rows)
    assert not any(row["email"] in hidden for row in view)
    assert any(
        row["email"] is None and "mentee gender" in row["reason"] for row in view
    )
    # The coordinator still sees who and why.
    explain = cli("pair", "--explain", "--dry-run").stdout
    assert "Sam Miller" in explain or "sam.miller@pg.example" in explain


def test_attributes_in_another_order_are_no_change(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    person = (
        "  - {name: Ana Ruiz, email: ana@example.com, role: mentor, attributes: %s}\n"
    )
    roster.write_text("participants:\n" + person % "{gender: female, team: web}")
    assert cli("import", str(roster)).exit_code == 0
    roster.write_text("participants:\n" + person % "{team: web, gender: female}")
    again = cli("import", str(roster))
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 1 unchanged" in again.stderr
    roster.write_text("participants:\n" + person % "{team: data, gender: female}")
    assert "0 added, 1 updated, 0 unchanged" in cli("import", str(roster)).stderr


def test_a_folder_given_as_a_backup_is_one_sentence(cli, tmp_path):
    """The file options refuse a folder as Click does (exit 2); the backup
    argument is read by the one input reader, which says it in a sentence."""
    cli("init", "--no-input")
    folder = tmp_path / "backup.json"
    folder.mkdir()
    before = cli.dump()
    result = cli("restore", str(folder), "--replace")
    assert result.exit_code == 1, result.output
    assert f"{folder} is not a regular file" in result.stderr
    assert cli.dump() == before
