"""`revmentor enroll` answered at its questionary prompts."""

from __future__ import annotations

import json

from tests.prompting import BACKSPACE, CTRL_C, DOWN, ENTER, SPACE, typed


def test_enroll_mentor_by_prompts_with_a_reasked_email(enrolled, monkeypatch):
    keys = [
        ENTER,  # role: mentor is first
        "Lee Wu" + ENTER,
        "lee-at-example" + ENTER,  # refused: re-asked with the reason
        BACKSPACE * len("lee-at-example") + "lee@example.com" + ENTER,
        "Analyst" + ENTER,
        "3" + ENTER,
        "Finance" + ENTER,
        "Sam Ortiz <sam@example.com>" + ENTER,  # as the autocompletion writes it
        DOWN + SPACE + ENTER,  # ticks the second catalogue topic: AI assistants
        "Podcasts" + ENTER,
        "Learn how leaders think" + ENTER,
        BACKSPACE + "2" + ENTER,  # capacity: replace the default 1 with 2
        "Europe/Madrid" + ENTER,
        "Dana Lee <dana@example.com>" + ENTER,  # 1st choice, picked from mentees
        "nobody@example.com" + ENTER,  # not an enrolled mentee: re-asked
        BACKSPACE * len("nobody@example.com") + ENTER,  # no 2nd choice: done
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = enrolled("enroll")
    assert result.exit_code == 0, result.output
    assert "Enrolled Lee Wu <lee@example.com> as a mentor" in result.stderr
    lee = enrolled.rows("SELECT * FROM participants WHERE email='lee@example.com'")[0]
    assert lee["role"] == "mentor"
    assert lee["level"] == 3
    assert lee["department"] == "Finance"
    assert lee["manager"] == "sam@example.com"
    assert json.loads(lee["teaches"]) == ["AI assistants", "Podcasts"]
    assert lee["capacity"] == 2
    assert lee["timezone"] == "Europe/Madrid"
    assert json.loads(lee["prefers"]) == ["dana@example.com"]


def test_enroll_mentee_by_prompts_with_flag_prefilled(enrolled, monkeypatch):
    keys = [
        DOWN + ENTER,  # role: mentee
        "Kim Park" + ENTER,
        "Chief Operating Officer" + ENTER,
        "9" + ENTER,
        "Operations" + ENTER,
        ENTER,  # manager
        SPACE + ENTER,  # TikTok
        ENTER,  # no other topics
        "Run our brand account" + ENTER,
        ENTER,  # time zone
        ENTER,  # no preferred mentor
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = enrolled("enroll", "--email", "KIM@example.com")
    assert result.exit_code == 0, result.output
    kim = enrolled.rows("SELECT * FROM participants WHERE email='kim@example.com'")[0]
    assert kim["role"] == "mentee"
    assert kim["name"] == "Kim Park"
    assert json.loads(kim["learns"]) == ["TikTok"]
    assert kim["goals"] == "Run our brand account"
    assert kim["capacity"] == 1


def test_enroll_duplicate_email_is_reasked(enrolled, monkeypatch):
    keys = [
        DOWN + ENTER,
        "Dana Two" + ENTER,
        "DANA@example.com" + ENTER,  # taken: re-asked
        BACKSPACE * 16 + "dana2@example.com" + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # no preferred mentor
        "y",
    ]
    with typed(monkeypatch, *keys):
        result = enrolled("enroll")
    assert result.exit_code == 0, result.output
    assert enrolled.rows(
        "SELECT name FROM participants WHERE email='dana2@example.com'"
    )


def test_ctrl_c_saves_nothing(enrolled, monkeypatch):
    before = enrolled.dump()
    with typed(monkeypatch, ENTER, "Half Done" + ENTER, CTRL_C):
        result = enrolled("enroll")
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert enrolled.dump() == before


def test_declining_the_summary_saves_nothing(enrolled, monkeypatch):
    before = enrolled.dump()
    keys = [ENTER, "Nope" + ENTER, "nope@example.com" + ENTER]
    keys += [ENTER] * 10 + ["n"]  # ten optional questions for a mentor
    with typed(monkeypatch, *keys):
        result = enrolled("enroll")
    assert result.exit_code == 0
    assert "Nothing saved" in result.stderr
    assert enrolled.dump() == before
