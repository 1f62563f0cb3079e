"""`revmentor remind` and `revmentor messages`: who is nudged, what they are
told, and that nobody is nudged twice within a cadence."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.pairing import add_pair, days_ago

SECRET_NOTE = "SECRET-NOTE-77"


def _log(cli, mentor: str, mentee: str, ago: int, **extra: str) -> None:
    args = ["log", "--mentor", mentor, "--mentee", mentee, "--date", days_ago(ago)]
    args += ["--minutes", "45", "--no-input"]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", value]
    result = cli(*args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def program(enrolled):
    """Cadence 14 days. Ana–Dana paired 50 days ago, met 10 days ago: behind
    (1 of 2). Bo–Sam paired 50 days ago, never met: stalled."""
    enrolled.ana_dana = add_pair(
        enrolled,
        "ana@example.com",
        "dana@example.com",
        days_ago=50,
        reasons=[
            "covers 1 of 2 topics Dana Lee wants: TikTok",
            "brings a different gender",
        ],
    )
    enrolled.bo_sam = add_pair(
        enrolled, "bo@example.com", "sam@example.com", days_ago=50
    )
    _log(
        enrolled,
        "ana@example.com",
        "dana@example.com",
        10,
        notes=SECRET_NOTE,
        mentee_rating="1",
        fit="poor",
    )
    return enrolled


def _json(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_pairs_are_chosen_by_the_reports_rule(program):
    report = _json(program("report", "--format", "json"))
    status = {(p["mentor"], p["mentee"]): p["status"] for p in report["pairs"]}
    assert status == {
        ("ana@example.com", "dana@example.com"): "behind",
        ("bo@example.com", "sam@example.com"): "stalled",
    }
    reminders = _json(program("remind", "--format", "json", "--dry-run"))
    assert {(r["mentor"], r["mentee"]): r["status"] for r in reminders} == status
    # On another day the same rule gives another answer, for both commands.
    as_of = days_ago(15)
    report = _json(program("report", "--format", "json", "--as-of", as_of))
    reminders = _json(
        program("remind", "--format", "json", "--as-of", as_of, "--dry-run")
    )
    expected = {
        (p["mentor"], p["mentee"])
        for p in report["pairs"]
        if p["status"] in ("behind", "stalled")
    }
    assert {(r["mentor"], r["mentee"]) for r in reminders} == expected


def test_status_chooses_which_pairs(program):
    reminders = _json(
        program("remind", "--status", "stalled", "--format", "json", "--dry-run")
    )
    assert [r["mentee"] for r in reminders] == ["sam@example.com"]
    result = program("remind", "--status", "on-track")
    assert result.exit_code == 2
    assert "Invalid value for '--status'" in result.stderr
    assert "'behind', 'stalled'" in result.stderr


def test_a_reminder_says_what_is_so_and_what_to_do(program):
    assert (
        program(
            "init", "--no-input", "--session-form-url", "https://forms.example.com/s"
        ).exit_code
        == 0
    )
    result = program(
        "remind", "--format", "markdown", "--status", "behind", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in (
        "Hello Ana and Dana,",
        "You have held 1 of the 2 sessions expected by now",
        f"- **Sessions held:** 1 of 2 expected by {date.today()}",
        f"- **Last session:** {days_ago(10)} (10 days ago)",
        "- **Cadence:** a session every 14 days, about 45 minutes each",
        f"1. Book your next session before {date.today() + timedelta(days=7)}",
        "2. After the session, record it here: https://forms.example.com/s",
    ):
        assert expected in text, expected
    stalled = program(
        "remind", "--format", "markdown", "--status", "stalled", "--dry-run"
    )
    assert (
        "It has been 50 days since you were paired, and you have not met yet"
        in stalled.stdout
    )
    assert "a pause or a new partner can be arranged" in stalled.stdout


def test_nothing_private_in_any_reminder(program, tmp_path):
    result = program("goals", "add", str(program.ana_dana), "GOAL-TEXT-SECRET")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out"
    result = program("remind", "--output", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    everything = "".join(p.read_text() for p in folder.iterdir())
    # A goal is the pair's own: in their reminder, in no other pair's.
    goal_in = {
        tuple(json.loads(p.read_text())["to"]): "GOAL-TEXT-SECRET" in p.read_text()
        for p in folder.iterdir()
    }
    assert goal_in == {
        ("ana@example.com", "dana@example.com"): True,
        ("bo@example.com", "sam@example.com"): False,
    }
    for private in (
        SECRET_NOTE,
        "poor",
        "gender",
        "female",
        "rating",
        "Marketing",
    ):
        assert private not in everything, private
    for record in (json.loads(p.read_text()) for p in folder.iterdir()):
        assert sorted(record["to"]) in (
            ["ana@example.com", "dana@example.com"],
            ["bo@example.com", "sam@example.com"],
        )
        assert record["cc"] == []


def test_not_reminded_again_within_a_cadence(program):
    first = program("remind", "--format", "json")
    assert len(_json(first)) == 2
    again = program("remind", "--format", "json")
    assert _json(again) == []
    assert "Skipped 2 already reminded within the last 14 days" in again.stderr
    assert "everyone due was reminded recently" in again.stderr
    assert len(_json(program("remind", "--again", "--format", "json"))) == 2
    # A cadence later they are due again.
    later = (date.today() + timedelta(days=15)).isoformat()
    assert (
        len(_json(program("remind", "--as-of", later, "--format", "json", "--dry-run")))
        == 2
    )


def test_messages_lists_what_went_out(program):
    assert program("remind", "--format", "markdown").exit_code == 0
    rows = _json(program("messages", "--format", "json"))
    assert [(r["kind"], r["how"], r["status"]) for r in rows] == [
        ("remind", "terminal", "draft")
    ] * 2
    assert {r["pair"] for r in rows} == {program.ana_dana, program.bo_sam}
    assert sorted(rows[0]["to"]) in (
        ["ana@example.com", "dana@example.com"],
        ["bo@example.com", "sam@example.com"],
    )
    assert _json(program("messages", "--kind", "intro", "--format", "json")) == []
    mine = _json(program("messages", "--person", "SAM@example.com", "--format", "json"))
    assert [r["pair"] for r in mine] == [program.bo_sam]
    result = program("messages", "--kind", "spam")
    assert result.exit_code == 2 and "Invalid value for '--kind'" in result.stderr
    assert "'intro', 'remind', 'checkin-reminder'" in result.stderr


def test_messages_when_nothing_was_sent(program):
    result = program("messages")
    assert result.exit_code == 0
    assert "No messages yet" in result.stderr


def test_messages_of_one_kind_name_that_kind_when_there_are_none(program):
    assert program("intro", "--all").exit_code == 0
    result = program("messages", "--kind", "remind")
    assert result.exit_code == 0
    assert "No reminders yet: " in result.stderr


def test_no_reminders_once_the_program_has_ended(program):
    """Started 10 weeks ago for 7 weeks (it ended 21 days ago): nobody is
    nudged any more; on its last day the same pairs were."""
    start = date.today() - timedelta(weeks=10)
    init = ["init", "--no-input", "--start", start.isoformat()]
    assert program(*init, "--length-weeks", "7").exit_code == 0
    result = program("remind", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"the program has ended (on {days_ago(21)}) as of" in result.stderr
    before = ["--as-of", days_ago(22), "--format", "json", "--dry-run"]
    assert len(_json(program("remind", *before))) == 2


def test_checkin_reminders_name_the_phase_and_topics(program):
    assert (
        program(
            "init", "--no-input", "--checkin-form-url", "https://forms.example.com/c"
        ).exit_code
        == 0
    )
    result = program(
        "checkin",
        "dana@example.com",
        "--topic",
        "TikTok",
        "--score",
        "2",
        "--phase",
        "baseline",
        "--date",
        days_ago(30),
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    reminders = _json(program("remind", "--checkins", "--format", "json", "--dry-run"))
    by_person = {r["participant"]: r for r in reminders}
    # Dana did her baseline; the other three have not, 50 days after pairing.
    assert sorted(by_person) == ["ana@example.com", "bo@example.com", "sam@example.com"]
    sam = by_person["sam@example.com"]
    assert sam["to"] == ["sam@example.com"]
    assert (sam["phase"], sam["overdue"]) == ("baseline", True)
    assert sam["topics"] == ["AI assistants"]
    assert "https://forms.example.com/c" in sam["markdown"]
    assert "- AI assistants" in sam["markdown"]
    assert sam["subject"] == "Test Program: your baseline check-in"


def test_checkin_reminders_follow_the_program_calendar(program):
    start = date.today() - timedelta(weeks=14)
    assert (
        program(
            "init", "--no-input", "--start", start.isoformat(), "--length-weeks", "26"
        ).exit_code
        == 0
    )
    topics = {
        "ana@example.com": "Coaching a senior leader",
        "bo@example.com": "Coaching a senior leader",
        "dana@example.com": "TikTok",
        "sam@example.com": "AI assistants",
    }
    for email, topic in topics.items():
        result = program(
            "checkin",
            email,
            "--phase",
            "baseline",
            "--score",
            "3",
            "--topic",
            topic,
            "--date",
            days_ago(35),
            "--no-input",
        )
        assert result.exit_code == 0, result.output
    reminders = _json(program("remind", "--checkins", "--format", "json", "--dry-run"))
    assert {r["phase"] for r in reminders} == {"midpoint"}
    assert all(
        r["due_on"] == (start + timedelta(weeks=13)).isoformat() for r in reminders
    )


def test_nothing_to_remind(enrolled):
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=3)
    result = enrolled("remind")
    assert result.exit_code == 0
    assert "Nothing to send: no pair is behind or stalled" in result.stderr
    assert enrolled("remind", "--format", "json").stdout == "[]\n"
    assert enrolled.rows("SELECT * FROM messages") == []


def test_messages_survive_a_backup_and_bad_rows_are_refused(program, tmp_path):
    from tests.conftest import Cli

    assert program("init", "--no-input", "--mail-from", "c@example.com").exit_code == 0
    assert program("remind", "--format", "markdown").exit_code == 0
    backup = tmp_path / "backup.json"
    assert program("export", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    assert len(document["tables"]["messages"]) == 2
    restored = Cli(tmp_path / "restored.db")
    result = restored("restore", str(backup))
    assert result.exit_code == 0, result.output
    assert _json(restored("messages", "--format", "json")) == _json(
        program("messages", "--format", "json")
    )
    document["tables"]["messages"][0]["status"] = "sent"  # yet written to a file
    backup.write_text(json.dumps(document))
    result = Cli(tmp_path / "other.db")("restore", str(backup))
    assert result.exit_code == 1
    assert "row 1 of messages" in result.stderr
    document["tables"]["messages"][0]["status"] = "written"
    document["tables"]["program"][0]["session_form_url"] = "ftp://nope"
    backup.write_text(json.dumps(document))
    result = Cli(tmp_path / "third.db")("restore", str(backup))
    assert result.exit_code == 1
    assert "session_form_url must be a web address" in result.stderr
