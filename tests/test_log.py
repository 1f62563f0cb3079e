"""`revmentor log`: flags, refusals, prompts, and the pair lifecycle around it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from tests.pairing import add_pair, days_ago
from tests.prompting import BACKSPACE, CTRL_C, DOWN, ENTER, SPACE, typed

ESC_ENTER = "\x1b" + ENTER  # finishes a multi-line answer


@pytest.fixture
def paired(enrolled):
    """Ana → Dana and Bo → Sam, made 30 days ago."""
    enrolled.ana_dana = add_pair(
        enrolled, "ana@example.com", "dana@example.com", shared=["TikTok"]
    )
    enrolled.bo_sam = add_pair(
        enrolled, "bo@example.com", "sam@example.com", shared=["AI assistants"]
    )
    return enrolled


def _sessions(cli) -> list[dict]:
    return cli.rows("SELECT * FROM sessions ORDER BY id")


def _ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def _one_error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


# ---------------------------------------------------------------- flags


def test_log_with_flags_stores_the_session(paired):
    result = paired(
        "log",
        "--mentor",
        "ANA@Example.com",
        "--mentee",
        "dana@example.com",
        "--date",
        days_ago(3),
        "--minutes",
        "50",
        "--topics",
        "tiktok, Podcasts",
        "--notes",
        "Set up her account",
        "--mentor-rating",
        "4",
        "--mentee-rating",
        "5",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    assert "Logged session #1: Ana Ruiz → Dana Lee" in result.stderr
    assert "(1 session so far)" in result.stderr
    (row,) = _sessions(paired)
    assert row["pair_id"] == paired.ana_dana
    assert row["date"] == days_ago(3)
    assert row["minutes"] == 50
    assert json.loads(row["topics"]) == ["TikTok", "Podcasts"]  # catalogue spelling
    assert row["notes"] == "Set up her account"
    assert (row["mentor_rating"], row["mentee_rating"]) == (4, 5)
    assert result.stdout == ""


def test_log_defaults_date_today_and_program_minutes(paired):
    result = paired("log", "--mentor", "bo@example.com", "--mentee", "sam@example.com")
    assert result.exit_code == 0, result.output
    (row,) = _sessions(paired)
    assert row["date"] == date.today().isoformat()
    assert row["minutes"] == 45  # the program's session_minutes
    assert json.loads(row["topics"]) == []
    assert row["notes"] is None
    assert row["mentor_rating"] is None


def test_log_by_pair_id(paired):
    result = paired("log", "--pair", str(paired.bo_sam), "--minutes", "30")
    assert result.exit_code == 0, result.output
    assert _sessions(paired)[0]["pair_id"] == paired.bo_sam


def test_log_one_side_is_enough_when_it_names_one_pair(paired):
    result = paired("log", "--mentee", "sam@example.com")
    assert result.exit_code == 0, result.output
    assert _sessions(paired)[0]["pair_id"] == paired.bo_sam


def test_log_one_side_with_two_pairs_asks_for_the_other(paired):
    add_pair(paired, "bo@example.com", "dana@example.com")
    before = paired.dump()
    result = paired("log", "--mentor", "bo@example.com")
    assert result.exit_code == 2
    assert "bo@example.com (--mentor) has 2 active pairs" in result.stderr
    assert "add --mentee" in result.stderr
    assert paired.dump() == before


def test_log_notes_from_stdin(paired):
    result = paired(
        "log", "--mentor", "bo@example.com", "--notes", "-", input="Line 1\nLine 2\n"
    )
    assert result.exit_code == 0, result.output
    assert _sessions(paired)[0]["notes"] == "Line 1\nLine 2"


def test_log_fit_is_stored_on_the_pair(paired):
    result = paired("log", "--mentor", "ana@example.com", "--fit", "poor")
    assert result.exit_code == 0, result.output
    assert "not a good fit" in result.stderr
    assert "pair --rematch" in result.stderr
    (pair,) = paired.rows(
        "SELECT fit, fit_on FROM pairs WHERE id = ?", [paired.ana_dana]
    )
    assert pair == {"fit": "poor", "fit_on": date.today().isoformat()}
    result = paired("log", "--mentor", "ana@example.com", "--fit", "GOOD")
    assert result.exit_code == 0, result.output
    assert paired.rows("SELECT fit FROM pairs WHERE id = ?", [paired.ana_dana]) == [
        {"fit": "good"}
    ]


def test_log_same_day_twice_warns_but_logs(paired):
    paired("log", "--mentor", "bo@example.com")
    result = paired("log", "--mentor", "bo@example.com")
    assert result.exit_code == 0
    assert "session #1 was already logged" in result.stderr
    assert "sessions delete 2" in result.stderr
    assert len(_sessions(paired)) == 2


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--mentor", "ana@example.com", "--mentee", "sam@example.com"],
            "Ana Ruiz (ana@example.com) and Sam Ortiz (sam@example.com) are not an "
            "active pair",
        ),
        (
            ["--mentor", "nobody@example.com", "--mentee", "sam@example.com"],
            "No participant with email nobody@example.com",
        ),
        (
            ["--mentor", "dana@example.com", "--mentee", "ana@example.com"],
            "dana@example.com is a mentee, not a mentor; give them with --mentee",
        ),
        (["--mentor", "bo@example.com", "--date", "2999-01-01"], "is in the future"),
        (
            ["--mentor", "bo@example.com", "--date", days_ago(31)],
            f"the date {days_ago(31)} is before the pair was made (on {days_ago(30)})",
        ),
        (
            ["--mentor", "bo@example.com", "--minutes", "0"],
            "minutes must be a positive whole number, not '0'",
        ),
        (["--mentor", "bo@example.com", "--minutes", "-5"], "positive whole number"),
        (["--mentor", "bo@example.com", "--minutes", "2.5"], "positive whole number"),
        (["--mentor", "bo@example.com", "--minutes", "an hour"], "whole number"),
        (
            ["--mentor", "bo@example.com", "--mentor-rating", "6"],
            "the mentor's rating must be a whole number from 1 to 5, not '6'",
        ),
        (["--mentor", "bo@example.com", "--mentor-rating", "0"], "from 1 to 5"),
        (
            ["--mentor", "bo@example.com", "--mentee-rating", "great"],
            "the mentee's rating must be a whole number from 1 to 5",
        ),
        (
            ["--mentor", "bo@example.com", "--notes", "Fine\x1b[2J"],
            "notes must not contain control characters (ESC at character 5",
        ),
        (["--mentor", "bo@example.com", "--notes", "x" * 20_001], "at most 20,000"),
        (["--pair", "99"], "No pair #99"),
        (["--pair", "9" * 20], f"No pair #{'9' * 20}"),  # past SQLite's integers
        (["--pair", "first"], "No participant named or matching first"),
        (
            ["--mentor", "sam@example.com"],
            "sam@example.com is a mentee, not a mentor",
        ),
    ],
)
def test_log_refusals_write_nothing(paired, flags, message):
    before = paired.dump()
    result = paired("log", "--no-input", *flags)
    assert result.exit_code == 1, result.output
    line = _one_error_line(result)
    assert message in line
    assert line.endswith((".", "?"))  # one sentence, or a "did you mean …?"
    assert paired.dump() == before


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--date", "2027-02-30"],
            "Invalid value for '--date': must be a real date written YYYY-MM-DD, "
            "not '2027-02-30'",
        ),
        (["--date", "yesterday"], "not 'yesterday'"),
        (["--fit", "meh"], "'meh' is not one of 'good', 'unsure', 'poor'"),
    ],
)
def test_log_bad_option_values_are_usage_errors(paired, flags, message):
    before = paired.dump()
    result = paired("log", "--no-input", "--mentor", "bo@example.com", *flags)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert paired.dump() == before


def test_log_refused_for_a_person_without_an_active_pair(enrolled):
    add_pair(enrolled, "ana@example.com", "dana@example.com")
    result = enrolled("log", "--mentor", "bo@example.com")
    assert result.exit_code == 1
    assert "Bo Chen (bo@example.com) has no active pair" in _one_error_line(result)


def test_log_without_pairs_at_all(enrolled, monkeypatch):
    with typed(monkeypatch):
        result = enrolled("log")
    assert result.exit_code == 1
    assert "no active pairs to log a session for" in result.stderr
    assert "revmentor pair" in result.stderr


def test_log_without_terminal_names_the_missing_flags(paired):
    before = paired.dump()
    for args in (["--minutes", "30"], ["--no-input"]):
        result = paired("log", *args)
        assert result.exit_code == 2
        assert "Missing --mentor and --mentee (or --pair)" in result.stderr
        assert "Traceback" not in result.output
    assert paired.dump() == before


def test_log_pair_and_emails_together_is_usage_error(paired):
    result = paired("log", "--pair", "1", "--mentor", "ana@example.com")
    assert result.exit_code == 2
    assert "either --pair or --mentor/--mentee" in result.stderr


def test_log_without_a_database(cli):
    result = cli("log", "--mentor", "ana@example.com")
    assert result.exit_code == 1
    assert "No revmentor database" in result.stderr
    assert not cli.db_path.exists()


# ---------------------------------------------------------------- lifecycle


def test_logging_for_someone_who_left_is_refused_after_the_day_they_left(
    paired, tmp_path
):
    """A pair runs through the day it ended: a session held by then may be
    logged late, by hand as from a file; a later one is refused."""
    with sqlite3.connect(paired.db_path) as conn:  # enrolled with the pair
        conn.execute("UPDATE participants SET enrolled_on = ?", [_ago(30)])
    paired("log", "--mentor", "ana@example.com", "--date", _ago(20))
    left = _ago(10)
    result = paired("people", "leave", "ana@example.com", "--date", left)
    assert result.exit_code == 0, result.output
    (pair,) = paired.rows("SELECT * FROM pairs WHERE id = ?", [paired.ana_dana])
    assert pair["status"] == "ended"
    assert pair["end_reason"] == "left the program"
    before = paired.dump()
    for flags in (
        ["--mentor", "ana@example.com", "--mentee", "dana@example.com"],
        ["--pair", str(paired.ana_dana)],
        ["--mentor", "ana@example.com"],
        ["--pair", str(paired.ana_dana), "--date", _ago(9)],
    ):
        result = paired("log", *flags, "--no-input")
        assert result.exit_code == 1
        line = _one_error_line(result)
        assert f"The pair Ana Ruiz → Dana Lee ended on {left}" in line
        assert "(left the program)" in line
        assert "sessions are logged for the days it ran (--date for one" in line
    assert paired.dump() == before
    # The history is kept, and a session held by the day they left is logged
    # by hand as it is from a form's file.
    for day in (_ago(12), left):
        result = paired("log", "--pair", str(paired.ana_dana), "--date", day)
        assert result.exit_code == 0, result.output
    # The same rule from a form's file: the day after they left is refused,
    # a day before it is logged.
    answers = tmp_path / "answers.csv"
    row = "ana@example.com,dana@example.com,{},30\n"
    answers.write_text("mentor,mentee,date,minutes\n" + row.format(_ago(9)))
    result = paired("log", "--from", str(answers))
    assert result.exit_code == 1 and "row 2" in result.stderr, result.output
    answers.write_text("mentor,mentee,date,minutes\n" + row.format(_ago(11)))
    assert paired("log", "--from", str(answers)).exit_code == 0
    days = paired.rows("SELECT date FROM sessions WHERE pair_id = ?", [pair["id"]])
    assert sorted(row["date"] for row in days) == [_ago(20), _ago(12), _ago(11), left]


def test_paused_person_keeps_their_pair_and_can_log(paired):
    assert paired("people", "pause", "sam@example.com").exit_code == 0
    result = paired("log", "--mentee", "sam@example.com")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- prompts


@pytest.fixture
def no_editor(monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


def test_log_by_prompts_first_session(paired, monkeypatch, no_editor):
    keys = [
        "dana" + ENTER,  # the pair, found by the mentee's first name
        ENTER,  # date: today
        BACKSPACE * 2 + "0" + ENTER,  # minutes: 0 is refused and asked again
        BACKSPACE + "60" + ENTER,
        SPACE + ENTER,  # topics: ticks TikTok (the shared topic, first)
        "Podcasts" + ENTER,  # other topics
        "Line one" + ENTER + "line two" + ESC_ENTER,  # notes, multi-line
        "4" + ENTER,  # mentor's rating
        ENTER,  # mentee's rating: skipped
        DOWN + ENTER,  # fit: not sure
        "Post weekly on LinkedIn" + ENTER,  # a goal, offered after the first session
        "2999-01-01" + ENTER,  # its due date
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert "Logged session #1: Ana Ruiz → Dana Lee" in result.stderr
    (row,) = _sessions(paired)
    assert row["pair_id"] == paired.ana_dana
    assert row["date"] == date.today().isoformat()
    assert row["minutes"] == 60
    assert json.loads(row["topics"]) == ["TikTok", "Podcasts"]
    assert row["notes"] == "Line one\nline two"
    assert (row["mentor_rating"], row["mentee_rating"]) == (4, None)
    assert paired.rows("SELECT fit FROM pairs WHERE id = ?", [paired.ana_dana]) == [
        {"fit": "unsure"}
    ]
    assert paired.rows("SELECT pair_id, text, due, done_on FROM pair_goals") == [
        {
            "pair_id": paired.ana_dana,
            "text": "Post weekly on LinkedIn",
            "due": "2999-01-01",
            "done_on": None,
        }
    ]
    assert "Added goal #1" in result.stderr


def test_log_by_prompts_asks_fit_only_after_the_first_session(
    paired, monkeypatch, no_editor
):
    paired("log", "--mentor", "bo@example.com", "--date", days_ago(14))
    keys = [
        "Bo" + ENTER,  # "Bo" matches only Bo Chen → Sam Ortiz
        ENTER,
        ENTER,
        ENTER,  # no topics ticked
        ENTER,  # no other topics
        ESC_ENTER,  # no notes
        ENTER,
        "5" + ENTER,
        "y",  # no fit question: straight to the summary
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert "(2 sessions so far)" in result.stderr
    last = _sessions(paired)[-1]
    assert (last["minutes"], last["notes"], last["mentee_rating"]) == (45, None, 5)
    assert paired.rows("SELECT fit FROM pairs WHERE id = ?", [paired.bo_sam]) == [
        {"fit": None}
    ]


def test_log_prompts_only_what_flags_left_open(paired, monkeypatch, no_editor):
    keys = [
        ENTER,  # date
        ESC_ENTER,  # notes
        ENTER,  # mentor's rating
        ENTER,  # mentee's rating
        "\x1b[B" * 3 + ENTER,  # fit: skip
        ENTER,  # no goal
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = paired(
            "log",
            "--mentor",
            "ana@example.com",
            "--minutes",
            "20",
            "--topics",
            "TikTok",
        )
    assert result.exit_code == 0, result.output
    (row,) = _sessions(paired)
    assert (row["minutes"], json.loads(row["topics"])) == (20, ["TikTok"])
    assert paired.rows("SELECT fit FROM pairs") == [{"fit": None}, {"fit": None}]


def test_log_notes_in_the_editor(paired, monkeypatch, tmp_path):
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "Written in the editor\\n" > "$1"\n')
    editor.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    keys = [
        "sam" + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # notes: "Write them in <editor>" is the first choice
        ENTER,
        ENTER,
        "\x1b[B" * 3 + ENTER,  # fit: skip
        ENTER,  # no goal
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert _sessions(paired)[0]["notes"] == "Written in the editor"


def test_log_editor_failure_falls_back_to_typing(paired, monkeypatch, tmp_path):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    keys = [
        "sam" + ENTER,
        ENTER,  # date
        ENTER,  # minutes
        ENTER,  # topics
        ENTER,  # other topics
        ENTER,  # notes: the editor, which cannot start
        "Typed instead" + ESC_ENTER,
        ENTER,
        ENTER,
        "\x1b[B" * 3 + ENTER,  # fit: skip
        ENTER,  # no goal
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert "Cannot use the editor" in result.stderr
    assert "type the notes here instead" in result.stderr
    assert "Traceback" not in result.output
    assert _sessions(paired)[0]["notes"] == "Typed instead"


def test_log_ambiguous_pair_text_is_asked_again(paired, monkeypatch, no_editor):
    keys = [
        "e" + ENTER,  # matches both pairs: asked again
        BACKSPACE + "Ortiz" + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ESC_ENTER,
        ENTER,
        ENTER,
        DOWN * 3 + ENTER,
        ENTER,  # no goal
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert _sessions(paired)[0]["pair_id"] == paired.bo_sam


def test_log_ctrl_c_saves_nothing(paired, monkeypatch, no_editor):
    before = paired.dump()
    with typed(monkeypatch, "dana" + ENTER, ENTER, CTRL_C):
        result = paired("log")
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert paired.dump() == before


def test_log_declining_the_summary_saves_nothing(paired, monkeypatch, no_editor):
    before = paired.dump()
    keys = ["dana" + ENTER, ENTER, ENTER, ENTER, ENTER, ESC_ENTER, ENTER, ENTER]
    keys += [ENTER, ENTER, "n"]  # fit: good; no goal; then decline
    with typed(monkeypatch, *keys):
        result = paired("log")
    assert result.exit_code == 0, result.output
    assert "Nothing saved" in result.stderr
    assert paired.dump() == before


def test_log_with_one_active_pair_skips_the_pair_question(enrolled, monkeypatch):
    add_pair(enrolled, "ana@example.com", "dana@example.com")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    keys = [ENTER, ENTER, ENTER, ENTER, ESC_ENTER, ENTER, ENTER, ENTER, ENTER, "y"]
    with typed(monkeypatch, *keys):
        result = enrolled("log")
    assert result.exit_code == 0, result.output
    assert "Pair: Ana Ruiz → Dana Lee (the only active pair)" in result.stderr
    assert len(_sessions(enrolled)) == 1


# ---------------------------------------------------------------- from Python


def test_the_library_logs_a_session_as_the_command_does(paired, capsys):
    """`revmentor.Program` checks by the same rules, returns typed data, saves
    all or nothing, and prints nothing."""
    from revmentor import Program
    from revmentor.domain.models import Fit
    from revmentor.errors import InvalidInput

    with Program.open(paired.db_path) as program:
        (pair,) = program.pairs_to_log(mentor="ana@example.com")
        context = program.session_context(pair)
        assert context.first_session and not context.has_goals
        goal = context.goal("Post weekly", "2099-01-01")
        logged = program.log_session(
            pair, {"minutes": "30", "topics": "tiktok"}, fit=Fit.good, goal=goal
        )
        assert (logged.held, logged.entry.topics) == (1, ["TikTok"])
        assert logged.entry.date == date.today()
        with pytest.raises(InvalidInput, match="Cannot log the session: minutes"):
            program.log_session(pair, {"minutes": "0"}, goals_reached=["1"])
        with pytest.raises(InvalidInput, match="--goal-reached #9 is not an open"):
            program.log_session(pair, {}, goals_reached=["9"])
        listed = program.sessions(mentee="dana@example.com")
        assert [s.id for s in listed] == [logged.session_id]
        (set_goal,) = program.goals(pair="dana@example.com", only_open=True)
        assert program.reach_goal(set_goal.id).done_on == date.today()
    assert capsys.readouterr() == ("", "")
    assert len(_sessions(paired)) == 1
    fit = paired.rows("SELECT fit FROM pairs WHERE id = ?", [pair.id])
    assert fit == [{"fit": "good"}]
