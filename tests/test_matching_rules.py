"""Matching rules through the CLI: require, preferences, waiting, organizations,
coded reasons, and the `pair` options that explain and confirm."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.pairing import add_pair
from tests.prompting import typed

ROSTER = """\
program:
  name: Rules
  topics: [TikTok, Podcasts]
  matching:
    require:
      mentor: {gender: female}
participants:
  - {name: Ana Ruiz, email: ana@x.com, role: mentor, level: 1, teaches: [TikTok],
     attributes: {gender: female}}
  - {name: Bo Chen, email: bo@x.com, role: mentor, level: 1, teaches: [TikTok],
     attributes: {gender: male}}
  - {name: Cy Dunn, email: cy@x.com, role: mentor, level: 1, teaches: [Podcasts]}
  - {name: Dana Lee, email: dana@x.com, role: mentee, level: 9, learns: [TikTok]}
  - {name: Eve Park, email: eve@x.com, role: mentee, level: 9, learns: [Podcasts]}
"""


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(ROSTER)
    return path


def pair_json(cli, *args) -> dict:
    result = cli("pair", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_huge_weight_is_refused_with_file_line_and_field(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(
        "program:\n  matching:\n    weights: {topics: 1.0e+308}\n"
        "participants:\n  - {name: A, email: a@x.com, role: mentor}\n"
    )
    result = cli("pair", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {path}, line 3, field 'matching.weights.topics' of the program: "
        "the topics weight must be a number from 0 to 1000, not '1.0e+308'."
    )
    assert "Unexpected" not in result.output
    assert not cli.db_path.exists()


def test_require_keeps_people_out_and_says_which_rule(cli, roster):
    outcome = pair_json(cli, str(roster))
    assert [(p["mentor"], p["mentee"]) for p in outcome["pairs"]] == [
        ("ana@x.com", "dana@x.com")
    ]
    why = {u["email"]: u["reason"] for u in outcome["unpaired"]}
    assert why == {
        "eve@x.com": "the only eligible mentor was needed for another mentee",
        "bo@x.com": "does not meet the rule 'mentor gender'",
        "cy@x.com": "does not meet the rule 'mentor gender'",
    }
    assert not any("male" in reason for reason in why.values())
    again = pair_json(cli)  # Ana's one place is taken now
    assert {u["email"]: u["reason"] for u in again["unpaired"]}["eve@x.com"] == (
        "no eligible mentor: 2 fail 'mentor gender', 1 is at capacity"
    )


def test_require_holds_for_a_late_enrollee_and_a_fixed_pair_warns(
    cli, roster, tmp_path
):
    pair_json(cli, str(roster))
    enrolled = cli(
        "enroll", "--no-input", "--role", "mentor", "--name", "Fay Gold",
        "--email", "fay@x.com", "--level", "1", "--teaches", "Podcasts",
        "--attribute", "gender=male",
    )  # fmt: skip
    assert enrolled.exit_code == 0, enrolled.output
    later = pair_json(cli)
    assert later["pairs"] == []
    assert {"email": "fay@x.com", "role": "mentor",
            "reason": "does not meet the rule 'mentor gender'"} in later["unpaired"]  # fmt: skip
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text("fixed:\n  - {mentor: fay@x.com, mentee: eve@x.com}\n")
    result = cli("pair", str(fixed), "--format", "json")
    assert result.exit_code == 0, result.output
    assert (
        "Warning: fixed pair fay@x.com → eve@x.com breaks the rule 'mentor gender'"
        in result.stderr
    )
    assert json.loads(result.stdout)["pairs"][0]["fixed"] is True


def test_program_command_sets_the_rules_pair_then_keeps(cli, roster):
    assert cli("import", str(roster)).exit_code == 0
    result = cli("program", "--no-require", "--weight", "preference=4")
    assert result.exit_code == 0, result.output
    settings = json.loads(cli("program", "--format", "json").stdout)["matching"]
    assert settings["require"] == {} and settings["weights"]["preference"] == 4
    assert len(pair_json(cli)["pairs"]) == 2
    refused = cli("program", "--weight", "waited=1e308")
    assert refused.exit_code == 1
    assert "waited weight must be a number from 0 to 1000" in refused.stderr
    assert cli("program", "--require-mentee", "gender=male").exit_code == 0
    settings = json.loads(cli("program", "--format", "json").stdout)["matching"]
    assert settings["require"] == {"mentee": {"gender": ["male"]}}


def test_preferences_by_flag_win_and_are_explained(cli, roster):
    assert cli("import", str(roster)).exit_code == 0
    assert cli("program", "--no-require").exit_code == 0
    # Dana's 1st choice is Bo, who asked for her too; her 2nd is Ana.
    result = cli("people", "update", "dana@x.com", "--prefers", "bo@x.com,ana@x.com")
    assert result.exit_code == 0, result.output
    assert cli("people", "update", "bo@x.com", "--prefers", "dana@x.com").exit_code == 0
    # Someone not enrolled cannot be preferred (the pairing would only say so).
    unknown = cli("people", "update", "eve@x.com", "--prefers", "zed@x.com")
    assert unknown.exit_code == 1 and "zed@x.com is not enrolled" in unknown.stderr
    outcome = pair_json(cli)
    made = {p["mentee"]: p for p in outcome["pairs"]}
    assert made["dana@x.com"]["mentor"] == "bo@x.com"
    assert "each other's 1st choice" in made["dana@x.com"]["reasons"]
    assert outcome["preferences_not_met"] == [
        {
            "email": "dana@x.com",
            "asked_for": "ana@x.com",
            "reason": "asked for Ana Ruiz (2nd choice) and was paired with their "
            "1st choice, Bo Chen",
        },
    ]


def test_enroll_takes_prefers_and_organization_and_refuses_oneself(cli):
    base = ["enroll", "--no-input", "--role", "mentee", "--name", "Kim"]
    for who in ("ana", "bo"):  # a preference names someone enrolled
        mentor = ["--role", "mentor", "--name", who, "--email", f"{who}@x.com"]
        assert cli("enroll", "--no-input", *mentor).exit_code == 0
    result = cli(*base, "--email", "kim@x.com", "--prefers", "kim@x.com")
    assert result.exit_code == 1
    assert "cannot prefer to be paired with themselves" in result.stderr
    result = cli(
        *base, "--email", "kim@x.com", "--prefers", "Ana@x.com, bo@x.com",
        "--organization", "Burlington",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [kim] = [
        p
        for p in json.loads(cli("people", "--format", "json").stdout)
        if p["email"] == "kim@x.com"
    ]
    assert kim["prefers"] == ["ana@x.com", "bo@x.com"]
    assert kim["organization"] == "Burlington"


def test_people_who_waited_come_first_in_the_next_round(cli, tmp_path):
    path = tmp_path / "wait.yaml"
    path.write_text(
        "participants:\n"
        "  - {name: Ana Ruiz, email: ana@x.com, role: mentor, teaches: [TikTok]}\n"
        "  - {name: Dana Lee, email: dana@x.com, role: mentee, learns: [TikTok]}\n"
        "  - {name: Eve Park, email: eve@x.com, role: mentee, learns: [Podcasts]}\n"
        "  - {name: Bo Chen, email: bo@x.com, role: mentor, teaches: [TikTok]}\n"
    )
    first = pair_json(cli, str(path))
    assert len(first["pairs"]) == 2
    # A third mentee joins; a new round pairs everyone again, avoiding old pairs.
    assert cli("enroll", "--no-input", "--role", "mentee", "--name", "Fred",
               "--email", "fred@x.com").exit_code == 0  # fmt: skip
    second = pair_json(cli)
    assert [u["email"] for u in second["unpaired"]] == ["fred@x.com"]
    third = pair_json(cli, "--new-round", "--yes")
    fred = next(p for p in third["pairs"] if p["mentee"] == "fred@x.com")
    assert "Fred waited since round 1" in fred["reasons"]


def test_unpaired_reasons_stay_true_after_a_rematch(cli, tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "participants:\n"
        "  - {name: Ana Ruiz, email: ana@x.com, role: mentor}\n"
        "  - {name: Dana Lee, email: dana@x.com, role: mentee}\n"
    )
    pair_json(cli, str(path))
    assert cli("pairs", "fit", "ana@x.com", "dana@x.com", "poor").exit_code == 0
    outcome = pair_json(cli, "--rematch")
    why = {u["email"]: u["reason"] for u in outcome["unpaired"]}
    assert why == {
        "dana@x.com": "no eligible mentor: 1 was paired with them before",
        "ana@x.com": "no eligible mentee: 1 was paired with them before",
    }


def test_new_round_in_a_terminal_asks_first(cli, roster, monkeypatch):
    pair_json(cli, str(roster))
    before = cli.dump()
    refused = cli("pair", "--new-round")  # not a terminal, no --yes
    assert refused.exit_code == 2
    assert "add --yes" in refused.stderr
    with typed(monkeypatch, "n"):
        result = cli("pair", "--new-round")
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.stderr
    assert cli.dump() == before
    with typed(monkeypatch, "y"):
        result = cli("pair", "--new-round")
    assert result.exit_code == 0, result.output
    assert cli.rows("SELECT MAX(round) AS r FROM pairs")[0]["r"] == 2


@pytest.mark.parametrize("suffix", [".md", ".csv", ".json"])
def test_explain_writes_a_file_by_extension(cli, roster, tmp_path, suffix):
    out = tmp_path / f"why{suffix}"
    result = cli("pair", str(roster), "--explain", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote the pairing to {out}; 1 pair in round 1 saved." in result.stderr
    dry = tmp_path / f"dry{suffix}"
    again = cli("pair", "--dry-run", "--explain", "--output", str(dry))
    assert "would be made, nothing was saved." in again.stderr
    text = out.read_text(encoding="utf-8")
    if suffix == ".md":
        assert text.startswith("# Made 1 pair in round 1\n")
        assert "## Ana Ruiz (ana@x.com) → Dana Lee (dana@x.com)" in text
        assert "- covers the one topic Dana Lee wants: TikTok" in text
        assert "## Unpaired (3)" in text
        assert "- Bo Chen (bo@x.com), mentor: does not meet the rule" in text
    elif suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["kind"] for r in rows] == ["pair", "unpaired", "unpaired", "unpaired"]
        assert rows[0]["why"].startswith("covers the one topic")
    else:
        document = json.loads(text)
        assert set(document) == {"pairs", "unpaired", "preferences_not_met"}
        assert document["pairs"][0]["reasons"][0].startswith("covers")


def test_a_long_explanation_in_a_terminal_goes_through_the_pager(
    cli, roster, monkeypatch
):
    import revmentor.commands.common as common

    monkeypatch.setattr(common, "stdout_is_interactive", lambda: True)
    monkeypatch.setenv("LINES", "5")
    monkeypatch.setenv("PAGER", "cat")
    result = cli("pair", str(roster), "--explain")
    assert result.exit_code == 0, result.output
    assert "Unpaired (3)" in result.stdout  # all of it, through the pager


def test_the_pager_gets_plain_text(cli, roster, monkeypatch):
    """less shows colour codes as stray characters (ESC[1m) unless run with -R,
    which it is not by default: what goes through the pager has none."""
    import revmentor.commands.common as common

    monkeypatch.setattr(common, "stdout_is_interactive", lambda: True)
    monkeypatch.setenv("LINES", "5")
    monkeypatch.setenv("PAGER", "cat")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = cli("pair", str(roster), "--explain")
    assert result.exit_code == 0, result.output
    assert "Unpaired (3)" in result.stdout
    assert "\x1b" not in result.stdout


def test_reasons_are_coded_and_intros_show_only_public_ones(cli, roster):
    pair_json(cli, str(roster))
    stored = cli.rows("SELECT reasons, reason_codes FROM pairs")[0]
    assert json.loads(stored["reason_codes"]) == ["topics", "level_gap"]
    # A private reason reworded still stays out: privacy follows the code.
    from revmentor.domain.pairing.reasons import LEVEL_GAP, TOPICS, Reason

    pair_id = add_pair(
        cli,
        "cy@x.com",
        "eve@x.com",
        reasons=[
            Reason(TOPICS, "covers the one topic Eve Park wants: Podcasts"),
            Reason(LEVEL_GAP, "seniority apart by eight"),
        ],
    )
    result = cli("intro", "--format", "markdown", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Covers the one topic Eve Park wants: Podcasts" in result.stdout
    assert "seniority" not in result.stdout.lower()
    assert "level gap" not in result.stdout.lower()
    assert pair_id > 0


def test_an_older_file_gets_reason_codes_from_the_wording(cli):
    from sqlite_utils import Database

    from revmentor.store.migrations import MIGRATION_NAMES, migrations

    db = Database(cli.db_path)
    migrations.apply(db, stop_before="m005_matching_rules")
    db.execute(
        "INSERT INTO participants (email, name, role, enrolled_on) VALUES "
        "('a@x.com', 'A', 'mentor', '2025-01-01'), ('b@x.com', 'B', 'mentee', "
        "'2025-01-01')"
    )
    db.execute(
        "INSERT INTO pairs (mentor_id, mentee_id, paired_on, reasons) VALUES "
        "(1, 2, '2025-01-02', ?)",
        [json.dumps(["covers 1 of 2 topics B wants: TikTok", "level gap 3 (1 → 4)"])],
    )
    db.conn.commit()
    db.close()
    assert cli("pairs", "--format", "json").exit_code == 0
    # Reading leaves the file as it was; the first write upgrades it.
    assert "reason_codes" not in {
        r["name"] for r in cli.rows("PRAGMA table_info(pairs)")
    }
    assert cli("people", "pause", "a@x.com").exit_code == 0
    stored = cli.rows("SELECT reason_codes FROM pairs")[0]
    assert json.loads(stored["reason_codes"]) == ["topics", "level_gap"]
    applied = cli.rows("SELECT name FROM _sqlite_migrations ORDER BY rowid")
    assert [r["name"] for r in applied] == MIGRATION_NAMES


def test_a_weight_out_of_bounds_in_the_file_is_refused_clearly(cli, roster):
    import sqlite3

    assert cli("import", str(roster)).exit_code == 0
    conn = sqlite3.connect(cli.db_path)
    conn.execute("""UPDATE program SET weights = '{"topics": 1e308}'""")
    conn.commit()
    conn.close()
    result = cli("pair")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: The topics weight must be a number from 0 to 1000, not 1e+308."
    )


def test_init_from_a_program_file_sets_require_rules(cli, tmp_path):
    program = tmp_path / "program.yaml"
    program.write_text(
        "name: Mentoring Up\n"
        "organization: P&G\n"
        "matching:\n"
        "  require:\n"
        "    mentor: {gender: female}\n"
        "    same: [site]\n"
        "  weights: {preference: 3, waited: 0.5}\n"
    )
    result = cli("init", "--from", str(program))
    assert result.exit_code == 0, result.output
    settings = json.loads(cli("program", "--format", "json").stdout)
    assert settings["organization"] == "P&G"
    assert settings["matching"]["require"] == {
        "mentor": {"gender": ["female"]},
        "same": ["site"],
    }
    assert settings["matching"]["weights"]["preference"] == 3
    assert settings["matching"]["weights"]["waited"] == 0.5
    program.write_text("matching:\n  require:\n    mentor: [female]\n")
    refused = cli("init", "--from", str(program))
    assert refused.exit_code == 1
    assert f"{program}, line 3, field 'matching.require.mentor'" in refused.stderr


def test_a_spreadsheet_roster_carries_prefers_and_organization(cli, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "name,email,role,prefers,organization\n"
        'Ana Ruiz,ana@x.com,mentor,"dana@x.com; bo@x.com",Wharton\n'
        "Dana Lee,dana@x.com,mentee,ana@x.com,\n"
        "Bo Chen,bo@x.com,mentee,,\n"
    )
    result = cli("import", str(sheet))
    assert result.exit_code == 0, result.output
    people = {
        p["email"]: p for p in json.loads(cli("people", "--format", "json").stdout)
    }
    assert people["ana@x.com"]["prefers"] == ["dana@x.com", "bo@x.com"]
    assert people["ana@x.com"]["organization"] == "Wharton"
    assert people["dana@x.com"]["organization"] is None
