"""`revmentor goals`: what a pair set out to do, through every way in."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from tests.pairing import add_pair, days_ago
from tests.prompting import ENTER, SPACE, typed

ESC_ENTER = "\x1b" + ENTER
GOAL = "Post weekly on LinkedIn"


@pytest.fixture
def paired(enrolled):
    """Ana → Dana and Bo → Sam, made 30 days ago."""
    enrolled.ana_dana = add_pair(enrolled, "ana@example.com", "dana@example.com")
    enrolled.bo_sam = add_pair(enrolled, "bo@example.com", "sam@example.com")
    return enrolled


def _goals(cli) -> list[dict]:
    return cli.rows("SELECT * FROM pair_goals ORDER BY id")


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _refused(cli, *argv, code: int = 1) -> str:
    before = cli.dump()
    result = cli(*argv)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert cli.dump() == before
    return result.stderr


# ---------------------------------------------------------------- add


@pytest.mark.parametrize("named", ["dana@example.com", "ANA@example.com", "Dana", "1"])
def test_add_names_the_pair_by_either_person_or_its_number(paired, named):
    result = _ok(paired("goals", "add", named, GOAL, "--due", "2999-01-01"))
    assert "Added goal #1 for Ana Ruiz → Dana Lee, due 2999-01-01." in result.stderr
    (row,) = _goals(paired)
    assert row["pair_id"] == paired.ana_dana
    assert (row["text"], row["due"], row["created_on"]) == (
        GOAL,
        "2999-01-01",
        date.today().isoformat(),
    )
    assert row["done_on"] is None and row["dropped_on"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dana@example.com", "   "], "Cannot add the goal: a goal cannot be empty."),
        (["dana@example.com", "x" * 301], "at most 300 characters"),
        (
            ["dana@example.com", GOAL, "--due", days_ago(40)],
            f"the due date {days_ago(40)} is before the pair was made",
        ),
        (["nobody@example.com", GOAL], "No participant with email nobody@"),
        (["dana@exmple.com", GOAL], "did you mean dana@example.com?"),
        (["99", GOAL], "No pair #99"),
    ],
)
def test_add_refusals_write_nothing(paired, argv, message):
    assert message in _refused(paired, "goals", "add", *argv)


def test_add_bad_due_date_is_a_usage_error(paired):
    stderr = _refused(paired, "goals", "add", "dana", GOAL, "--due", "soon", code=2)
    assert "'--due': must be a real date written YYYY-MM-DD, not 'soon'" in stderr


def test_add_refuses_an_ended_pair_and_asks_which_of_several(paired):
    add_pair(paired, "bo@example.com", "dana@example.com")
    many = _refused(paired, "goals", "add", "bo@example.com", GOAL)
    assert "is in 2 active pairs" in many and "give the pair's number" in many
    paired("pairs", "end", "ana@example.com", "dana@example.com")
    ended = _refused(paired, "goals", "add", str(paired.ana_dana), GOAL)
    assert "goals are set by active pairs" in ended


# ---------------------------------------------------------------- list


@pytest.fixture
def with_goals(paired):
    set_on = ("--date", days_ago(20))
    _ok(paired("goals", "add", "dana@example.com", GOAL, "--due", days_ago(1), *set_on))
    _ok(paired("goals", "add", "sam@example.com", "Use an AI assistant daily", *set_on))
    _ok(paired("goals", "add", "sam@example.com", "Record a podcast", *set_on))
    _ok(paired("goals", "done", "2", "--date", days_ago(3)))
    _ok(paired("goals", "drop", "3"))
    return paired


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_listing_keeps_the_words_private_unless_asked(with_goals, fmt):
    hidden = _ok(with_goals("goals", "--format", fmt)).stdout
    assert GOAL not in hidden and "podcast" not in hidden
    shown = _ok(with_goals("goals", "--include-notes", "--format", fmt)).stdout
    assert "LinkedIn" in shown


def test_listing_json_gives_status_dates_and_overdue(with_goals):
    records = json.loads(_ok(with_goals("goals", "--format", "json")).stdout)
    by_id = {r["id"]: r for r in records}
    assert by_id[1]["status"] == "open" and by_id[1]["overdue"] is True
    assert by_id[1]["mentor"] == "ana@example.com"
    assert by_id[2]["status"] == "done" and by_id[2]["done_on"] == days_ago(3)
    assert by_id[3]["status"] == "dropped" and by_id[3]["overdue"] is False
    assert "text" not in by_id[1]


def test_listing_filters_by_pair_and_open(with_goals):
    sam = json.loads(
        _ok(with_goals("goals", "--pair", "Sam Ortiz", "--format", "json")).stdout
    )
    assert [r["id"] for r in sam] == [2, 3]
    still_open = json.loads(_ok(with_goals("goals", "--open", "-f", "json")).stdout)
    assert [r["id"] for r in still_open] == [1]
    rows = list(
        csv.DictReader(io.StringIO(_ok(with_goals("goals", "-f", "csv")).stdout))
    )
    assert rows[0]["overdue"] in ("yes", "true", "True")


# ---------------------------------------------------------------- done, drop


def test_done_and_drop_refusals(with_goals):
    assert "it was already reached on" in _refused(with_goals, "goals", "done", "2")
    assert "it was dropped on" in _refused(with_goals, "goals", "done", "3")
    assert "it was already reached on" in _refused(with_goals, "goals", "drop", "2")
    future = (date.today() + timedelta(days=2)).isoformat()
    assert "is in the future" in _refused(
        with_goals, "goals", "done", "1", "--date", future
    )
    assert "before the pair was made" in _refused(
        with_goals, "goals", "done", "1", "--date", days_ago(31)
    )
    assert "No goal #9" in _refused(with_goals, "goals", "done", "9")
    assert "A goal ID is a number" in _refused(with_goals, "goals", "drop", "first")


def test_a_closed_goal_is_refused_as_closed_whatever_the_day(with_goals):
    # Being reached already is the refusal that matters, not the day given.
    future = (date.today() + timedelta(days=2)).isoformat()
    refused = _refused(with_goals, "goals", "done", "2", "--date", future)
    assert "it was already reached on" in refused and "future" not in refused


def test_drop_on_a_past_day_shows_in_a_report_as_of_then(with_goals):
    result = _ok(with_goals("goals", "drop", "1", "--date", days_ago(10)))
    assert f"Dropped goal #1 of Ana Ruiz → Dana Lee on {days_ago(10)}." in result.stderr
    assert _goals(with_goals)[0]["dropped_on"] == days_ago(10)

    def dana_goals(as_of: str) -> dict:
        argv = ("report", "--as-of", as_of, "--format", "json")
        pairs = json.loads(_ok(with_goals(*argv)).stdout)["pairs"]
        return next(p["goals"] for p in pairs if p["mentee"] == "dana@example.com")

    assert (dana_goals(days_ago(9))["dropped"], dana_goals(days_ago(11))["open"]) == (
        1,
        1,
    )
    _ok(with_goals("goals", "add", "sam", "Host a town hall", "--date", days_ago(20)))
    set_on = "was set on " + days_ago(20)
    assert set_on in _refused(with_goals, "goals", "drop", "4", "--date", days_ago(25))


def test_done_after_the_pair_ended_must_fall_within_it(with_goals):
    _ok(
        with_goals(
            "pairs", "end", "ana@example.com", "dana@example.com", "--date", days_ago(5)
        )
    )
    assert "after the pair ended" in _refused(with_goals, "goals", "done", "1")
    _ok(with_goals("goals", "done", "1", "--date", days_ago(6)))


def test_a_goal_cannot_be_reached_before_it_was_set(paired):
    _ok(paired("goals", "add", "dana@example.com", GOAL, "--date", days_ago(4)))
    assert _goals(paired)[0]["created_on"] == days_ago(4)
    stderr = _refused(paired, "goals", "done", "1", "--date", days_ago(5))
    assert f"goal #1 was set on {days_ago(4)}, after {days_ago(5)}" in stderr
    stderr = _refused(
        paired, "log", "--pair", "1", "--date", days_ago(6), "--goal-reached", "1",
        "--no-input",
    )  # fmt: skip
    assert "Cannot log the session: goal #1 was set on" in stderr
    _ok(paired("goals", "done", "1", "--date", days_ago(4)))
    future = (date.today() + timedelta(days=1)).isoformat()
    assert "is in the future" in _refused(
        paired, "goals", "add", "dana@example.com", "Later", "--date", future
    )
    assert "before the pair was made" in _refused(
        paired, "goals", "add", "dana@example.com", "Earlier", "--date", days_ago(31)
    )


# ---------------------------------------------------------------- log


def test_log_goal_reached_flag_marks_it_on_the_session_day(with_goals):
    result = with_goals(
        "log", "--pair", "1", "--date", days_ago(2), "--goal-reached", "1",
        "--no-input",
    )  # fmt: skip
    _ok(result)
    assert "Marked 1 goal reached: #1." in result.stderr
    assert _goals(with_goals)[0]["done_on"] == days_ago(2)


@pytest.mark.parametrize("goal", ["2", "3", "7", "abc"])
def test_log_goal_reached_must_be_an_open_goal_of_the_pair(with_goals, goal):
    stderr = _refused(
        with_goals, "log", "--pair", "2", "--goal-reached", goal, "--no-input"
    )
    assert "--goal-reached" in stderr and "is not an open goal of this pair" in stderr


def test_log_asks_which_goal_was_reached(with_goals, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    with_goals("log", "--pair", "1", "--date", days_ago(9), "--no-input")
    keys = [
        "dana" + ENTER,
        ENTER,  # date
        ENTER,  # minutes
        ENTER,  # topics
        ENTER,  # other topics
        ESC_ENTER,  # notes
        ENTER,
        ENTER,  # ratings
        SPACE + ENTER,  # goals reached: ticks goal #1
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = with_goals("log")
    _ok(result)
    assert "Marked 1 goal reached: #1." in result.stderr
    assert _goals(with_goals)[0]["done_on"] == date.today().isoformat()


def test_log_asks_only_about_goals_set_by_the_session_day(paired, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    _ok(paired("log", "--pair", "1", "--date", days_ago(9), "--no-input"))
    _ok(paired("goals", "add", "dana@example.com", GOAL))  # set today
    keys = [
        "dana" + ENTER,
        "\x7f" * 10 + days_ago(3) + ENTER,  # date: three days ago
        ENTER,  # minutes
        ENTER,  # topics
        ENTER,  # other topics
        ESC_ENTER,  # notes
        ENTER,
        ENTER,  # ratings
        "y",  # no goal question: the only goal was set after that day
    ]
    with typed(monkeypatch, *keys):
        result = paired("log")
    _ok(result)
    assert "goal" not in result.stderr.lower()
    assert paired.rows("SELECT date FROM sessions ORDER BY id")[-1] == {
        "date": days_ago(3)
    }
    assert _goals(paired)[0]["done_on"] is None


# ---------------------------------------------------------------- the database


def test_goal_progress_view_gives_counts_and_no_words(with_goals):
    rows = with_goals.rows("SELECT * FROM goal_progress ORDER BY pair_id")
    assert rows[0]["mentee"] == "dana@example.com"
    assert (rows[0]["goals_set"], rows[0]["open"], rows[0]["overdue"]) == (1, 1, 1)
    assert (rows[1]["goals_set"], rows[1]["reached"], rows[1]["dropped"]) == (2, 1, 1)
    assert rows[1]["last_reached"] == days_ago(3)
    for row in rows:
        assert not any(isinstance(v, str) and "LinkedIn" in v for v in row.values())
        assert "text" not in row


def test_goals_survive_export_and_restore(with_goals, tmp_path):
    backup = tmp_path / "backup.json"
    _ok(with_goals("export", "--output", str(backup)))
    document = json.loads(backup.read_text())
    assert [g["text"] for g in document["tables"]["pair_goals"]][0] == GOAL
    before = _goals(with_goals)
    _ok(with_goals("goals", "add", "dana@example.com", "Something new"))
    _ok(with_goals("restore", str(backup), "--replace"))
    assert _goals(with_goals) == before


# ---------------------------------------------------------------- rosters

ROSTER = """\
participants:
  - {name: Ana Ruiz, email: ana@x.com, role: mentor, level: 1}
  - {name: Dana Lee, email: dana@x.com, role: mentee, level: 8}
