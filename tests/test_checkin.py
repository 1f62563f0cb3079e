"""`revmentor checkin` and `revmentor checkins`: the measurable outcomes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.pairing import days_ago
from tests.prompting import BACKSPACE, CTRL_C, DOWN, ENTER, typed


def _checkins(cli) -> list[dict]:
    return cli.rows(
        "SELECT participants.email, topic, phase, score, date FROM checkins "
        "JOIN participants ON participants.id = checkins.participant_id "
        "ORDER BY checkins.id"
    )


# ---------------------------------------------------------------- flags


def test_checkin_with_flags(enrolled):
    result = enrolled(
        "checkin",
        "DANA@example.com",
        "--topic",
        "tiktok",
        "--score",
        "2",
        "--phase",
        "Baseline",
    )
    assert result.exit_code == 0, result.output
    assert "Recorded the baseline check-in of Dana Lee" in result.stderr
    assert _checkins(enrolled) == [
        {
            "email": "dana@example.com",
            "topic": "TikTok",  # the catalogue's spelling
            "phase": "baseline",
            "score": 2,
            "date": date.today().isoformat(),
        }
    ]


def test_checkin_with_a_date_and_a_free_topic(enrolled):
    result = enrolled(
        "checkin",
        "ana@example.com",
        "--topic",
        "coaching a  senior leader",
        "--score",
        "3",
        "--phase",
        "midpoint",
        "--date",
        days_ago(2),
    )
    assert result.exit_code == 0, result.output
    (row,) = _checkins(enrolled)
    assert row["topic"] == "Coaching a senior leader"
    assert row["date"] == days_ago(2)


def test_second_score_for_the_same_phase_needs_replace(enrolled):
    args = ["checkin", "dana@example.com", "--topic", "TikTok", "--phase", "baseline"]
    assert enrolled(*args, "--score", "2").exit_code == 0
    before = enrolled.dump()
    result = enrolled(*args, "--score", "3")
    assert result.exit_code == 1
    assert "already has a baseline score for TikTok (2, on" in result.stderr
    assert "add --replace" in result.stderr
    assert enrolled.dump() == before
    result = enrolled(*args, "--score", "3", "--replace")
    assert result.exit_code == 0, result.output
    assert [r["score"] for r in _checkins(enrolled)] == [3]
    # Another phase is a new score, not a replacement.
    assert enrolled(*args[:-1], "final", "--score", "4").exit_code == 0
    assert [(r["phase"], r["score"]) for r in _checkins(enrolled)] == [
        ("baseline", 3),
        ("final", 4),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--score", "0"], "the score must be a whole number from 1 to 5, not '0'"),
        (["--score", "6"], "from 1 to 5"),
        (["--score", "3.5"], "from 1 to 5"),
        (["--date", "2999-01-01"], "is in the future"),
        (["--topic", " , "], "the topic cannot be empty"),
    ],
)
def test_checkin_refusals_write_nothing(enrolled, args, message):
    values = {"--topic": "TikTok", "--score": "3", "--phase": "baseline"}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = enrolled.dump()
    flags = [x for kv in values.items() for x in kv]
    result = enrolled("checkin", "dana@example.com", *flags)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert enrolled.dump() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--phase", "start"], "'start' is not one of 'baseline', 'midpoint', 'final'"),
        (["--date", "01/02/2027"], "must be a real date written YYYY-MM-DD"),
    ],
)
def test_checkin_bad_option_values_are_usage_errors(enrolled, args, message):
    values = {"--topic": "TikTok", "--score": "3", "--phase": "baseline"}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = enrolled.dump()
    flags = [x for kv in values.items() for x in kv]
    result = enrolled("checkin", "dana@example.com", *flags)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert enrolled.dump() == before


def test_checkin_unknown_person(enrolled):
    before = enrolled.dump()
    result = enrolled(
        "checkin", "zed@example.com", "--topic", "X", "--score", "3", "--phase", "final"
    )
    assert result.exit_code == 1
    assert "No participant with email zed@example.com" in result.stderr
    assert enrolled.dump() == before


def test_checkin_after_someone_left_is_refused(enrolled):
    import sqlite3

    assert enrolled("people", "leave", "sam@example.com").exit_code == 0
    conn = sqlite3.connect(enrolled.db_path)
    with conn:
        conn.execute(
            "UPDATE participants SET left_on = ? WHERE email = 'sam@example.com'",
            [days_ago(10)],
        )
    conn.close()
    before = enrolled.dump()
    args = ["sam@example.com", "--topic", "AI assistants", "--score", "4"]
    result = enrolled("checkin", *args, "--phase", "final", "--date", days_ago(5))
    assert result.exit_code == 1
    assert f"is after they left the program (on {days_ago(10)})" in result.stderr
    assert enrolled.dump() == before
    # A final check-in taken on the day they left is still accepted.
    result = enrolled("checkin", *args, "--phase", "final", "--date", days_ago(10))
    assert result.exit_code == 0, result.output


def test_checkin_without_terminal_names_missing_flags(enrolled):
    result = enrolled("checkin", "dana@example.com", "--topic", "TikTok")
    assert result.exit_code == 2
    assert "Missing --score, --phase" in result.stderr
    result = enrolled("checkin", "--no-input")
    assert result.exit_code == 2
    assert "Missing EMAIL, --topic, --score, --phase" in result.stderr
    result = enrolled("checkin", "dana@example.com", "--score", "3")
    assert result.exit_code == 2
    assert "--score needs --topic" in result.stderr


# ---------------------------------------------------------------- listing


def test_checkins_listing(enrolled):
    for email, topic, phase, score in (
        ("dana@example.com", "TikTok", "final", "4"),
        ("dana@example.com", "TikTok", "baseline", "2"),
        ("ana@example.com", "Coaching a senior leader", "baseline", "3"),
    ):
        result = enrolled(
            "checkin", email, "--topic", topic, "--phase", phase, "--score", score
        )
        assert result.exit_code == 0, result.output
    result = enrolled("checkins", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert list(rows[0]) == [
        "id",
        "email",
        "name",
        "role",
        "topic",
        "phase",
        "score",
        "date",
    ]
    # By person, then phase order (baseline before final).
    assert [(r["email"], r["phase"]) for r in rows] == [
        ("ana@example.com", "baseline"),
        ("dana@example.com", "baseline"),
        ("dana@example.com", "final"),
    ]

    def count(*args):
        out = enrolled("checkins", "--format", "json", *args)
        assert out.exit_code == 0, out.output
        return len(json.loads(out.stdout))

    assert count("--email", "DANA@example.com") == 2
    assert count("--topic", "tiktok") == 2
    assert count("--phase", "baseline") == 2
    table = enrolled("checkins").stdout
    assert "Check-ins (3)" in table
    assert "Coaching a senior leader" in table
    assert enrolled("checkins", "--format", "csv").stdout.startswith(
        "id,name,email,role,topic,phase,score,date\n"
    )


def test_checkins_listing_refusals(enrolled):
    result = enrolled("checkins", "--phase", "later")
    assert result.exit_code == 2
    assert "'later' is not one of 'baseline', 'midpoint', 'final'" in result.stderr
    result = enrolled("checkins", "--email", "zed@example.com")
    assert result.exit_code == 1
    assert "No participant with email zed@example.com" in result.stderr


def test_checkins_empty(enrolled):
    result = enrolled("checkins")
    assert result.exit_code == 0
    assert "No check-ins match" in result.stderr


# ---------------------------------------------------------------- prompts


def test_mentee_checkin_by_prompts(enrolled, monkeypatch):
    keys = [
        ENTER,  # phase: baseline (the first not done)
        "2" + ENTER,  # TikTok
        ENTER,  # AI assistants: skipped
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = enrolled("checkin", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert _checkins(enrolled) == [
        {
            "email": "dana@example.com",
            "topic": "TikTok",
            "phase": "baseline",
            "score": 2,
            "date": date.today().isoformat(),
        }
    ]


def test_checkin_prompts_pick_the_person_and_suggest_the_next_phase(
    enrolled, monkeypatch
):
    result = enrolled(
        "checkin",
        "sam@example.com",
        "--topic",
        "AI assistants",
        "--score",
        "1",
        "--phase",
        "baseline",
    )
    assert result.exit_code == 0
    keys = [
        "ortiz" + ENTER,  # the person, found by part of the name
        ENTER,  # phase: midpoint is suggested now that baseline is done
        "9" + ENTER,  # refused and asked again
        BACKSPACE + "3" + ENTER,
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = enrolled("checkin")
    assert result.exit_code == 0, result.output
    assert [(r["phase"], r["score"]) for r in _checkins(enrolled)] == [
        ("baseline", 1),
        ("midpoint", 3),
    ]


def test_mentor_checkin_by_prompts(enrolled, monkeypatch):
    keys = [DOWN + DOWN + ENTER, "3" + ENTER, "4" + ENTER, "y"]  # final
    with typed(monkeypatch, *keys):
        result = enrolled("checkin", "ana@example.com")
    assert result.exit_code == 0, result.output
    assert [(r["topic"], r["phase"], r["score"]) for r in _checkins(enrolled)] == [
        ("Coaching a senior leader", "final", 3),
        ("Speaking with senior leaders", "final", 4),
    ]


def test_checkin_prompts_replace_after_showing_it(enrolled, monkeypatch):
    args = ["--topic", "TikTok", "--phase", "baseline", "--score", "2"]
    assert enrolled("checkin", "dana@example.com", *args).exit_code == 0
    keys = ["4" + ENTER, ENTER, "y"]
    with typed(monkeypatch, *keys):
        result = enrolled("checkin", "dana@example.com", "--phase", "baseline")
    assert result.exit_code == 0, result.output
    assert "2 from" in result.stderr  # the summary says what is replaced
    assert [(r["topic"], r["score"]) for r in _checkins(enrolled)] == [("TikTok", 4)]


def test_checkin_prompts_all_blank_saves_nothing(enrolled, monkeypatch):
    before = enrolled.dump()
    with typed(monkeypatch, ENTER, ENTER, ENTER):
        result = enrolled("checkin", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert "nothing saved" in result.stderr
    assert enrolled.dump() == before


def test_checkin_prompts_for_someone_with_no_topics_say_to_name_one(
    enrolled, monkeypatch
):
    enrolled(
        "enroll", "--name", "Lou Park", "--email", "lou@example.com",
        "--role", "mentee", "--level", "7", "--no-input",
    )  # fmt: skip
    before = enrolled.dump()
    with typed(monkeypatch, ENTER):  # phase: baseline
        result = enrolled("checkin", "lou@example.com")
    assert result.exit_code == 2, result.output
    assert "Lou Park has no topics on record to score; name one with --topic" in (
        result.stderr
    )
    assert enrolled.dump() == before


def test_checkin_prompts_declined_or_interrupted_saves_nothing(enrolled, monkeypatch):
    before = enrolled.dump()
    with typed(monkeypatch, ENTER, "3" + ENTER, "3" + ENTER, "n"):
        result = enrolled("checkin", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert "Nothing saved" in result.stderr
    with typed(monkeypatch, ENTER, "3" + ENTER, CTRL_C):
        result = enrolled("checkin", "dana@example.com")
    assert result.exit_code == 130
    assert enrolled.dump() == before


def test_the_library_records_check_ins_as_the_command_does(enrolled, capsys):
    from revmentor import Program
    from revmentor.errors import Conflict

    score = {"topic": "tiktok", "phase": "baseline", "score": "2"}
    with Program.open(enrolled.db_path) as program:
        (entry,) = program.record_checkins("dana@example.com", [score])
        assert (entry.topic, entry.score, entry.date) == ("TikTok", 2, date.today())
        with pytest.raises(Conflict, match="already has a baseline score for TikTok"):
            program.record_checkins("dana@example.com", [score | {"score": "4"}])
        program.record_checkins(
            "dana@example.com", [score | {"score": "4"}], replace=True
        )
        assert [c.score for c in program.checkins(email="dana@example.com")] == [4]
    assert capsys.readouterr() == ("", "")
