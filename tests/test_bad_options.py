"""Systematic bad values on the command line: one sentence, the right exit code,
nothing written, no traceback."""

from __future__ import annotations

import json

import pytest

LONG = "x" * 5000
RTL = "مريم الأحمد"

REFUSED = [
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "   ",
            "--email",
            "z@x.com",
        ],
        "Cannot enroll: a name is required",
    ),
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "z@x.com",
            "--level",
            "9" * 25,
        ],
        "too large",
    ),
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "z@x.com",
            "--level",
            "",
        ],
        None,
    ),  # empty level: accepted as "not known"
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "z@x.com",
            "--capacity",
            "1.5",
        ],
        "whole number",
    ),
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "@x.com",
        ],
        "not a valid email",
    ),
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "Z@X.com",
            "--manager",
            "z@x.com",
        ],
        "their own manager",
    ),
    (["people", "update", "ana@example.com", "--name", ""], "a name is required"),
    (["people", "update", "ana@example.com", "--capacity", "-1"], "from 1 to 100"),
    # Whole numbers out of bounds are bad data (exit 1) on every command alike.
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "z@x.com",
            "--capacity",
            "0",
        ],
        "capacity must be from 1 to 100, not 0",
    ),
    (["init", "--no-input", "--cadence-days", "0"], "cadence_days must be from 1"),
    (["init", "--no-input", "--cadence-days", "fortnightly"], "--cadence-days must be"),
    (
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "Z",
            "--email",
            "z@x.com",
            "--capacity",
            "lots",
        ],
        "--capacity must be a whole number",
    ),
    (["init", "--no-input", "--length-weeks", "1000000000"], "length_weeks must be"),
    (["people", "show", ""], "Give the person's email"),
    (["init", "--no-input", "--name", ""], "a name is required"),
    (
        ["pairs", "end", "ana@example.com", "dana@example.com", "--reason", "  "],
        "--reason cannot be empty",
    ),
    (["pairs", "end", "ANA@example.com", "sam@example.com"], "are not an active pair"),
]


@pytest.mark.parametrize("argv, message", REFUSED)
def test_refused_with_one_sentence(enrolled, argv, message):
    before = enrolled.dump()
    result = enrolled(*argv)
    if message is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith(".")
    assert "Traceback" not in result.output
    assert enrolled.dump() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["pairs", "--round", "first"],
        ["people", "--format", "xml"],
        ["pair", "--format", "pdf"],
        ["enroll", "--no-input", "--name", "Z"],
        ["people", "update", "ana@example.com", "--role", "chief"],
        ["people", "--role", ""],
        ["people", "leave", "ana@example.com", "--date", "2027-02-30"],
        ["init", "--no-input", "--start", "9999-12-31"],
        ["init", "--no-input", "--start", "2027-02-30"],
        ["init", "--no-input", "--start", "next monday"],
        ["pair", "--date", ""],
        ["pair", "--date", "2027-02-30"],
        ["init", "--no-input", "--smtp-security", "tls"],
    ],
)
def test_bad_usage_exits_2(enrolled, argv):
    before = enrolled.dump()
    result = enrolled(*argv)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error: " in result.stderr
    assert enrolled.dump() == before


def test_long_unicode_and_right_to_left_text_round_trips(enrolled):
    result = enrolled(
        "enroll",
        "--no-input",
        "--role",
        "mentee",
        "--name",
        RTL,
        "--email",
        "Maryam@Example.com",
        "--goals",
        LONG,
        "--department",
        "‏المالية",
    )
    assert result.exit_code == 0, result.output
    person = json.loads(
        enrolled("people", "show", "maryam@example.com", "--format", "json").stdout
    )
    assert person["name"] == RTL
    assert person["goals"] == LONG
    assert person["email"] == "maryam@example.com"
    table = enrolled("people").stdout
    assert RTL in table


def test_emails_differing_only_in_case_are_one_person(enrolled):
    assert enrolled("people", "pause", "ANA@EXAMPLE.COM").exit_code == 0
    shown = json.loads(
        enrolled("people", "show", "Ana@Example.Com", "--format", "json").stdout
    )
    assert shown["status"] == "paused"
    assert (
        len(enrolled.rows("SELECT * FROM participants WHERE email LIKE 'ana@%'")) == 1
    )


@pytest.mark.parametrize(
    "address",
    ["a..b@x.com", ".a@x.com", "a.@x.com", "a@-x.com", "a@x-.com", "a@x..com"],
)
def test_malformed_emails_are_refused(enrolled, address):
    result = enrolled(
        "enroll", "--no-input", "--role", "mentor", "--name", "Z", "--email", address
    )
    assert result.exit_code == 1
    assert "not a valid email address" in result.stderr


def test_empty_db_option_is_refused(enrolled):
    from revmentor.cli import app

    result = enrolled.runner.invoke(app, ["--db", "", "people"])
    assert result.exit_code == 1
    assert "--db needs a file name" in result.stderr