fixed:
  - mentor: ana@x.com
    mentee: dana@x.com
    goals:
      - Post weekly on LinkedIn
      - {text: Use an AI assistant daily, due: 2999-01-01}
"""


def test_roster_goals_of_a_fixed_pair_are_added_when_it_is_made(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER)
    _ok(cli("init", "--no-input"))
    _ok(cli("import", str(roster)))
    assert _goals(cli) == []  # not paired yet: kept with the fixed rule
    _ok(cli("pair"))
    rows = cli.rows("SELECT text, due FROM pair_goals ORDER BY id")
    assert rows == [
        {"text": "Post weekly on LinkedIn", "due": None},
        {"text": "Use an AI assistant daily", "due": "2999-01-01"},
    ]
    _ok(cli("import", str(roster)))  # the same file again adds nothing
    _ok(cli("pair", str(roster)))
    assert len(_goals(cli)) == 2
    roster.write_text(ROSTER + "      - Record a podcast\n")
    _ok(cli("import", str(roster)))  # the pair exists: a new goal is added now
    assert [g["text"] for g in _goals(cli)][-1] == "Record a podcast"


def test_roster_goal_problems_name_the_line(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER.replace("due: 2999-01-01", "due: soon, owner: Ana"))
    _ok(cli("init", "--no-input"))
    before = cli.dump()
    result = cli("pair", str(roster))
    assert result.exit_code == 1, result.output
    assert "line 9, field 'goals' of fixed entry 1" in result.stderr
    assert "the due date must be a real date" in result.stderr
    assert "unknown field 'owner'" in result.stderr
    assert cli.dump() == before
