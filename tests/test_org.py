"""The org chart around the program: stored, summarised, followed by pairing."""

from __future__ import annotations

import json

from revmentor.domain.models import Participant
from revmentor.domain.people.org import (
    OrgPerson,
    chart,
    managers_through_org,
    org_summary,
)

ROSTER = """\
participants:
  - {name: Meg Boss, email: meg@example.com, role: mentee, level: 9}
  - {name: Jo Junior, email: jo@example.com, role: mentor, level: 2,
     manager: lead@example.com}
"""
# Jo -> lead -> head -> Meg: Jo is three levels below Meg through two managers
# who are not in the program.
ORG_CSV = "email,name,manager\nlead@example.com,Lea Lead,head@example.com\n"
ORG_CSV += "head@example.com,Hal Head,meg@example.com\n"


def pair_json(cli, *args) -> dict:
    result = cli("pair", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reporting_line_is_followed_through_managers_outside_the_program(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER)
    assert cli("import", str(roster)).exit_code == 0
    # Without the org chart the line is invisible and the two are paired.
    assert len(pair_json(cli, "--dry-run")["pairs"]) == 1
    org = tmp_path / "org.csv"
    org.write_text(ORG_CSV)
    result = cli("org", "import", str(org))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr
    outcome = pair_json(cli, "--dry-run")
    assert outcome["pairs"] == []
    reasons = {u["email"]: u["reason"] for u in outcome["unpaired"]}
    assert "in their reporting line" in reasons["meg@example.com"]


def test_the_other_way_a_mentee_below_a_mentor_through_the_org_chart(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: Ann, email: ann@example.com, role: mentor}\n"
        "  - {name: Max, email: max@example.com, role: mentee,"
        " manager: mid@example.com}\n"
        "org:\n"
        "  - {email: mid@example.com, manager: top@example.com}\n"
        "  - {email: top@example.com, manager: ann@example.com}\n"
    )
    result = cli("pair", str(roster), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pairs"] == []
    assert cli.rows("SELECT email FROM org ORDER BY email") == [
        {"email": "mid@example.com"},
        {"email": "top@example.com"},
    ]
    # Org people are never participants.
    listed = json.loads(cli("people", "--format", "json").stdout)
    assert {p["email"] for p in listed} == {"ann@example.com", "max@example.com"}


def test_org_shows_how_many_and_how_deep(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER)
    cli("import", str(roster))
    org = tmp_path / "org.csv"
    org.write_text(ORG_CSV)
    cli("org", "import", str(org))
    result = cli("org", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown | {"chart": []} == {
        "people": 2,
        "depth": 4,
        "top": 1,
        # Meg has no manager at all: she is the top of her line, not unknown.
        "unknown_managers": 0,
        "chart": [],
    }
    # who reports to whom, each under their manager
    chart = [(p["email"], p["manager"], p["role"]) for p in shown["chart"]]
    assert chart == [
        ("meg@example.com", None, "mentee"),
        ("head@example.com", "meg@example.com", None),
        ("lead@example.com", "head@example.com", None),
        ("jo@example.com", "lead@example.com", "mentor"),
    ]
    table = cli("org").stdout
    assert "Org chart: 2 outside the program, 2 participants; 4 levels" in table
    lines = [" ".join(line.strip("│ ").split()) for line in table.splitlines()]
    assert "Lea Lead │ lead@example.com │ — │ │ │ Hal Head" in lines
    # the CSV is an org chart `org import` reads back: nothing changes
    saved = tmp_path / "saved.csv"
    assert cli("org", "--format", "csv", "-o", str(saved)).exit_code == 0
    assert (
        saved.read_text().splitlines()[0] == "email,name,manager,title,level,department"
    )
    again = cli("org", "import", str(saved))
    assert again.exit_code == 0, again.output
    assert (
        "2 outside the program, 2 participants (2 added, 0 updated, 2 unchanged)"
        in (again.stderr)
    )
    assert cli("org", "--format", "csv").stdout == saved.read_text()


def test_unknown_managers_are_counted_once_on_import_and_pair(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: A, email: a@example.com, role: mentor, manager: x@example.com}\n"
        "  - {name: B, email: b@example.com, role: mentor, manager: y@example.com}\n"
        "  - {name: C, email: c@example.com, role: mentee, level: 9}\n"
    )
    result = cli("import", str(roster))
    assert result.exit_code == 0
    assert result.stderr.count("2 people have a manager who is not known") == 1
    result = cli("pair", "--dry-run")
    assert result.stderr.count("2 people have a manager who is not known") == 1
    # Without an org chart, pair says whose lines nothing tells (C's).
    assert "1 participant has no manager and no org chart was imported" in (
        result.stderr
    )
    # An org chart of the managers outside the program: C, with no manager at
    # all, is the top of her line, neither unknown nor unchecked.
    org = tmp_path / "org.yaml"
    org.write_text("org:\n  - {email: x@example.com}\n  - {email: y@example.com}\n")
    result = cli("org", "import", str(org))
    assert result.exit_code == 0, result.output
    assert "not known" not in result.stderr
    result = cli("pair", "--dry-run")
    assert "not known" not in result.stderr and "no org chart" not in result.stderr


def test_the_report_says_how_many_reporting_lines_cannot_be_checked(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: A, email: a@example.com, role: mentor, manager: x@example.com}\n"
        "  - {name: B, email: b@example.com, role: mentor, manager: y@example.com}\n"
        "  - {name: C, email: c@example.com, role: mentee, level: 9}\n"
    )
    assert cli("pair", str(roster)).exit_code == 0
    sentence = "2 people have a manager who is not known"
    data = json.loads(cli("report", "--format", "json").stdout)
    assert [w[: len(sentence)] for w in data["warnings"]] == [sentence]
    for fmt in ("table", "markdown", "html"):
        result = cli("report", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout.count(sentence) == 1, fmt
    result = cli("report", "--format", "csv")
    assert sentence not in result.stdout  # the CSV stays a table
    assert sentence in result.stderr
    # Once the managers are known, the report says nothing more.
    org = tmp_path / "org.yaml"
    org.write_text(
        "org:\n  - {email: x@example.com, manager: c@example.com}\n"
        "  - {email: y@example.com, manager: c@example.com}\n"
        "  - {email: c@example.com}\n"
    )
    assert cli("org", "import", str(org)).exit_code == 0
    assert json.loads(cli("report", "--format", "json").stdout)["warnings"] == []
    assert "not known" not in cli("report").stdout


def test_an_org_yaml_is_read_by_the_rules_of_every_input_file(cli, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_bytes(b"org:\n  - {email: x@example.com, name: Caf\xe9}\n")
    result = cli("org", "import", str(org))
    assert result.exit_code == 1
    assert f"{org}, line 2: this is not UTF-8 text; save the org chart file" in (
        result.stderr
    )
    result = cli("org", "import", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1
    assert "No org chart file at" in result.stderr
    assert not cli.db_path.exists()


def test_bad_org_rows_are_listed_and_nothing_is_written(cli, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text(
        "Email,Manager,Level\n"
        "a@example.com,b@example.com,3\n"
        "nope,,\n"
        "b@example.com,a@example.com,high\n"
    )
    result = cli("org", "import", str(org))
    assert result.exit_code == 1
    assert "org.csv, row 3, column 'Email': 'nope' is not a valid email" in (
        result.stderr
    )
    assert "org.csv, row 4, column 'Level': level must be a whole number" in (
        result.stderr
    )
    assert not cli.db_path.exists()
    org.write_text(
        "email,manager\na@example.com,b@example.com\nb@example.com,a@example.com\n"
    )
    result = cli("org", "import", str(org))
    assert result.exit_code == 1
    assert "the manager chain loops: a@example.com → b@example.com → a@example.com" in (
        result.stderr
    )


def test_bad_org_yaml_entries_are_listed_by_the_same_rules(cli, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "org:\n  - {email: a@example.com, manager: a@example.com}\n"
        "  - {email: b@example.com, level: high, titel: Boss}\n"
        "  - {name: No Email}\n"
    )
    result = cli("org", "import", str(org))
    assert result.exit_code == 1
    for problem in (
        "field 'manager' of org entry 1: a person cannot be their own manager",
        "field 'level' of org entry 2: level must be a whole number, not 'high'",
        "org entry 2: unknown field 'titel' (did you mean 'title'?)",
        "line 4, field 'email' of org entry 3: an email address is required",
    ):
        assert problem in result.stderr
    assert not cli.db_path.exists()


def test_org_import_replace_removes_people_no_longer_listed(cli, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text("email\na@example.com\nb@example.com\n")
    cli("org", "import", str(org))
    org.write_text("email\na@example.com\n")
    result = cli("org", "import", str(org), "--replace")
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.stderr
    assert cli.rows("SELECT email FROM org") == [{"email": "a@example.com"}]


def test_managers_through_org_stop_at_loops_and_unknown_people():
    people = [
        Participant(email="a@example.com", name="A", role="mentor", manager="x@e.com"),
        Participant(email="b@example.com", name="B", role="mentee"),
    ]
    org = {"x@e.com": "y@e.com", "y@e.com": "x@e.com", "b@example.com": "z@e.com"}
    result = {p.email: p.manager for p in managers_through_org(people, org)}
    assert result == {"a@example.com": None, "b@example.com": None}
    assert org_summary({}, [])["depth"] == 0
    # the chart lists everyone once: a loop after the lines with a top
    org_people = [OrgPerson(e, manager=m) for e, m in org.items()]
    listed = [(p["email"], p["manager"]) for p in chart(org_people, people)]
    assert listed == [
        ("b@example.com", "z@e.com"),
        ("x@e.com", "y@e.com"),
        ("a@example.com", "x@e.com"),
        ("y@e.com", "x@e.com"),
    ]


def test_the_org_chart_is_backed_up_and_restored_through_its_rules(cli, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text("email,manager,level\na@example.com,b@example.com,4\n")
    cli("org", "import", str(org))
    backup = tmp_path / "backup.json"
    assert cli("export", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    assert [row["email"] for row in document["tables"]["org"]] == ["a@example.com"]
    other = type(cli)(tmp_path / "other.db")
    result = other("restore", str(backup))
    assert result.exit_code == 0, result.output
    assert other.rows("SELECT email, manager, level FROM org") == [
        {"email": "a@example.com", "manager": "b@example.com", "level": 4}
    ]
    document["tables"]["org"][0]["manager"] = "a@example.com"
    backup.write_text(json.dumps(document))
    third = type(cli)(tmp_path / "third.db")
    result = third("restore", str(backup))
    assert result.exit_code == 1
    assert "row 1 of org: a person cannot be their own manager" in (result.stderr)


def test_enroll_notes_a_manager_only_when_nobody_knows_them(cli, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text("email,name\nboss@example.com,The Boss\n")
    assert cli("org", "import", str(org)).exit_code == 0
    base = ["enroll", "--no-input", "--role", "mentor", "--name"]
    known = cli(
        *base, "Ana", "--email", "ana@example.com", "--manager", "boss@example.com"
    )
    assert known.exit_code == 0, known.output
    assert "is not enrolled" not in known.stderr
    unknown = cli(
        *base, "Bo", "--email", "bo@example.com", "--manager", "x@example.com"
    )
    assert unknown.exit_code == 0, unknown.output
    assert "the manager x@example.com is not enrolled" in unknown.stderr
