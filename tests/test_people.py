"""`revmentor enroll` (flags) and `revmentor people ...` through the real CLI."""

from __future__ import annotations

import csv
import io
import json


def test_enroll_with_flags_stores_the_participant(enrolled):
    rows = enrolled.rows("SELECT * FROM participants WHERE email = 'ana@example.com'")
    assert len(rows) == 1
    ana = rows[0]
    assert ana["name"] == "Ana Ruiz"
    assert ana["role"] == "mentor"
    assert ana["level"] == 2
    assert json.loads(ana["teaches"]) == ["TikTok"]
    assert json.loads(ana["attributes"]) == {"gender": "female"}
    assert ana["status"] == "active"


def test_enroll_lowercases_email_and_refuses_case_variant(enrolled):
    before = enrolled.dump()
    result = enrolled(
        "enroll",
        "--no-input",
        "--role",
        "mentee",
        "--name",
        "Other",
        "--email",
        "ANA@Example.COM",
    )
    assert result.exit_code == 1
    assert "already enrolled" in result.stderr
    assert "people update ana@example.com" in result.stderr
    assert enrolled.dump() == before


def test_enroll_no_input_names_every_missing_flag(cli):
    result = cli("enroll", "--no-input", "--title", "CTO")
    assert result.exit_code == 2
    assert "--name, --email, --role" in result.stderr
    assert not cli.db_path.exists()


def test_enroll_without_terminal_behaves_as_no_input(cli):
    # CliRunner's stdin is not a terminal: no prompt, a clear refusal instead.
    result = cli("enroll", "--name", "Ana")
    assert result.exit_code == 2
    assert "--email, --role" in result.stderr
    assert "Traceback" not in result.output


