"""Statements (culture outcomes on an agreement scale), retention as of a day,
and sessions per topic: what real programs measure, in the report."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.test_report import build_program, report, report_json


@pytest.fixture
def program(cli):
    build_program(cli)
    return cli


STATEMENT = "I feel heard by senior leaders"

PROGRAM_YAML = f"""\
program:
  name: Mentoring Up
  cadence_days: 14
  topics: [TikTok]
  statements:
    - {STATEMENT}
"""


def test_statements_come_from_the_program_file_and_get_their_own_table(cli, tmp_path):
    source = tmp_path / "program.yaml"
    source.write_text(PROGRAM_YAML, encoding="utf-8")
    assert cli("init", "--from", str(source)).exit_code == 0
    people = tmp_path / "people.yaml"
    people.write_text(
        "participants:\n"
        + "".join(
            f"  - {{name: P{i}, email: p{i}@example.com, role: mentee}}\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    assert cli("import", str(people)).exit_code == 0
    for i, (before, after) in enumerate(((1, 3), (2, 4), (2, 5))):
        for phase, score, day in (
            ("baseline", before, "2026-10-01"),
            ("final", after, "2026-11-01"),
        ):
            result = cli(
                "checkin",
                f"p{i}@example.com",
                "--topic",
                STATEMENT,
                "--score",
                str(score),
                "--phase",
                phase,
                "--date",
                day,
                "--no-input",
            )
            assert result.exit_code == 0, result.output
    data = json.loads(cli("report", "--as-of", "2026-11-02", "--format", "json").stdout)
    assert data["program"]["statements"] == [STATEMENT]
    assert data["outcomes"] == []  # a statement is not a skill topic
    (row,) = data["statements"]
    assert row["topic"] == STATEMENT
    assert (row["baseline_mean"], row["final_mean"], row["change"]) == (1.67, 4.0, 2.33)
    for fmt in ("table", "markdown", "html"):
        out = cli("report", "--as-of", "2026-11-02", "--format", fmt).stdout
        assert "Statements" in out and STATEMENT in out and "+2.33" in out, fmt
        assert "how much people agree" in out.lower(), fmt


def test_program_show_and_roster_keep_statements(cli, tmp_path):
    source = tmp_path / "program.yaml"
    source.write_text(PROGRAM_YAML, encoding="utf-8")
    assert cli("init", "--from", str(source)).exit_code == 0
    rows = cli.rows("SELECT statements FROM program")
    assert json.loads(rows[0]["statements"]) == [STATEMENT]


def test_retention_as_of_a_day_counts_who_was_enrolled_and_who_had_left(program):
    # Eve left on 2027-02-10; Fay enrolled on 2027-02-15.
    conn = sqlite3.connect(program.db_path)
    with conn:
        conn.execute(
            "UPDATE participants SET left_on = '2027-02-10' "
            "WHERE email = 'eve@example.com'"
        )
        conn.execute(
            "UPDATE participants SET enrolled_on = '2027-02-15' "
            "WHERE email = 'fay@example.com'"
        )
        conn.execute(
            "UPDATE participants SET status = 'paused' WHERE email = 'bo@example.com'"
        )
    conn.close()
    before = report_json(program, "--as-of", "2027-02-01")["summary"]["retention"]
    # Fay not enrolled yet; Eve still in; Bo paused is not lost
    assert (before["mentors_enrolled"], before["in_program"]) == (5, 5)
    after = report_json(program)["summary"]["retention"]
    assert (after["mentors_enrolled"], after["in_program"]) == (6, 5)
    assert after["in_program_rate"] == 0.833
    assert (
        "83% still in the program (5 of 6 mentors enrolled by then)"
        in report(program).stdout
    )


def test_sessions_per_topic_across_the_program(program):
    topics = report_json(program)["topics"]
    by_topic = {t["topic"]: (t["sessions"], t["pairs"]) for t in topics}
    # "tiktok" and "TikTok" are one topic; sessions after the as-of day ignored
    assert by_topic["TikTok"] == (3, 1)
    assert by_topic["AI assistants"] == (2, 2)
    assert "Podcasts" not in by_topic
    assert topics[0]["topic"] == "TikTok"  # most covered first
    stalled = report_json(program, "--status", "stalled")["topics"]
    assert [t["topic"] for t in stalled] == [
        '=HYPERLINK("https://evil.example","click")'
    ]
    for fmt in ("table", "markdown", "html"):
        out = report(program, "--format", fmt).stdout
        assert "Sessions per topic" in out, fmt


def test_checkin_asks_how_much_people_agree_with_each_statement(enrolled, monkeypatch):
    from revmentor.domain.models import Participant
    from revmentor.domain.sessions.checkins import checkin_questions
    from tests.prompting import ENTER, typed

    questions = checkin_questions(
        Participant(email="a@example.com", name="A", role="mentor"), [STATEMENT]
    )
    assert questions[-1] == (STATEMENT, f'How much do you agree: "{STATEMENT}"?')
    conn = sqlite3.connect(enrolled.db_path)
    with conn:
        conn.execute("UPDATE program SET statements = ?", [json.dumps([STATEMENT])])
    conn.close()
    # baseline; TikTok and AI assistants skipped; the statement answered
    with typed(monkeypatch, ENTER, ENTER, ENTER, "4" + ENTER, "y"):
        result = enrolled("checkin", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert "for a statement, 1 = disagree strongly" in result.stderr
    assert enrolled.rows("SELECT topic, phase, score FROM checkins") == [
        {"topic": STATEMENT, "phase": "baseline", "score": 4}
    ]


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_pairs_grid_fits_narrow_terminals_and_never_loses_a_name(program, columns):
    result = program(
        "report",
        "--as-of",
        "2027-03-01",
        "--include-notes",
        env={"COLUMNS": columns, "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    mentors = "".join(
        line.split("│")[1].strip() for line in lines if line.startswith("│")
    )
    assert "<script>alert(1)</script>" in mentors  # folded, never cut off
    # Too narrow for every column: less useful ones go, the status stays whole.
    kim = next(line for line in lines if "Kim Park" in line)
    assert "stalled" in kim and "1/3" in kim


def test_retention_in_the_organisation_where_leaving_it_is_recorded(program):
    # People who left are marked as leaving the company too, or not (people
    # leave --left-organization); the report counts each side as of the day.
    conn = sqlite3.connect(program.db_path)
    with conn:
        conn.execute(
            "UPDATE participants SET left_organisation_on = '2027-02-01', "
            "left_on = '2027-02-01' WHERE email = 'eve@example.com'"
        )
    conn.close()
    retention = report_json(program)["summary"]["retention"]
    assert (retention["in_program"], retention["in_organisation"]) == (5, 5)
    assert retention["in_organisation_rate"] == 0.833
    before = report_json(program, "--as-of", "2027-01-15")["summary"]["retention"]
    assert (before["in_program"], before["in_organisation"]) == (6, 6)
    assert "still in the organization (5 of 6)" in report(program).stdout
    # Recorded for the program, so known under a filter that leaves Eve out too.
    marketing = report_json(program, "--department", "Marketing")["summary"]
    assert marketing["retention"]["in_organisation"] == 1


def test_outcome_change_is_exact_and_over_the_people_who_answered_both(cli, tmp_path):
    """Baseline 1, 2, 2 and final 3, 3, 4: +1.67 (not 1.66 from rounded means).
    When the groups differ, only those who answered both phases are compared."""
    people = tmp_path / "people.yaml"
    rows = [
        f"  - {{name: P{i}, email: p{i}@example.com, role: mentee}}\n" for i in range(5)
    ]
    people.write_text("participants:\n" + "".join(rows), encoding="utf-8")
    assert cli("import", str(people)).exit_code == 0
    answers = {
        "Rounding": {"baseline": [1, 2, 2, None, None], "final": [3, 3, 4, None, None]},
        # p3 answered only at baseline, p4 only at final
        "Groups": {"baseline": [1, 2, 2, 5, None], "final": [3, 3, 4, None, 1]},
    }
    for topic, phases in answers.items():
        for phase, scores in phases.items():
            for i, score in enumerate(scores):
                if score is None:
                    continue
                argv = ["checkin", f"p{i}@example.com", "--topic", topic]
                argv += ["--score", str(score), "--phase", phase, "--no-input"]
                assert cli(*argv).exit_code == 0
    data = json.loads(cli("report", "--format", "json").stdout)
    rows = {o["topic"]: o for o in data["outcomes"]}
    assert (rows["Rounding"]["change"], rows["Rounding"]["change_n"]) == (1.67, 3)
    groups = rows["Groups"]
    assert (groups["baseline_n"], groups["final_n"]) == (4, 4)
    assert (groups["change"], groups["change_n"]) == (1.67, 3)  # not 2.75 - 2.5
    table = cli("report").stdout
    assert "+1.67 (n=3)" in table and "answered both" in table
    db = sqlite3.connect(cli.db_path)
    view = dict(db.execute("SELECT topic, change FROM topic_outcomes").fetchall())
    db.close()
    assert view == {"Groups": pytest.approx(5 / 3), "Rounding": pytest.approx(5 / 3)}
