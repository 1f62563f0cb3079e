"""`revmentor restore` accepts only what every other way in would accept.

Each case takes a good backup, breaks one rule, and checks that the restore is
refused whole, names the broken rule, and leaves the database as it was.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.conftest import Cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory) -> dict:
    """The example company, paired, with a session and a check-in, exported."""
    folder = tmp_path_factory.mktemp("good")
    cli = Cli(folder / "program.db")
    assert cli("pair", str(EXAMPLE), "--date", "2026-01-05").exit_code == 0
    pair = cli.rows(
        "SELECT mentor.email AS m, mentee.email AS e FROM pairs "
        "JOIN participants mentor ON mentor.id = mentor_id "
        "JOIN participants mentee ON mentee.id = mentee_id LIMIT 1"
    )[0]
    logged = cli(
        "log",
        "--mentor",
        pair["m"],
        "--mentee",
        pair["e"],
        "--date",
        "2026-01-19",
        "--minutes",
        "45",
        "--no-input",
    )
    assert logged.exit_code == 0, logged.output
    checked = cli(
        "checkin",
        pair["e"],
        "--topic",
        "TikTok",
        "--score",
        "2",
        "--phase",
        "baseline",
        "--date",
        "2026-01-06",
    )
    assert checked.exit_code == 0, checked.output
    return json.loads(cli("export").stdout)


def restore(tmp_path, document) -> tuple[Cli, object]:
    """Restore ``document`` over a database that holds one person already."""
    cli = Cli(tmp_path / "target.db")
    cli(
        "enroll",
        "--no-input",
        "--role",
        "mentor",
        "--name",
        "Keep Me",
        "--email",
        "keep@example.com",
    )
    before = cli.dump()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))
    result = cli("restore", str(path), "--replace")
    return cli, (result, before)


def first(document, table, where=lambda row: True):
    return next(row for row in document["tables"][table] if where(row))


def test_a_good_backup_restores(good_backup, tmp_path):
    cli, (result, _) = restore(tmp_path, good_backup)
    assert result.exit_code == 0, result.output
    assert cli.rows("SELECT COUNT(*) AS n FROM sessions") == [{"n": 1}]


def _set(table, key, value, where=lambda row: True):
    def change(document):
        first(document, table, where)[key] = value

    return change


def _mentee_row(document):
    return first(document, "participants", lambda r: r["role"] == "mentee")


def _swap_pair(document):
    pair = first(document, "pairs")
    pair["mentor_id"], pair["mentee_id"] = pair["mentee_id"], pair["mentor_id"]


def _self_pair(document):
    pair = first(document, "pairs")
    pair["mentee_id"] = pair["mentor_id"]


def _rule(kind, change):
    def edit(document):
        rule = first(document, "pairing_rules", lambda r: r["kind"] == kind)
        change(rule)

    return edit


def _second_active_pair(document):
    pairs = document["tables"]["pairs"]
    twin = dict(pairs[1])
    twin["mentee_id"] = pairs[0]["mentee_id"]
    pairs[1] = twin


def _manager_loop(document):
    people = document["tables"]["participants"]
    people[0]["manager"] = people[1]["email"]
    people[1]["manager"] = people[0]["email"]


def _drop_table(name):
    def change(document):
        del document["tables"][name]

    return change


def _no_tables(document):
    document["tables"] = {}


def _goal_reached_before_set(document):
    document["tables"]["pair_goals"] = [
        {
            "id": 1,
            "pair_id": first(document, "pairs")["id"],
            "text": "Post weekly",
            "due": None,
            "created_on": "2026-01-20",
            "done_on": "2026-01-10",
            "dropped_on": None,
        }
    ]


CASES = {
    "upper-case email": (
        _set("participants", "email", "Ana.Ruiz@Example.com"),
        "not written as revmentor stores it",
    ),
    "level 2**63-1": (_set("participants", "level", 2**63 - 1), "level must be"),
    "control character in a name": (
        _set("participants", "name", "Ana\x1b[2J"),
        "control characters",
    ),
    "manager loop": (_manager_loop, "manager chain loops"),
    "preference for nobody enrolled": (
        _set("participants", "prefers", '["ghost@example.com"]'),
        "prefers: ghost@example.com is not enrolled",
    ),
    "capacity 0": (_set("participants", "capacity", 0), "capacity must be"),
    "left without a date": (
        _set("participants", "status", "left"),
        "needs the date they left",
    ),
    "cadence 0": (_set("program", "cadence_days", 0), "cadence_days must be"),
    "cadence negative": (_set("program", "cadence_days", -3), "cadence_days must be"),
    "length_weeks 1e15": (
        _set("program", "length_weeks", 10**15),
        "length_weeks",
    ),
    "weights as a list": (_set("program", "weights", "[1, 2]"), "weights must be"),
    "weights as a string": (_set("program", "weights", '"heavy"'), "weights must be"),
    "weight infinite": (
        _set("program", "weights", '{"topics": Infinity}'),
        "the topics weight must be",
    ),
    "weight NaN": (
        _set("program", "weights", '{"topics": NaN}'),
        "the topics weight must be",
    ),
    "objectives null": (_set("program", "objectives", "null"), "objectives must be"),
    "start in year 9999": (_set("program", "start", "9999-12-31"), "start must be"),
    "minutes 10^12": (_set("sessions", "minutes", 10**12), "minutes must be"),
    "self-pair": (_self_pair, "cannot be paired with themselves"),
    "mentor and mentee swapped": (_swap_pair, "not a mentor"),
    "two active pairs for one mentee": (_second_active_pair, "two active mentors"),
    "avoid rule with one person": (
        _rule("avoid", lambda r: r.update(second_id=r["first_id"])),
        "cannot be kept apart from themselves",
    ),
    "fixed rule mentee first": (
        _rule(
            "fixed",
            lambda r: r.update(first_id=r["second_id"], second_id=r["first_id"]),
        ),
        "is a mentee, not a mentor",
    ),
    "rule of another kind": (
        _rule("fixed", lambda r: r.update(kind="x")),
        "kind must be",
    ),
    "session before its pair": (
        _set("sessions", "date", "2025-12-01"),
        "before the pair was made",
    ),
    "ISO-week date": (_set("sessions", "date", "2026-W04-1"), "YYYY-MM-DD"),
    "control character in notes": (
        _set("sessions", "notes", "ok\x1b[2J"),
        "notes must not contain control characters",
    ),
    "goal both reached and dropped": (
        lambda d: (
            _goal_reached_before_set(d)
            or d["tables"]["pair_goals"][0].update(
                done_on="2026-01-21", dropped_on="2026-01-22"
            )
        ),
        "a row of pair_goals breaks a rule of the database",
    ),
    "goal reached before it was set": (
        _goal_reached_before_set,
        "the goal was set on 2026-01-20, after 2026-01-10",
    ),
    "score Infinity": (_set("pairs", "score", float("inf")), "score must be"),
    "pair ended before it began": (
        lambda d: first(d, "pairs").update(status="ended", ended_on="2025-01-01"),
        "before the pair was made",
    ),
    "check-in score 9": (_set("checkins", "score", 9), "score must be"),
    "digest of a day that is not one": (
        lambda d: d["tables"]["digests"].append(
            {
                "day": "2026-02-30",
                "status": "posted",
                "format": "slack",
                "claimed_at": "x",
            }
        ),
        "row 1 of digests: day must be a real date written YYYY-MM-DD",
    ),
    "digest neither posted nor claimed": (
        lambda d: d["tables"]["digests"].append(
            {
                "day": "2026-02-03",
                "status": "sent",
                "format": "slack",
                "claimed_at": "x",
            }
        ),
        "a row of digests breaks a rule of the database",
    ),
    "digest for an unknown webhook": (
        lambda d: d["tables"]["digests"].append(
            {
                "day": "2026-02-03",
                "status": "posted",
                "format": "irc",
                "claimed_at": "x",
            }
        ),
        "format must be slack or teams, not 'irc'",
    ),
    "no digests table": (_drop_table("digests"), "no digests table"),
    "no sessions table": (_drop_table("sessions"), "no sessions table"),
    "no tables at all": (_no_tables, "no program table"),
    "two program rows": (
        lambda d: d["tables"]["program"].append(dict(d["tables"]["program"][0])),
        "exactly one row",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_backup_breaking_a_rule_is_refused_whole(good_backup, tmp_path, case):
    change, message = CASES[case]
    document = copy.deepcopy(good_backup)
    change(document)
    cli, (result, before) = restore(tmp_path, document)
    assert result.exit_code == 1, (case, result.output)
    assert message in result.stderr, (case, result.stderr)
    assert "Traceback" not in result.output and "Unexpected" not in result.output
    assert cli.dump() == before


def test_after_a_refused_upper_case_email_pair_still_runs(good_backup, tmp_path):
    document = copy.deepcopy(good_backup)
    _mentee_row(document)["email"] = "SHOUT@EXAMPLE.COM"
    cli, (result, _) = restore(tmp_path, document)
    assert result.exit_code == 1
    assert cli("pair", "--dry-run").exit_code in (0, 1)
    assert "Unexpected" not in cli("pair", "--dry-run").output


def test_a_deeply_nested_backup_is_refused_in_one_sentence(cli, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = cli("restore", str(path))
    assert result.exit_code == 1
    assert "nests too deeply" in result.stderr


def test_a_device_is_refused_as_a_backup(cli):
    result = cli("restore", "/dev/zero")
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
