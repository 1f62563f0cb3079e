"""`revmentor rules`: the avoid and fixed rules, seen, added and removed."""

from __future__ import annotations

import json


def rules(cli) -> list[dict]:
    result = cli("rules", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_roster_rules_are_listed_with_their_source(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "participants:\n"
        "  - {name: Ana, email: ana@example.com, role: mentor}\n"
        "  - {name: Bo, email: bo@example.com, role: mentor}\n"
        "  - {name: Dana, email: dana@example.com, role: mentee}\n"
        "avoid:\n  - [dana@example.com, ana@example.com]\n"
        "fixed:\n  - {mentor: bo@example.com, mentee: dana@example.com}\n"
    )
    assert cli("import", str(roster)).exit_code == 0
    assert rules(cli) == [
        {
            "id": 1,
            "kind": "avoid",
            "first": "ana@example.com",
            "second": "dana@example.com",
            "source": str(roster),
        },
        {
            "id": 2,
            "kind": "fixed",
            "first": "bo@example.com",
            "second": "dana@example.com",
            "source": str(roster),
        },
    ]


def test_add_and_remove_rules_change_the_next_pairing(enrolled):
    result = enrolled("rules", "add", "fixed", "Bo@Example.com", "sam@example.com")
    assert result.exit_code == 0, result.output
    assert "Added rule 1" in result.stderr
    result = enrolled("rules", "add", "avoid", "bo@example.com", "dana@example.com")
    assert result.exit_code == 0, result.output
    assert [(r["kind"], r["source"]) for r in rules(enrolled)] == [
        ("fixed", "rules add"),
        ("avoid", "rules add"),
    ]
    outcome = json.loads(enrolled("pair", "--dry-run", "--format", "json").stdout)
    made = {(p["mentor"], p["mentee"]) for p in outcome["pairs"]}
    assert ("bo@example.com", "sam@example.com") in made
    assert ("bo@example.com", "dana@example.com") not in made

    result = enrolled("rules", "remove", "2")
    assert result.exit_code == 0, result.output
    assert "Removed rule 2: avoid bo@example.com and dana@example.com" in (
        result.stderr
    )
    assert [r["id"] for r in rules(enrolled)] == [1]
    missing = enrolled("rules", "remove", "2")
    assert missing.exit_code == 1
    assert "There is no rule 2" in missing.stderr


def test_a_new_rule_is_checked_like_a_roster_rule(enrolled):
    before = enrolled.dump()
    for args, message in (
        (("fixed", "dana@example.com", "ana@example.com"), "is a mentee, not a mentor"),
        (("avoid", "ana@example.com", "ana@example.com"), "apart from themselves"),
        (("avoid", "ana@example.com", "zed@example.com"), "zed@example.com is not"),
        (("avoid", "ana@example", "bo@example.com"), "is not a valid email"),
    ):
        result = enrolled("rules", "add", *args)
        assert result.exit_code == 1, args
        assert message in result.stderr
    bad_kind = enrolled("rules", "add", "prefer", "ana@example.com", "bo@example.com")
    assert bad_kind.exit_code == 2
    assert "'prefer' is not one of 'avoid', 'fixed'" in bad_kind.stderr
    assert enrolled.dump() == before
    added = enrolled("rules", "add", "fixed", "bo@example.com", "sam@example.com")
    assert added.exit_code == 0, added.output
    clash = enrolled("rules", "add", "avoid", "sam@example.com", "bo@example.com")
    assert clash.exit_code == 1
    assert "both fixed and avoided" in clash.stderr
    twice = enrolled("rules", "add", "fixed", "ana@example.com", "sam@example.com")
    assert twice.exit_code == 1
    assert "sam@example.com is already fixed to bo@example.com" in twice.stderr
