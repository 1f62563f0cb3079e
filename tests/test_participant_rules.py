"""One rule set for a participant, on every way in: enroll, people
update/pause/resume/leave, import and restore; and the one person lookup."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.conftest import Cli


def enroll(cli: Cli, email: str, role: str = "mentor", *extra: str):
    return cli(
        "enroll",
        "--no-input",
        "--role",
        role,
        "--name",
        email.split("@")[0].title(),
        "--email",
        email,
        *extra,
    )


def test_enroll_refuses_a_manager_loop(cli):
    assert enroll(cli, "ana@x.com", "mentor", "--manager", "bo@x.com").exit_code == 0
    before = cli.dump()
    looped = enroll(cli, "bo@x.com", "mentee", "--manager", "ana@x.com")
    assert looped.exit_code == 1
    assert "reporting line would loop" in looped.stderr
    assert "bo@x.com → ana@x.com → bo@x.com" in looped.stderr
    assert cli.dump() == before


def test_leaving_twice_keeps_the_first_date(enrolled):
    today = date.today().isoformat()
    first = enrolled("people", "leave", "ana@example.com", "--date", today)
    assert first.exit_code == 0, first.output
    again = enrolled("people", "leave", "ana@example.com", "--date", today)
    assert again.exit_code == 1
    assert f"already left the program on {today}" in again.stderr
    (ana,) = enrolled.rows("SELECT left_on FROM participants WHERE email LIKE 'ana%'")
    assert ana["left_on"] == today


def test_leave_records_date_reason_and_leaving_the_organisation(enrolled):
    result = enrolled(
        "people",
        "leave",
        "bo@example.com",
        "--date",
        date.today().isoformat(),
        "--reason",
        "took a job elsewhere",
        "--left-organization",
    )
    assert result.exit_code == 0, result.output
    assert "left the program and the organization" in result.stderr
    (bo,) = enrolled.rows("SELECT * FROM participants WHERE email = 'bo@example.com'")
    assert bo["status"] == "left"
    assert bo["left_reason"] == "took a job elsewhere"
    assert bo["left_organisation_on"] == bo["left_on"] == date.today().isoformat()
    listed = json.loads(enrolled("people", "--format", "json").stdout)
    shown = next(p for p in listed if p["email"] == "bo@example.com")
    assert "left_reason" not in shown  # private, like an end reason
    assert shown["left_organisation_on"] == date.today().isoformat()


def test_someone_who_left_the_program_can_later_leave_the_organisation(enrolled):
    assert enrolled("people", "leave", "bo@example.com").exit_code == 0
    later = enrolled("people", "leave", "bo@example.com", "--left-organization")
    assert later.exit_code == 0, later.output
    assert "recorded that they left the organization" in later.stderr
    again = enrolled("people", "leave", "bo@example.com", "--left-organization")
    assert again.exit_code == 1 and "nothing changed" in again.stderr


def test_resume_clears_when_and_why_they_left(enrolled):
    enrolled(
        "people", "leave", "bo@example.com", "--reason", "moved", "--left-organization"
    )
    assert enrolled("people", "resume", "bo@example.com").exit_code == 0
    (bo,) = enrolled.rows("SELECT * FROM participants WHERE email = 'bo@example.com'")
    assert (
        bo["status"],
        bo["left_on"],
        bo["left_reason"],
        bo["left_organisation_on"],
    ) == (
        "active",
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "when, message",
    [
        ((date.today() + timedelta(days=1)).isoformat(), "is in the future"),
        ("2000-01-01", "before ana@example.com enrolled"),
        ("2026-02-30", "real date"),
    ],
)
def test_leave_dates_that_cannot_be(enrolled, when, message):
    before = enrolled.dump()
    result = enrolled("people", "leave", "ana@example.com", "--date", when)
    assert result.exit_code == (2 if message == "real date" else 1)  # usage error
    assert message in result.stderr
    assert enrolled.dump() == before


def test_leave_may_not_precede_the_persons_sessions(enrolled):
    import sqlite3

    conn = sqlite3.connect(enrolled.db_path)
    conn.execute("UPDATE participants SET enrolled_on = '2020-01-01'")
    conn.execute(
        "INSERT INTO pairs (id, mentor_id, mentee_id, round, paired_on, status) "
        "SELECT 1, a.id, d.id, 1, '2025-01-01', 'active' FROM participants a, "
        "participants d WHERE a.email='ana@example.com' AND d.email='dana@example.com'"
    )
    conn.execute(
        "INSERT INTO sessions (pair_id, date, minutes) VALUES (1, '2026-03-01', 30)"
    )
    conn.commit()
    conn.close()
    before = enrolled.dump()
    result = enrolled("people", "leave", "dana@example.com", "--date", "2026-02-01")
    assert result.exit_code == 1
    assert "is before their last session (2026-03-01)" in result.stderr
    assert enrolled.dump() == before
    fine = enrolled("people", "leave", "dana@example.com", "--date", "2026-03-02")
    assert fine.exit_code == 0, fine.output
    (pair,) = enrolled.rows("SELECT status, ended_on, end_reason FROM pairs")
    assert pair == {
        "status": "ended",
        "ended_on": "2026-03-02",
        "end_reason": "left the program",
    }


@pytest.mark.parametrize(
    "query, found",
    [
        ("ANA@example.com", "ana@example.com"),
        ("Ana Ruiz", "ana@example.com"),
        ("ruiz", "ana@example.com"),
        ("bo@example.com\u200b", "bo@example.com"),
        ("bo@example.com.", "bo@example.com"),
    ],
)
def test_a_person_is_found_by_email_name_or_part(enrolled, query, found):
    result = enrolled("people", "show", query, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["email"] == found


def test_a_miss_suggests_the_closest_person(enrolled):
    result = enrolled("people", "pause", "dana@exmple.com")
    assert result.exit_code == 1
    assert (
        "No participant with email dana@exmple.com; did you mean dana@example.com?"
        in result.stderr
    )


def test_a_part_that_names_several_people_asks_for_more(enrolled):
    result = enrolled("people", "show", "example")
    assert result.exit_code == 1
    assert "matches 4 people" in result.stderr


@pytest.mark.parametrize(
    "flag, value, message",
    [
        ("--name", "Ana\x1b[2J", "control characters (ESC"),
        ("--name", "x" * 10_000, "at most 200 characters"),
        ("--title", "Boss\x07", "control characters"),
        ("--department", "y" * 500, "at most 200 characters"),
        ("--teaches", "TikTok\x1b]0;pwned\x07", "control characters"),
        ("--goals", "z" * 20_000, "at most 10,000 characters"),
        ("--attribute", "gender=f\x1bm", "control characters"),
        ("--email", "a\x1b[2Jb@x.com", "control characters"),
        ("--email", "a\x00b@x.com", "NUL"),
        ("--name", "Jos\udce9", "UTF-8 text"),
    ],
)
def test_bad_text_is_refused_without_echoing_it(enrolled, flag, value, message):
    before = enrolled.dump()
    args = {"--role": "mentor", "--name": "Zed", "--email": "zed@example.com"}
    extra = []
    if flag in args:
        args[flag] = value
    else:
        extra = [flag, value]
    result = enrolled(
        "enroll", "--no-input", *[x for kv in args.items() for x in kv], *extra
    )
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr
    assert len(result.stderr) < 400
    assert enrolled.dump() == before


def test_bidi_overrides_are_removed_from_names(enrolled):
    result = enroll(enrolled, "eve@example.com", "mentor", "--name", "Eve\u202egnp.exe")
    assert result.exit_code == 0, result.output
    (eve,) = enrolled.rows(
        "SELECT name FROM participants WHERE email='eve@example.com'"
    )
    assert eve["name"] == "Evegnp.exe"


@pytest.mark.parametrize(
    "variant",
    [
        "ana@example.com.",
        "ana\u200b@example.com",
        "ANA@EXAMPLE.COM",
        "ana@example.com\ufeff",
    ],
)
def test_email_variants_are_one_person(enrolled, variant):
    result = enroll(enrolled, variant)
    assert result.exit_code == 1
    assert "already enrolled" in result.stderr


def test_unicode_normal_forms_are_one_person(cli):
    assert enroll(cli, "jos\u00e9@example.com").exit_code == 0
    again = enroll(cli, "jose\u0301@example.com")
    assert again.exit_code == 1 and "already enrolled" in again.stderr


def test_roster_refuses_control_characters_with_the_line(cli, tmp_path):
    roster = tmp_path / "r.yaml"
    roster.write_text(
        'participants:\n  - {name: "A\\e[2J", email: a@x.com, role: mentor}\n'
    )
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "control characters" in result.stderr
    assert "\x1b" not in result.stderr


def test_a_device_or_huge_roster_is_refused(cli, tmp_path):
    device = cli("import", "/dev/zero")
    assert device.exit_code == 1 and "not a regular file" in device.stderr
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    result = cli("import", str(big))
    assert result.exit_code == 1 and "larger than 64 MB" in result.stderr


@pytest.mark.parametrize(
    "argv, message",
    [
        (["init", "--no-input", "--start", "9999-12-31"], "must be between"),
        (["init", "--no-input", "--length-weeks", "1000000000"], "length_weeks"),
        (["init", "--no-input", "--start", "2026-W01-1"], "YYYY-MM-DD"),
    ],
)
def test_program_dates_and_lengths_are_bounded(cli, argv, message):
    result = cli(*argv)
    assert result.exit_code == (2 if "--start" in argv else 1)  # a bad option date
    assert message in result.stderr


def test_a_roster_length_past_the_bound_is_refused(cli, tmp_path):
    roster = tmp_path / "p.yaml"
    roster.write_text("program:\n  length_weeks: 1000000000\n")
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert (
        "line 2" in result.stderr
        and "length_weeks must be from 1 to 520" in result.stderr
    )


def test_report_counts_mentors_who_left_the_organisation(enrolled):
    def retention():
        result = enrolled("report", "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["summary"]["retention"]

    assert retention()["in_organisation"] is None  # not recorded for anyone yet
    assert enrolled("people", "leave", "ana@example.com").exit_code == 0
    assert (
        enrolled("people", "leave", "bo@example.com", "--left-organization").exit_code
        == 0
    )
    figures = retention()
    assert (figures["mentors_enrolled"], figures["in_program"]) == (2, 0)
    assert figures["in_organisation"] == 1  # Ana left the program only


def test_exactly_the_control_characters_are_refused_in_every_kind_of_text():
    """One line refuses controls, surrogates and line separators; free text
    also keeps line breaks, tabs and the separators. Checked for every
    character of the Basic Multilingual Plane and a sample beyond it."""
    import unicodedata

    from revmentor.domain.validation import clean_line
    from revmentor.errors import InvalidInput

    def refused(text: str, multiline: bool = False) -> bool:
        try:
            clean_line(text, "the name", multiline=multiline)
        except InvalidInput:
            return True
        return False

    for code in [*range(0x10000), 0x1F600, 0xE0001, 0x10FFFF]:
        char = chr(code)
        category = unicodedata.category(char)
        bad = category in ("Cc", "Cs")
        assert refused(f"a{char}b") == (bad or char in "\u2028\u2029")
        assert refused(f"a{char}b", True) == (bad and char not in "\n\t\r")
