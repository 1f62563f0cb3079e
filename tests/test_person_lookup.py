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