def test_enroll_bad_values_are_refused_and_nothing_written(enrolled):
    before = enrolled.dump()
    for flags, message in (
        (["--email", "not-an-email"], "not a valid email"),
        (["--level", "senior"], "level must be a whole number"),
        (["--level", "2.5"], "level must be a whole number"),
        (["--manager", "nobody"], "not a valid email"),
        (["--attribute", "gender"], "KEY=VALUE"),
    ):
        args = {"--role": "mentor", "--name": "Zed", "--email": "zed@example.com"}
        extra = []
        for flag, value in zip(flags[::2], flags[1::2], strict=True):
            if flag in args:
                args[flag] = value
            else:
                extra += [flag, value]
        argv = [x for kv in args.items() for x in kv] + extra
        result = enrolled("enroll", "--no-input", *argv)
        assert result.exit_code == 1, (flags, result.output)
        assert message in result.stderr, (flags, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
    boss = enrolled("enroll", "--no-input", "--role", "boss", "--name", "Z")
    assert boss.exit_code == 2
    assert "'boss' is not one of 'mentor', 'mentee'" in boss.stderr
    assert enrolled.dump() == before


def test_people_lists_mentors_first_as_table(enrolled):
    result = enrolled("people")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Ana Ruiz") < out.index("Dana Lee")
    assert "Participants (4)" in out
    assert "gender" not in out


def test_people_json_has_roster_keys_and_hides_attributes(enrolled):
    result = enrolled("people", "--format", "json")
    assert result.exit_code == 0
    people = json.loads(result.stdout)
    assert [p["email"] for p in people] == [
        "ana@example.com",
        "bo@example.com",
        "dana@example.com",
        "sam@example.com",
    ]
    dana = people[2]
    assert dana["learns"] == ["TikTok", "AI assistants"]
    assert dana["level"] == 8
    assert "attributes" not in dana
    private = json.loads(
        enrolled("people", "--format", "json", "--include-private").stdout
    )
    assert private[0]["attributes"] == {"gender": "female"}


def test_people_filters(enrolled):
    mentees = json.loads(
        enrolled("people", "--role", "mentee", "--format", "json").stdout
    )
    assert {p["email"] for p in mentees} == {"dana@example.com", "sam@example.com"}
    finance = json.loads(
        enrolled("people", "--department", "finance", "--format", "json").stdout
    )
    assert [p["email"] for p in finance] == ["sam@example.com"]
    bad = enrolled("people", "--status", "gone")
    assert bad.exit_code == 2
    assert "'gone' is not one of 'active', 'paused', 'left'" in bad.stderr


def test_people_csv_and_markdown(enrolled, tmp_path):
    out = tmp_path / "people.csv"
    result = enrolled("people", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["email"] == "ana@example.com"
    assert rows[0]["teaches"] == "TikTok" and rows[0]["manager"] == "dana@example.com"
    assert out.stat().st_mode & 0o777 == 0o600
    md = enrolled("people", "--format", "markdown").stdout
    assert md.splitlines()[0].startswith("| Name | Email | Role")
    assert "| Dana Lee | dana@example.com | mentee |" in md


def test_csv_neutralises_formula_cells(cli):
    cli(
        "enroll",
        "--no-input",
        "--role",
        "mentor",
        "--name",
        "=HYPERLINK(1)",
        "--email",
        "x@example.com",
    )
    rows = list(csv.DictReader(io.StringIO(cli("people", "--format", "csv").stdout)))
    assert rows[0]["name"] == "'=HYPERLINK(1)"


def test_people_show(enrolled):
    result = enrolled("people", "show", "DANA@example.com", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "Dana Lee"
    table = enrolled("people", "show", "dana@example.com")
    assert "Dana Lee" in table.stdout and "Marketing" in table.stdout
    missing = enrolled("people", "show", "nobody@example.com")
    assert missing.exit_code == 1
    assert "No participant with email nobody@example.com" in missing.stderr


def test_people_update_changes_only_given_fields(enrolled):
    result = enrolled(
        "people",
        "update",
        "ana@example.com",
        "--level",
        "3",
        "--teaches",
        "TikTok, Reels",
    )
    assert result.exit_code == 0, result.output
    ana = enrolled.rows("SELECT * FROM participants WHERE email='ana@example.com'")[0]
    assert ana["level"] == 3
    assert json.loads(ana["teaches"]) == ["TikTok", "Reels"]
    assert ana["department"] == "Marketing"
    cleared = enrolled("people", "update", "ana@example.com", "--manager", "")
    assert cleared.exit_code == 0
    ana = enrolled.rows(
        "SELECT manager FROM participants WHERE email='ana@example.com'"
    )
    assert ana[0]["manager"] is None


def test_people_update_refusals(enrolled):
    before = enrolled.dump()
    nothing = enrolled("people", "update", "ana@example.com")
    assert nothing.exit_code == 1 and "Nothing to update" in nothing.stderr
    bad = enrolled("people", "update", "ana@example.com", "--level", "x")
    assert bad.exit_code == 1 and "--level must be a whole number" in bad.stderr
    far = enrolled("people", "update", "ana@example.com", "--level", "99999")
    assert far.exit_code == 1 and "level must be from" in far.stderr
    # dana -> ana -> dana would make the reporting line loop
    loop = enrolled(
        "people", "update", "dana@example.com", "--manager", "ana@example.com"
    )
    assert loop.exit_code == 1 and "loop" in loop.stderr
    assert enrolled.dump() == before


def test_pause_resume_leave(enrolled):
    assert enrolled("people", "pause", "bo@example.com").exit_code == 0
    status = enrolled.rows(
        "SELECT status FROM participants WHERE email='bo@example.com'"
    )
    assert status[0]["status"] == "paused"
    assert enrolled("people", "resume", "bo@example.com").exit_code == 0
    result = enrolled("people", "leave", "bo@example.com")
    assert result.exit_code == 0
    row = enrolled.rows(
        "SELECT status, left_on FROM participants WHERE email='bo@example.com'"
    )
    assert row[0]["status"] == "left" and row[0]["left_on"]
    paused = enrolled("people", "pause", "bo@example.com")
    assert paused.exit_code == 1 and "has left" in paused.stderr
    # a mistaken leave is undone with resume
    assert enrolled("people", "resume", "bo@example.com").exit_code == 0
    row = enrolled.rows(
        "SELECT status, left_on FROM participants WHERE email='bo@example.com'"
    )
    assert row == [{"status": "active", "left_on": None}]


def test_leave_ends_active_pairs_and_keeps_history(enrolled):
    import sqlite3

    conn = sqlite3.connect(enrolled.db_path)
    conn.execute(
        "INSERT INTO pairs (mentor_id, mentee_id, round, paired_on, status) "
        "SELECT a.id, d.id, 1, '2026-01-01', 'active' FROM participants a, participants d "
        "WHERE a.email='bo@example.com' AND d.email='sam@example.com'"
    )
    conn.commit()
    conn.close()
    result = enrolled("people", "leave", "bo@example.com")
    assert "ended 1 active pair" in result.stderr
    pair = enrolled.rows("SELECT status, end_reason FROM pairs")[0]
    assert pair == {"status": "ended", "end_reason": "left the program"}


def test_unknown_manager_is_saved_with_a_note(enrolled):
    result = enrolled(
        "enroll",
        "--no-input",
        "--role",
        "mentor",
        "--name",
        "Kai",
        "--email",
        "kai@example.com",
        "--manager",
        "typo@exmaple.com",
    )
    assert result.exit_code == 0
    assert "typo@exmaple.com is not enrolled" in result.stderr
    known = enrolled(
        "people", "update", "kai@example.com", "--manager", "dana@example.com"
    )
    assert "not enrolled" not in known.stderr


def test_enroll_asks_for_the_programs_diversity_attributes(
    enrolled, monkeypatch, tmp_path
):
    from tests.prompting import DOWN, ENTER, typed

    program = tmp_path / "program.yaml"
    program.write_text("matching:\n  diversity_attributes: [generation]\n")
    assert enrolled("init", "--from", str(program)).exit_code == 0
    keys = [DOWN + ENTER, "Gus Old" + ENTER, "gus@example.com" + ENTER]
    keys += [ENTER] * 8 + ["Boomer" + ENTER, ENTER, "y"]  # no preferred mentee
    with typed(monkeypatch, *keys):
        result = enrolled("enroll")
    assert result.exit_code == 0, result.output
    gus = enrolled.rows(
        "SELECT attributes FROM participants WHERE email='gus@example.com'"
    )
    assert json.loads(gus[0]["attributes"]) == {"generation": "Boomer"}


def test_a_misspelt_time_zone_is_refused_at_every_way_in(enrolled, tmp_path):
    before = enrolled.dump()
    hint = "not 'Europe/Lodnon' (did you mean Europe/London?)"
    enroll = ["enroll", "--no-input", "--role", "mentee", "--name", "Lee"]
    enroll += ["--email", "lee@example.com", "--timezone", "Europe/Lodnon"]
    update = ["people", "update", "ana@example.com", "--timezone", "Europe/Lodnon"]
    yaml_roster = tmp_path / "r.yaml"
    yaml_roster.write_text(
        "participants:\n  - {name: Lee, email: lee@example.com, role: mentee, "
        "timezone: Europe/Lodnon}\n",
        encoding="utf-8",
    )
    csv_roster = tmp_path / "r.csv"
    csv_roster.write_text(
        "name,email,role,timezone\nLee,lee@example.com,mentee,Europe/Lodnon\n",
        encoding="utf-8",
    )
    for argv in (
        enroll,
        update,
        ["import", str(yaml_roster)],
        ["import", str(csv_roster)],
    ):
        result = enrolled(*argv)
        assert result.exit_code == 1, (argv, result.output)
        assert hint in result.stderr, (argv, result.stderr)
    assert enrolled.dump() == before
    good = enrolled(
        "people", "update", "ana@example.com", "--timezone", "Europe/London"
    )
    assert good.exit_code == 0, good.output
