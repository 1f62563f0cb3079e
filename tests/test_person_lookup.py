"""Every command that takes a person finds them the same way: by email, by a unique
name or part of one, and suggests the closest address on a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"
TYPO = "karen.doyl@example.com"


@pytest.fixture
def paired(cli):
    assert cli("pair", str(EXAMPLE), "--date", "2026-10-01").exit_code == 0
    return cli


@pytest.mark.parametrize(
    "argv",
    [
        ("pairs", "--person", TYPO),
        ("sessions", "--person", TYPO),
        ("sessions", "--mentee", TYPO),
        ("checkin", TYPO, "--topic", "TikTok", "--score", "2", "--phase", "baseline"),
        ("log", "--mentor", "kofi.asante@example.com", "--mentee", TYPO, "--no-input"),
    ],
)
def test_a_mistyped_address_gets_the_closest_suggested(paired, argv):
    result = paired(*argv)
    assert result.exit_code == 1
    assert "did you mean karen.doyle@example.com?" in result.stderr


def test_a_unique_name_names_the_person(paired):
    by_name = paired("pairs", "--person", "Karen Doyle", "--format", "json")
    by_email = paired(
        "pairs", "--person", "karen.doyle@example.com", "--format", "json"
    )
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_email.stdout
    assert "karen.doyle@example.com" in by_name.stdout


@pytest.mark.parametrize("query", [TYPO, "Karen Doyel"])
def test_messages_and_calendar_suggest_the_closest_person(paired, tmp_path, query):
    result = paired("messages", "--person", query)
    assert result.exit_code == 1
    assert "did you mean karen.doyle@example.com?" in result.stderr
    folder = tmp_path / "calendar"
    result = paired("calendar", "--output", str(folder), "--mentee", query)
    assert result.exit_code == 1
    assert "did you mean karen.doyle@example.com?" in result.stderr
    assert not folder.exists()


def test_messages_person_takes_a_name(paired):
    assert paired("intro").exit_code == 0
    by_name = paired("messages", "--person", "Karen Doyle", "--format", "json")
    by_email = paired(
        "messages", "--person", "karen.doyle@example.com", "--format", "json"
    )
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_email.stdout
    assert "karen.doyle@example.com" in by_name.stdout


def test_messages_person_still_takes_an_address_copied_on_them(paired):
    coordinator = "coordinator@example.com"
    env = {"REVMENTOR_MAIL_FROM": coordinator}
    assert paired("intro", "--cc-coordinator", env=env).exit_code == 0
    result = paired("messages", "--person", coordinator, "--format", "json")
    assert result.exit_code == 0, result.output
    assert coordinator in result.stdout


def test_calendar_mentee_takes_a_name(paired, tmp_path):
    folder = tmp_path / "calendar"
    result = paired("calendar", "--output", str(folder), "--mentee", "Karen Doyle")
    assert result.exit_code == 0, result.output
    (written,) = folder.iterdir()
    assert written.name.endswith("--karen.doyle.ics")
