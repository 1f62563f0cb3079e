"""`revmentor import`, `revmentor pair` and `revmentor pairs` through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"

SMALL = """\
program:
  name: Small
  topics: [TikTok, AI assistants]
participants:
  - {name: Ceo Boss, email: ceo@x.com, role: mentee, level: 10, department: Exec,
     learns: [TikTok]}
  - {name: Vp One, email: vp@x.com, role: mentee, level: 8, department: Sales,
     manager: ceo@x.com, learns: [TikTok, AI assistants]}
  - {name: Dir Two, email: dir@x.com, role: mentee, level: 6, department: Finance,
     manager: ceo@x.com, learns: [ai  ASSISTANTS]}
  - {name: Jun Ior, email: jun@x.com, role: mentor, level: 2, department: Sales,
     manager: vp@x.com, teaches: [TikTok, AI Assistants]}
  - {name: Ann Other, email: ann@x.com, role: mentor, level: 1, department: IT,
     manager: dir@x.com, teaches: [tiktok]}
"""


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return path


def pair_json(cli, *args):
    result = cli("pair", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_is_idempotent(cli):
    first = cli("import", str(EXAMPLE))
    assert first.exit_code == 0, first.output
    assert "25 added" in first.stderr
    snapshot = cli.rows("SELECT * FROM participants ORDER BY id")
    second = cli("import", str(EXAMPLE))
    assert "0 added, 0 updated, 25 unchanged" in second.stderr
    assert cli.rows("SELECT * FROM participants ORDER BY id") == snapshot


def test_import_keeps_people_missing_from_a_later_roster(cli, small, tmp_path):
    cli("import", str(small))
    shorter = tmp_path / "shorter.yaml"
    shorter.write_text(
        "participants:\n  - {name: Ann Renamed, email: ANN@x.com, role: mentor}\n"
    )
    result = cli("import", str(shorter))
    assert "0 added, 1 updated" in result.stderr
    names = {r["email"]: r["name"] for r in cli.rows("SELECT * FROM participants")}
    assert names["ann@x.com"] == "Ann Renamed"
    assert len(names) == 5
    # fields the later file does not write are kept
    ann = cli.rows("SELECT teaches FROM participants WHERE email='ann@x.com'")[0]
    assert json.loads(ann["teaches"]) == ["tiktok"]


def test_import_does_not_resume_a_paused_person(cli, small):
    cli("import", str(small))
    cli("people", "pause", "ann@x.com")
    cli("import", str(small))
    assert cli.rows("SELECT status FROM participants WHERE email='ann@x.com'")[0] == {
        "status": "paused"
    }


def test_bad_roster_lists_every_problem_and_writes_nothing(cli, tmp_path):
    cli("import", str(EXAMPLE))
    before = cli.dump()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "participants:\n"
        "  - name: A\n"
        "    emial: a@x.com\n"
        "    role: mentor\n"
        "  - name: B\n"
        "    email: b@x.com\n"
        "    role: mentee\n"
        "    level: senior\n"
    )
    for command in ("import", "pair"):
        result = cli(command, str(bad))
        assert result.exit_code == 1
        assert "bad.yaml, line 3" in result.stderr and "emial" in result.stderr
        assert "did you mean 'email'" in result.stderr
        assert "line 8" in result.stderr and "level" in result.stderr
        assert "Traceback" not in result.output
    assert cli.dump() == before


def test_python_tags_are_refused_not_run(cli, tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "evil.yaml"
    bad.write_text(
        "participants:\n"
        f"  - name: !!python/object/apply:os.system ['touch {marker}']\n"
        "    email: e@x.com\n    role: mentor\n"
    )
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert "not allowed" in result.stderr
    assert not marker.exists()
    assert not cli.db_path.exists()


def test_missing_roster_file(cli, tmp_path):
    result = cli("import", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "No roster file" in result.stderr


def test_fixed_naming_unknown_person_is_refused(cli, tmp_path):
    bad = tmp_path / "fixed.yaml"
    bad.write_text(
        "participants:\n  - {name: A, email: a@x.com, role: mentor}\n"
        "fixed:\n  - {mentor: a@x.com, mentee: ghost@x.com}\n"
    )
    result = cli("pair", str(bad))
    assert result.exit_code == 1
    assert "ghost@x.com is neither enrolled" in result.stderr
    assert not cli.db_path.exists() or cli.rows("SELECT * FROM participants") == []


def test_pair_respects_the_reporting_line_and_explains(cli, small):
    data = pair_json(cli, str(small))
    made = {(p["mentor"], p["mentee"]) for p in data["pairs"]}
    # jun reports to vp, ann to dir, and both to the ceo: each can mentor only
    # the other's line, and nobody may mentor the ceo.
    assert made == {("jun@x.com", "dir@x.com"), ("ann@x.com", "vp@x.com")}
    jun = next(p for p in data["pairs"] if p["mentor"] == "jun@x.com")
    assert jun["round"] == 1 and jun["status"] == "active"
    assert any(
        "covers the one topic" in r or "covers 1 of 1" in r for r in jun["reasons"]
    )
    assert data["unpaired"] == [
        {
            "email": "ceo@x.com",
            "role": "mentee",
            "reason": data["unpaired"][0]["reason"],
        }
    ]
    assert "reporting line" in data["unpaired"][0]["reason"]
    stored = cli.rows("SELECT COUNT(*) AS n FROM pairs WHERE status='active'")
    assert stored[0]["n"] == 2


def test_pair_again_adds_no_duplicates(cli, small):
    pair_json(cli, str(small))
    again = pair_json(cli, str(small))
    assert again["pairs"] == []
    assert cli.rows("SELECT COUNT(*) AS n FROM pairs")[0]["n"] == 2


def test_dry_run_saves_nothing_not_even_the_import(cli, small):
    result = cli("pair", str(small), "--dry-run")
    assert result.exit_code == 0
    assert "Would make 2 pairs" in result.stdout
    assert "nothing was saved" in result.stdout
    assert "Would import" in result.stderr and "Imported" not in result.stderr
    assert not cli.db_path.exists()  # not even an empty database file
    assert "Created program database" not in result.stderr


def test_dry_run_on_an_existing_program_keeps_it_as_it_was(cli, small):
    assert cli("init", "--name", "Kept", "--no-input").exit_code == 0
    before = cli.dump()
    result = cli("pair", str(small), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would import" in result.stderr
    assert cli.dump() == before


def test_explain_table_shows_reasons_and_unpaired(cli, small):
    result = cli("pair", str(small), "--explain")
    assert result.exit_code == 0
    out = result.stdout
    jun_row = next(line for line in out.splitlines() if "Jun Ior" in line)
    assert "Dir Two" in jun_row and "• covers" in jun_row
    assert "Unpaired (1)" in out and "Ceo Boss (mentee)" in out
    plain = cli("pair", "--explain")
    assert "No new pairs" in plain.stdout


def test_new_round_avoids_earlier_pairs(cli):
    first = pair_json(cli, str(EXAMPLE))
    second = pair_json(cli, "--new-round", "--yes")
    old = {(p["mentor"], p["mentee"]) for p in first["pairs"]}
    new = {(p["mentor"], p["mentee"]) for p in second["pairs"]}
    assert len(new) >= 8
    assert not old & new
    assert all(p["round"] == 2 for p in second["pairs"])
    ended = cli.rows("SELECT end_reason FROM pairs WHERE round = 1")
    assert {r["end_reason"] for r in ended} == {"round completed"}
    assert cli.rows("SELECT COUNT(*) AS n FROM pairs WHERE status = 'active'")[0][
        "n"
    ] == len(new)


def test_paused_people_are_not_paired(cli, small):
    cli("import", str(small))
    cli("people", "pause", "ann@x.com")
    data = pair_json(cli)
    assert all(p["mentor"] != "ann@x.com" for p in data["pairs"])
    assert {p["mentee"] for p in data["pairs"]} == {"dir@x.com"}


def test_people_who_left_are_never_paired_again(cli, small):
    pair_json(cli, str(small))
    cli("people", "leave", "jun@x.com")
    data = pair_json(cli)
    assert all("jun@x.com" not in (p["mentor"], p["mentee"]) for p in data["pairs"])


def test_avoid_and_fixed_from_the_roster(cli, tmp_path):
    roster = tmp_path / "r.yaml"
    roster.write_text(
        SMALL
        + "avoid:\n  - [ann@x.com, vp@x.com]\n"
        + "fixed:\n  - {mentor: jun@x.com, mentee: ceo@x.com}\n"
    )
    result = cli("pair", str(roster), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    made = {(p["mentor"], p["mentee"]) for p in data["pairs"]}
    assert ("jun@x.com", "ceo@x.com") in made
    assert ("ann@x.com", "vp@x.com") not in made
    assert "Warning:" in result.stderr and "reporting line" in result.stderr


def test_pair_date_option(cli, small):
    data = pair_json(cli, str(small), "--date", "2026-09-01")
    assert {p["paired_on"] for p in data["pairs"]} == {"2026-09-01"}
    future = cli("pair", "--date", "2999-01-01")
    assert future.exit_code == 1 and "future" in future.stderr
    bad = cli("pair", "--date", "2027-02-30")
    assert bad.exit_code == 2 and "real date" in bad.stderr


def test_new_round_without_pairs_is_refused(cli, small):
    cli("import", str(small))
    result = cli("pair", "--new-round", "--yes")
    assert result.exit_code == 1
    assert "no round to end" in result.stderr


def test_rematch_ends_poor_fits_and_avoids_the_old_partner(cli):
    import sqlite3

    first = pair_json(cli, str(EXAMPLE))
    poor = first["pairs"][0]
    # What `revmentor log --fit poor` records after a first session.
    conn = sqlite3.connect(cli.db_path)
    conn.execute(
        "UPDATE pairs SET fit = 'poor' WHERE mentor_id = "
        "(SELECT id FROM participants WHERE email = ?)",
        [poor["mentor"]],
    )
    conn.commit()
    conn.close()
    data = pair_json(cli, "--rematch")
    assert (poor["mentor"], poor["mentee"]) not in {
        (p["mentor"], p["mentee"]) for p in data["pairs"]
    }
    assert poor["mentee"] in {p["mentee"] for p in data["pairs"]}
    ended = cli.rows("SELECT end_reason FROM pairs WHERE status = 'ended'")
    assert ended == [{"end_reason": "not a good fit"}]
    nothing = cli("pair", "--rematch")
    assert nothing.exit_code == 1 and "poor fit" in nothing.stderr


def test_pairs_listing_formats(cli, small):
    pair_json(cli, str(small))
    records = json.loads(cli("pairs", "--format", "json").stdout)
    assert {r["mentor"] for r in records} == {"jun@x.com", "ann@x.com"}
    for key in ("mentor", "mentee", "round", "score", "reasons", "status"):
        assert key in records[0]
    assert isinstance(records[0]["reasons"], list)
    rows = list(csv.DictReader(io.StringIO(cli("pairs", "--format", "csv").stdout)))
    assert {r["mentee"] for r in rows} == {"vp@x.com", "dir@x.com"}
    table = cli("pairs").stdout
    assert "Jun Ior" in table and "Pairs (2)" in table
    md = cli("pairs", "--format", "markdown").stdout
    assert md.startswith("| ID | Round | Mentor | Mentee |")


def test_pairs_end(cli, small):
    pair_json(cli, str(small))
    result = cli("pairs", "end", "JUN@x.com", "dir@x.com", "--reason", "moved team")
    assert result.exit_code == 0, result.output
    row = cli.rows(
        "SELECT status, end_reason, ended_on FROM pairs WHERE status='ended'"
    )
    assert row[0]["end_reason"] == "moved team" and row[0]["ended_on"]
    assert len(json.loads(cli("pairs", "--format", "json").stdout)) == 1
    assert len(json.loads(cli("pairs", "--all", "--format", "json").stdout)) == 2
    before = cli.dump()
    again = cli("pairs", "end", "jun@x.com", "dir@x.com")
    assert again.exit_code == 1 and "only active pairs can be ended" in again.stderr
    assert cli.dump() == before


def test_example_roster_pairs_convincingly(cli):
    data = pair_json(cli, str(EXAMPLE))
    assert len(data["pairs"]) >= 9
    assert all(p["reasons"] for p in data["pairs"])
    assert all(u["reason"] for u in data["unpaired"])
    mentees = {u["email"] for u in data["unpaired"] if u["role"] == "mentee"}
    assert mentees == {"margaret.okafor@example.com"}


def test_roster_marking_someone_left_ends_their_pairs(cli, small, tmp_path):
    pair_json(cli, str(small))
    left = tmp_path / "left.yaml"
    left.write_text(
        "participants:\n  - {name: Jun Ior, email: jun@x.com, role: mentor, status: left}\n"
    )
    result = cli("import", str(left))
    assert result.exit_code == 0, result.output
    jun = cli.rows("SELECT status, left_on FROM participants WHERE email='jun@x.com'")[
        0
    ]
    assert jun["status"] == "left" and jun["left_on"]
    ended = cli.rows(
        "SELECT end_reason FROM pairs JOIN participants ON participants.id = mentor_id "
        "WHERE email = 'jun@x.com'"
    )
    assert ended == [{"end_reason": "left the program"}]


def test_new_round_cannot_be_dated_before_the_current_one(cli, small):
    pair_json(cli, str(small), "--date", "2026-10-01")
    before = cli.dump()
    result = cli("pair", "--new-round", "--yes", "--date", "2026-09-01")
    assert result.exit_code == 1
    assert "before the active pairs it would end were made" in result.stderr
    assert cli.dump() == before


def test_pair_without_roster_needs_a_program(cli):
    result = cli("pair")
    assert result.exit_code == 1
    assert "No revmentor database" in result.stderr
    assert not cli.db_path.exists()


def test_role_cannot_change_inside_an_active_pair(cli, small, tmp_path):
    pair_json(cli, str(small))
    before = cli.dump()
    result = cli("people", "update", "jun@x.com", "--role", "mentee")
    assert result.exit_code == 1 and "end it first" in result.stderr
    flipped = tmp_path / "flip.yaml"
    flipped.write_text(
        "participants:\n  - {name: Jun Ior, email: jun@x.com, role: mentee}\n"
    )
    result = cli("import", str(flipped))
    assert result.exit_code == 1
    assert "flip.yaml, line 2, field 'role' of jun@x.com" in result.stderr
    assert cli.dump() == before


def test_pairs_fit_records_fit_without_a_session(cli, small):
    pair_json(cli, str(small))
    result = cli("pairs", "fit", "JUN@x.com", "dir@x.com", "poor")
    assert result.exit_code == 0, result.output
    assert cli.rows("SELECT fit FROM pairs WHERE fit IS NOT NULL") == [{"fit": "poor"}]
    assert cli.rows("SELECT COUNT(*) AS n FROM sessions")[0]["n"] == 0
    bad = cli("pairs", "fit", "jun@x.com", "dir@x.com", "meh")
    assert bad.exit_code == 2 and "good, unsure or poor, not meh" in bad.stderr


def test_pairs_listing_keeps_end_reasons_and_fit_private_unless_asked(cli):
    assert cli("pair", str(EXAMPLE)).exit_code == 0
    pair = cli.rows(
        "SELECT mentor.email AS mentor, mentee.email AS mentee FROM pairs "
        "JOIN participants AS mentor ON mentor.id = pairs.mentor_id "
        "JOIN participants AS mentee ON mentee.id = pairs.mentee_id"
    )[0]
    ended = cli(
        "pairs", "end", pair["mentor"], pair["mentee"], "--reason", "Susan on leave"
    )
    assert ended.exit_code == 0, ended.output
    for fmt in ("table", "json", "csv", "markdown"):
        hidden = cli("pairs", "--all", "--format", fmt)
        assert hidden.exit_code == 0, hidden.output
        assert "Susan on leave" not in hidden.stdout
        shown = cli("pairs", "--all", "--include-notes", "--format", fmt)
        assert "Susan on leave" in shown.stdout


def test_big_commands_give_the_cycle_collector_back(cli, small, tmp_path):
    """Import, pair and the big listings switch Python's cycle collector off
    while they run (millions of objects, no garbage cycles) and on again, even
    when they fail, so that a program calling them keeps collecting."""
    import gc

    bad = tmp_path / "bad.yaml"
    bad.write_text("participants:\n  - {name: No Email, role: mentor}\n")
    assert gc.isenabled()
    for args in (
        ("import", str(small)),
        ("pair", str(bad)),
        ("pair", str(small)),
        ("people",),
        ("pairs",),
        ("sessions",),
        ("people", "--status", "gone"),
    ):
        result = cli(*args)
        failed = str(bad) in args or "gone" in args
        assert result.exit_code == (1 if str(bad) in args else 2 if failed else 0)
        assert gc.isenabled(), args
    gc.disable()
    try:
        assert cli("pair").exit_code == 0
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


MARKUP = """\
participants:
  - {name: "[b]Ann[/b] Sharpe-Montgomery-Fitzgerald", email: ann@x.com,
     role: mentor, department: IT, teaches: [TikTok, AI assistants, Podcasts]}
  - {name: Bob Mentor, email: bob@x.com, role: mentor, department: Sales,
     teaches: [TikTok]}
  - {name: Cleo Exec-Long-Surname, email: cleo@x.com, role: mentee,
     department: Finance, learns: [TikTok, AI assistants, Podcasts]}
  - {name: Dan Exec, email: dan@x.com, role: mentee, department: Legal,
     learns: [TikTok]}
