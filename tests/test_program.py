"""`revmentor init` and `revmentor program`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_init_with_flags(cli):
    result = cli(
        "init",
        "--no-input",
        "--name",
        "Tech Forward",
        "--objectives",
        "Use social media; Understand Gen Z",
        "--topics",
        "TikTok, AI  assistants",
        "--cadence-days",
        "7",
        "--start",
        "2027-01-11",
        "--length-weeks",
        "12",
    )
    assert result.exit_code == 0, result.output
    assert "Created program database" in result.stderr
    program = json.loads(cli("program", "--format", "json").stdout)
    assert program["name"] == "Tech Forward"
    assert program["objectives"] == ["Use social media", "Understand Gen Z"]
    assert program["topics"] == ["TikTok", "AI assistants"]
    assert program["cadence_days"] == 7
    assert program["session_minutes"] == 45
    assert program["start"] == "2027-01-11"
    assert program["length_weeks"] == 12
    assert program["matching"]["min_level_gap"] == 1


def test_init_defaults_start_to_today(cli):
    assert cli("init", "--no-input").exit_code == 0
    program = json.loads(cli("program", "--format", "json").stdout)
    assert program["start"] == date.today().isoformat()
    assert program["cadence_days"] == 14 and program["length_weeks"] == 26


def test_init_from_program_yaml(cli):
    result = cli("init", "--from", str(EXAMPLES / "program.yaml"))
    assert result.exit_code == 0, result.output
    program = json.loads(cli("program", "--format", "json").stdout)
    assert program["name"] == "Tech Forward 2027"
    assert program["start"] == "2027-01-11"
    assert "TikTok" in program["topics"]
    assert program["matching"]["diversity_attributes"] == ["gender"]


def test_init_refuses_bad_values_without_writing(cli, tmp_path):
    bad = cli("init", "--no-input", "--start", "2027-02-30")
    assert bad.exit_code == 2  # a usage error, as every bad option date is
    assert "real date" in bad.stderr
    assert not cli.db_path.exists()
    word = cli("init", "--no-input", "--cadence-days", "zero")
    assert word.exit_code == 1  # bad data, as `enroll --capacity zero` is
    assert "--cadence-days must be a whole number" in word.stderr
    broken = tmp_path / "program.yaml"
    broken.write_text("program:\n  cadence_days: often\n")
    result = cli("init", "--from", str(broken))
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "cadence_days" in result.stderr
    assert not cli.db_path.exists()


def test_program_table_and_markdown(cli):
    cli("init", "--no-input", "--name", "Tech Forward", "--topics", "TikTok")
    table = cli("program").stdout
    assert "Tech Forward" in table and "cadence days" in table
    md = cli("program", "--format", "markdown").stdout
    assert "| name | Tech Forward |" in md


def test_reading_commands_refuse_a_missing_database(cli):
    result = cli("people")
    assert result.exit_code == 1
    assert "No revmentor database" in result.stderr
    assert not cli.db_path.exists()


def test_init_by_prompts_with_a_reasked_answer(cli, monkeypatch):
    from tests.prompting import BACKSPACE, ENTER, typed

    keys = [
        BACKSPACE * 30 + "Tech Forward" + ENTER,
        "TikTok, AI assistants" + ENTER,
        BACKSPACE * 2 + "weekly" + ENTER,  # refused: re-asked with the reason
        BACKSPACE * 6 + "7" + ENTER,
        ENTER,  # weeks: keep 26
        BACKSPACE + "x" + ENTER,  # the level gap: refused, re-asked
        BACKSPACE + "2" + ENTER,
        "y",  # set the rest too
        "Use TikTok with confidence; Understand Gen Z" + ENTER,
        ENTER,  # keep the suggested rules of conduct
        ENTER,  # minutes: keep 45
        BACKSPACE * 10 + "2027-01-11" + ENTER,
    ]
    with typed(monkeypatch, *keys):
        result = cli("init")
    assert result.exit_code == 0, result.output
    program = json.loads(cli("program", "--format", "json").stdout)
    assert program["name"] == "Tech Forward"
    assert program["objectives"] == ["Use TikTok with confidence", "Understand Gen Z"]
    assert "What is said in a session stays in the session" in program["rules"]
    assert program["topics"] == ["TikTok", "AI assistants"]
    assert program["cadence_days"] == 7
    assert program["matching"]["min_level_gap"] == 2
    assert program["session_minutes"] == 45
    assert program["start"] == "2027-01-11"


def test_ctrl_c_in_init_leaves_no_database(cli, monkeypatch):
    from tests.prompting import CTRL_C, ENTER, typed

    with typed(monkeypatch, "My program" + ENTER, CTRL_C):
        result = cli("init")
    assert result.exit_code == 130
    assert not cli.db_path.exists()


def test_init_prompts_keep_settings_when_defaults_are_accepted(cli, monkeypatch):
    from tests.prompting import ENTER, typed

    cli("init", "--from", str(EXAMPLES / "program.yaml"))
    before = json.loads(cli("program", "--format", "json").stdout)
    assert any(";" in rule for rule in before["rules"])  # the example has one
    with typed(monkeypatch, *[ENTER] * 6):  # the rest is offered: no by default
        result = cli("init")
    assert result.exit_code == 0, result.output
    assert json.loads(cli("program", "--format", "json").stdout) == before


def test_init_asks_only_what_must_be_decided_unless_asked_for_more(cli, monkeypatch):
    from tests.prompting import BACKSPACE, ENTER, typed

    keys = [BACKSPACE * 30 + "Pilot" + ENTER, "TikTok" + ENTER, *[ENTER] * 3, "n"]
    with typed(monkeypatch, *keys):
        result = cli("init")
    assert result.exit_code == 0, result.output
    program = json.loads(cli("program", "--format", "json").stdout)
    assert (program["name"], program["topics"], program["objectives"]) == (
        "Pilot",
        ["TikTok"],
        [],
    )
    assert program["rules"] == [] and program["session_minutes"] == 45
