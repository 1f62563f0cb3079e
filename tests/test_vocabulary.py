"""One vocabulary: a pair is `--pair`, a person `--person`, one spelling of
organization, and help that fits each command."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys

import pytest

from tests.pairing import add_pair


@pytest.fixture
def paired(enrolled):
    enrolled.ana_dana = add_pair(enrolled, "ana@example.com", "dana@example.com")
    enrolled.bo_sam = add_pair(enrolled, "bo@example.com", "sam@example.com")
    return enrolled


def _active(cli) -> list[int]:
    return [r["id"] for r in cli.rows("SELECT id FROM pairs WHERE status = 'active'")]


@pytest.mark.parametrize(
    "named", ["dana@example.com ana@example.com", "#1", "Dana", "ana@example.com"]
)
def test_pairs_end_takes_any_pair_name(paired, named):
    result = paired("pairs", "end", "--pair", named, "--reason", "moved team")
    assert result.exit_code == 0, result.output
    assert "Ended the pair Ana Ruiz → Dana Lee (moved team)" in result.output
    assert _active(paired) == [paired.bo_sam]


def test_pairs_end_and_fit_still_take_mentor_and_mentee(paired):
    result = paired("pairs", "fit", "--pair", "sam@example.com bo@example.com", "good")
    assert result.exit_code == 0, result.output
    assert paired.rows("SELECT fit FROM pairs WHERE id = ?", [paired.bo_sam]) == [
        {"fit": "good"}
    ]
    result = paired("pairs", "end", "ana@example.com", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert _active(paired) == [paired.bo_sam]


@pytest.mark.parametrize(
    "args",
    [
        ["pairs", "end"],  # nothing named
        ["pairs", "end", "ana@example.com", "dana@example.com", "--pair", "1"],
        ["pairs", "fit", "good"],
        ["pairs", "fit", "--pair", "1", "meh"],
        ["pairs", "fit", "--pair", "1", "ana@example.com", "good"],
    ],
)
def test_pairs_end_and_fit_refuse_a_pair_named_twice_or_not_at_all(paired, args):
    before = paired.dump()
    result = paired(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output
    assert paired.dump() == before


def test_an_empty_pair_name_is_refused(paired):
    before = paired.dump()
    result = paired("pairs", "end", "--pair", " ")
    assert result.exit_code == 1 and "Give the person's email" in result.stderr
    assert paired.dump() == before


def test_a_person_in_two_active_pairs_needs_the_pairs_number(paired):
    third = add_pair(paired, "bo@example.com", "dana@example.com")
    before = paired.dump()
    result = paired("log", "--no-input", "--pair", "Bo Chen", "--minutes", "30")
    assert result.exit_code == 1
    assert "Bo Chen is in 2 active pairs" in result.stderr
    assert (
        f"#{third} Bo Chen → Dana Lee, #{paired.bo_sam} Bo Chen → Sam" in result.stderr
    )
    assert "give the pair's number" in result.stderr
    assert paired.dump() == before
    result = paired(
        "log",
        "--no-input",
        "--pair",
        "bo@example.com dana@example.com",
        "--minutes",
        "30",
    )
    assert result.exit_code == 0, result.output
    assert paired.rows("SELECT pair_id FROM sessions") == [{"pair_id": third}]


def test_sessions_lists_one_pair(paired):
    for pair in ("1", "2"):
        assert paired("log", "--no-input", "--pair", pair).exit_code == 0
    result = paired(
        "sessions", "--pair", "sam@example.com bo@example.com", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    assert '"mentor": "bo@example.com"' in result.output
    assert "ana@example.com" not in result.output
    result = paired("sessions", "--pair", "Nobody at all")
    assert result.exit_code == 1 and "No participant" in result.stderr


def test_checkins_take_a_person_and_the_old_email_flag(enrolled):
    for who in ("dana@example.com", "ana@example.com"):
        result = enrolled(
            "checkin",
            who,
            "--no-input",
            "--topic",
            "TikTok",
            "--score",
            "3",
            "--phase",
            "baseline",
        )
        assert result.exit_code == 0, result.output
    for flag, person in [("--person", "Dana"), ("--email", "dana@example.com")]:
        result = enrolled("checkins", flag, person, "--format", "csv")
        assert result.exit_code == 0, result.output
        assert "dana@example.com" in result.output
        assert ",ana@example.com" not in result.output
    assert "--email" not in enrolled("checkins", "--help").output
    result = enrolled("checkins", "--person", "Dnaa Lee")
    assert result.exit_code == 1 and "did you mean dana@example.com" in result.stderr


def _organizations(cli) -> dict[str, str | None]:
    rows = cli.rows("SELECT email, organization FROM participants")
    return {row["email"]: row["organization"] for row in rows}


def test_organisation_is_read_as_organization_in_flags_and_files(enrolled, tmp_path):
    result = enrolled("people", "update", "dana@example.com", "--organisation", "Acme")
    assert result.exit_code == 0, result.output
    assert _organizations(enrolled)["dana@example.com"] == "Acme"
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: Lee Wu, email: lee@example.com, role: mentee, level: 9,\n"
        "     organisation: Burlington}\n"
    )
    assert enrolled("import", str(roster)).exit_code == 0
    table = tmp_path / "people.csv"
    table.write_text(
        "name,email,role,level,Organisation\nMo Li,mo@example.com,mentor,1,Uni\n"
    )
    result = enrolled("import", str(table))
    assert result.exit_code == 0, result.output
    found = _organizations(enrolled)
    assert (found["lee@example.com"], found["mo@example.com"]) == ("Burlington", "Uni")
    assert enrolled("program", "--organisation=Wharton").exit_code == 0
    result = enrolled("program", "--format", "json")
    assert result.exit_code == 0 and '"organization": "Wharton"' in result.output
    twice = tmp_path / "twice.yaml"
    twice.write_text("program:\n  organization: A\n  organisation: B\n")
    result = enrolled("init", "--from", str(twice))
    assert result.exit_code == 1 and "'organisation' is given twice" in result.stderr


def test_leaving_the_organization_says_it_one_way(enrolled):
    result = enrolled("people", "leave", "bo@example.com", "--left-organisation")
    assert result.exit_code == 0, result.output
    assert "left the program and the organization" in result.output + result.stderr
    assert "organisation" not in enrolled("people", "leave", "--help").output


def test_program_sets_and_shows_every_setting(enrolled):
    result = enrolled(
        "program",
        "--min-level-gap",
        "3",
        "--diversity-attributes",
        "gender, site",
        "--allow-repeats",
        "--objectives",
        "Learn TikTok; Understand Gen Z",
        "--rules",
        "Be kind, always; Come prepared",
        "--statements",
        "I can post a video",
        "--session-form-url",
        "https://forms.example.com/s",
        "--checkin-form-url",
        "https://forms.example.com/c",
    )
    assert result.exit_code == 0, result.output
    program = json.loads(enrolled("program", "--format", "json").stdout)
    assert program["matching"]["min_level_gap"] == 3
    assert program["matching"]["diversity_attributes"] == ["gender", "site"]
    assert program["matching"]["allow_repeats"] is True
    assert program["objectives"] == ["Learn TikTok", "Understand Gen Z"]
    assert program["rules"] == ["Be kind, always", "Come prepared"]
    assert program["statements"] == ["I can post a video"]
    assert program["session_form_url"] == "https://forms.example.com/s"
    assert program["checkin_form_url"] == "https://forms.example.com/c"
    shown = enrolled("program").stdout
    assert re.search(r"rules +Be kind, always *\n +Come prepared", shown)
    assert "forms.example.com/c" in shown and "gender, site" in shown
    before = enrolled.dump()
    for flags in (["--min-level-gap", "many"], ["--session-form-url", "ftp://x"]):
        bad = enrolled("program", *flags)
        assert bad.exit_code == 1 and bad.stderr.count("\n") == 1, bad.output
    assert enrolled.dump() == before


def test_help_groups_the_commands_by_what_a_coordinator_is_doing():
    from revmentor.cli import COMMANDS

    assert len(set(COMMANDS)) == len(COMMANDS)  # each command in one panel
    run = subprocess.run(
        [sys.executable, "-m", "revmentor", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert run.returncode == 0, run.stderr
    panels = ["Setting up", "Pairing", "Running the program", "Reporting"]
    at = [run.stdout.index(f"\n{panel}:\n") for panel in [*panels, "Data and backups"]]
    assert at == sorted(at)
    pairing = run.stdout[at[1] : at[2]]
    assert "  pairs " in pairing and "  rules " in pairing and "  log " not in pairing
    assert "╭" not in run.stdout  # plain text, as every command's own help


def _commands(command, path=()):
    for name, sub in getattr(command, "commands", {}).items():
        sub = command.get_command(None, name) if sub is None else sub
        yield (*path, name), sub
        yield from _commands(sub, (*path, name))


def test_each_commands_examples_fit_that_command():
    from typer.main import get_command

    from revmentor.cli import app

    found = {}
    for path, command in _commands(get_command(app)):
        options = {p.opts[0]: p for p in command.params if p.opts}
        output, fmt = options.get("--output"), options.get("--format")
        if output is None or "e.g. -o " not in (output.help or ""):
            continue
        example = output.help.rsplit("e.g. -o ", 1)[1].rstrip(".")
        found[" ".join(path)] = example
        written = [*fmt.type_descriptor.annotation] if fmt else ["json"]  # export
        assert example.rsplit(".", 1)[1] in written, (path, example)
    assert found["people"] == "people.csv" and found["report"] == "report.html"
    assert found["sessions"] == "sessions.csv" and found["export"] == "backup.json"
    assert list(found.values()).count("people.csv") == 1
    root = get_command(app)
    log_sheet = next(
        p for p in root.get_command(None, "log").params if p.name == "sheet"
    )
    assert '--sheet "Sessions"' in log_sheet.help


def test_a_flag_has_no_negative_twin_but_the_one_that_turns_a_setting_off():
    from typer.main import get_command

    from revmentor.cli import app

    twins = {
        (" ".join(path), option)
        for path, command in _commands(get_command(app))
        for param in command.params
        for option in getattr(param, "secondary_opts", [])
    }
    assert twins == {("program", "--no-repeats")}


@contextlib.contextmanager
def _seen_at_prompts(monkeypatch, *keys: str):
    """Type ``keys`` at the prompts; yields the text the prompts drew."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    import revmentor.commands.common as common
    from tests.prompting import CTRL_C

    monkeypatch.setattr(common, "stdin_is_interactive", lambda: True)
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys) + CTRL_C * 3)
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            yield screen