fixed:
  - {mentor: bob@x.com, mentee: dan@x.com}
"""


@pytest.mark.parametrize("explain", [False, True])
def test_pair_tables_fit_the_width_and_show_names_as_typed(cli, tmp_path, explain):
    roster = tmp_path / "markup.yaml"
    roster.write_text(MARKUP)
    args = ["pair", str(roster), *(["--explain"] if explain else [])]
    result = cli(*args, env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "[b]Ann[/b]" in result.stdout  # markup in a name is shown, not applied
    assert "(fixed)" in result.stdout
    if explain:
        # Reasons are bullets, folded inside their column, rows ruled apart.
        assert "• covers 3 of 3 topics" in result.stdout
        assert sum(line.startswith("├") for line in lines) == 1
    else:
        assert "TikTok, AI" in result.stdout


def test_pair_and_import_give_the_cycle_collector_back(enrolled, tmp_path):
    """They turn it off while they work, on again after, failing or not, and
    leave it off for a caller that had turned it off."""
    import gc

    assert gc.isenabled()
    assert enrolled("pair", "--dry-run").exit_code == 0
    assert gc.isenabled()
    bad = tmp_path / "bad.yaml"
    bad.write_text("participants: [{name: X}]\n")
    assert enrolled("import", str(bad)).exit_code == 1
    assert enrolled("pair", str(bad)).exit_code == 1
    assert gc.isenabled()
    gc.disable()
    try:
        assert enrolled("pair", "--dry-run").exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_score_reads_the_same_in_pair_and_pairs(enrolled):
    made = enrolled("pair")
    scores = [float(s) for s in re.findall(r"│ +(\d+\.\d+) │", made.stdout)]
    assert scores and all(f"{s:.2f}" in made.stdout for s in scores)
    listed = enrolled("pairs").stdout
    assert sorted(re.findall(r"│ +(\d+\.\d\d) │", listed)) == sorted(
        f"{s:.2f}" for s in scores
    )


@pytest.mark.parametrize("name", ["pairs.csv", "pairs.md", "pairs.json", "pairs.txt"])
def test_pair_output_is_announced_once(enrolled, tmp_path, name):
    """`pair --output` says once what it wrote, whatever the format."""
    out = tmp_path / name
    result = enrolled("pair", "--dry-run", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Wrote ") == 1, result.stderr
    assert f"Wrote the pairing to {out}; dry run: 2 pairs" in result.stderr
    assert out.read_text().strip()
