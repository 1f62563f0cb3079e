"""One person's whole story: `people show`, `pairs --person`, `sessions --person`."""

from __future__ import annotations

import json

import pytest

from tests.pairing import add_pair, days_ago

GOAL = "Run the brand account alone"


@pytest.fixture
def history(enrolled):
    """Dana: first with Bo (ended), now with Ana; sessions, check-ins, goals."""
    old = add_pair(enrolled, "bo@example.com", "dana@example.com", days_ago=60)
    for day in (55, 41):
        enrolled("log", "--pair", str(old), "--date", days_ago(day), "--no-input")
    enrolled(
        "pairs", "end", "bo@example.com", "dana@example.com", "--date", days_ago(35)
    )
    current = add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=30)
    enrolled("log", "--pair", str(current), "--date", days_ago(3), "--no-input")
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=30)
    enrolled(
        "goals", "add", str(current), GOAL, "--due", days_ago(1), "--date", days_ago(5)
    )
    enrolled("goals", "add", str(current), "Post weekly", "--date", days_ago(10))
    enrolled("goals", "done", "2", "--date", days_ago(3))
    for phase, score in (("baseline", 2), ("final", 4)):
        enrolled(
            "checkin", "dana@example.com", "--topic", "TikTok", "--score", str(score),
            "--phase", phase,
        )  # fmt: skip
    enrolled.old, enrolled.current = old, current
    return enrolled


def test_people_show_json_tells_the_whole_story(history):
    result = history("people", "show", "dana@example.com", "--format", "json")
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)
    assert story["email"] == "dana@example.com" and story["role"] == "mentee"
    now, before = story["pairs"]
    assert (now["pair_id"], now["partner"], now["partner_role"]) == (
        history.current,
        "ana@example.com",
        "mentor",
    )
    # Paired 30 days ago, met 3 days ago: the first meeting's grace (one
    # cadence) leaves 1 session expected, so the pair is on track.
    assert (now["status"], now["held"], now["expected"]) == ("on track", 1, 1)
    assert now["last_session"] == days_ago(3) and now["ended_on"] is None
    assert now["goals"]["set"] == 2 and now["goals"]["overdue"] == 1
    assert (before["partner"], before["status"], before["held"]) == (
        "bo@example.com",
        "ended",
        2,
    )
    assert (before["expected"], before["ended_on"]) == (0, days_ago(35))
    # The pair's own goals, under the pair; the one past its due day is overdue.
    assert [(g["id"], g["status"]) for g in now["goals"]["items"]] == [
        (1, "overdue"),
        (2, "done"),
    ]
    assert before["goals"]["items"] == []
    assert story["checkins"] == [{"topic": "TikTok", "baseline": 2, "final": 4}]
    goals = story["pair_goals"]
    assert (goals["set"], goals["reached"], goals["open"], goals["overdue"]) == (
        2,
        1,
        1,
        1,
    )
    assert all("text" not in item for item in now["goals"]["items"])
    assert GOAL not in result.stdout


def test_people_show_goal_words_only_with_include_notes(history):
    table = history("people", "show", "dana@example.com")
    assert table.exit_code == 0, table.output
    assert f"pair #{history.current}" in table.stdout
    assert "Ana Ruiz" in table.stdout and "check-in: TikTok" in table.stdout
    assert "baseline 2, final 4" in table.stdout
    assert "2 set, 1 reached, 1 open (1 overdue)" in table.stdout
    assert GOAL not in table.stdout
    noted = history("people", "show", "dana@example.com", "--include-notes")
    assert GOAL in noted.stdout
    data = json.loads(
        history(
            "people", "show", "dana@example.com", "--include-notes", "-f", "json"
        ).stdout
    )
    assert GOAL in [item.get("text") for item in data["pairs"][0]["goals"]["items"]]
    assert f"{GOAL} (overdue {days_ago(1)})" in noted.stdout


def test_people_show_for_someone_never_paired(enrolled):
    result = enrolled("people", "show", "sam@example.com", "--format", "json")
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)
    assert story["pairs"] == [] and story["checkins"] == []
    assert story["pair_goals"]["set"] == 0


def test_pairs_and_sessions_filter_by_either_side(history):
    def ids(*argv) -> list:
        result = history(*argv, "--format", "json")
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids("pairs", "--person", "DANA@example.com") == [history.current]
    assert sorted(ids("pairs", "--person", "dana@example.com", "--all")) == sorted(
        [history.old, history.current]
    )
    assert len(ids("pairs", "--person", "bo@example.com", "--all")) == 2
    assert len(ids("sessions", "--person", "dana@example.com")) == 3
    assert len(ids("sessions", "--person", "bo@example.com")) == 2
    assert len(ids("sessions", "--person", "ana@example.com")) == 1


@pytest.mark.parametrize("command", ["pairs", "sessions"])
def test_person_filter_names_an_unknown_email(history, command):
    result = history(command, "--person", "nobody@example.com")
    assert result.exit_code == 1
    assert "No participant with email nobody@example.com" in result.stderr


def test_the_story_counts_only_sessions_up_to_today():
    from datetime import date

    from revmentor.domain.models import Participant
    from revmentor.domain.pairing.pairs import StoredPair
    from revmentor.domain.people.story import tell_story

    day = date(2027, 1, 4)
    pair = StoredPair(
        1, "m@example.com", "M", None, "e@example.com", "E", None, 1, day, 0.5,
        [], [], False, "active", None, None, None, None, None,
    )  # fmt: skip
    later = [date(2027, 1, 9), date(2027, 2, 14), date(2027, 3, 1)]
    story = tell_story(
        Participant("e@example.com", "E", "mentee"),
        pairs=[pair],
        session_days=[(1, day) for day in later],
        checkins=[],
        goals=[],
        cadence_days=14,
        today=date(2027, 2, 13),
        include_private=False,
        include_notes=False,
    )
    chapter = story["pairs"][0]
    assert (chapter["held"], chapter["last_session"]) == (1, date(2027, 1, 9))
    assert chapter["status"] == "stalled"