def test_enroll_prompts_take_names_where_they_say_so(enrolled, monkeypatch):
    from tests.prompting import BACKSPACE, DOWN, ENTER

    keys = [
        DOWN + ENTER,  # role: mentee
        "Kim Park" + ENTER,
        "kim@example.com" + ENTER,
        *[ENTER] * 3,  # title, level, department
        "Sam" + ENTER,  # manager, by name
        ENTER,  # no catalogue topic
        ENTER,  # no other topics
        "Run our brand account" + ENTER,
        ENTER,  # time zone
        "Jamal" + ENTER,  # nobody: re-asked with the reason
        BACKSPACE * 5 + "Dana" + ENTER,  # a mentee: re-asked
        BACKSPACE * 4 + "Bo" + ENTER,  # 1st choice, by name
        ENTER,  # no 2nd choice
        "y",
    ]
    with _seen_at_prompts(monkeypatch, *keys) as screen:
        result = enrolled("enroll")
    assert result.exit_code == 0, result.output
    kim = enrolled.rows("SELECT * FROM participants WHERE email='kim@example.com'")[0]
    assert kim["manager"] == "sam@example.com"
    assert json.loads(kim["prefers"]) == ["bo@example.com"]
    seen = screen.getvalue()
    assert "1st choice of mentor to be paired with (type a name or an email)" in seen
    assert "Goals for the program (shown to their mentor in the introduction)" in seen


def test_day_options_share_one_vocabulary():
    """--date: when something happened; --as-of: the day a report describes;
    --since: a lower bound; --due and --start: a goal's and the program's day."""
    from typer.main import get_command

    from revmentor.cli import app

    names = {}
    for path, command in _commands(get_command(app)):
        for param in command.params:
            if param.metavar == "YYYY-MM-DD":
                names.setdefault(param.opts[0], []).append(" ".join(path))
    assert set(names) == {"--date", "--as-of", "--since", "--due", "--start"}
    assert sorted(names["--as-of"]) == ["digest", "remind", "report"]
    assert "log" in names["--date"] and "pairs end" in names["--date"]


def test_goals_take_a_pair_by_its_two_emails(paired):
    named = "dana@example.com ana@example.com"
    result = paired("goals", "add", named, "Post weekly")
    assert result.exit_code == 0, result.output
    assert paired.rows("SELECT pair_id FROM pair_goals") == [
        {"pair_id": paired.ana_dana}
    ]
    listed = paired("goals", "--pair", named, "--format", "json").stdout
    assert json.loads(listed)[0]["mentee"] == "dana@example.com"
    assert paired("goals", "--pair", "bo@example.com sam@example.com").exit_code == 0
