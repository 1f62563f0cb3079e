"""The five programs in examples/programs pair, and their rules hold."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

PROGRAMS = Path(__file__).resolve().parent.parent / "examples" / "programs"


def pair(cli, roster: Path, *argv: str) -> dict:
    result = cli("pair", str(roster), "--format", "json", *argv)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def people_of(roster: Path) -> dict[str, dict]:
    document = yaml.safe_load(roster.read_text(encoding="utf-8"))
    return {p["email"]: p for p in document["participants"]}


def test_pg_mentoring_up_pairs_only_women_mentors_with_men_mentees(cli):
    roster = PROGRAMS / "pg_mentoring_up.yaml"
    people = people_of(roster)
    outcome = pair(cli, roster)
    assert len(outcome["pairs"]) == 7
    for p in outcome["pairs"]:
        assert people[p["mentor"]]["attributes"]["gender"] == "female"
        assert people[p["mentee"]]["attributes"]["gender"] == "male"
        assert people[p["mentor"]]["department"] != people[p["mentee"]]["department"]
    why = {u["email"]: u["reason"] for u in outcome["unpaired"]}
    assert why["sam.miller@pg.example"] == "does not meet the rule 'mentor gender'"
    assert why["joan.hughes@pg.example"] == "does not meet the rule 'mentee gender'"
    assert not any("male" in reason for reason in why.values())  # no values shown


def test_amp_pearl_pairs_all_twelve_and_explains_unmet_preferences(cli):
    outcome = pair(cli, PROGRAMS / "amp_pearl.yaml")
    assert len(outcome["pairs"]) == 12 and not outcome["unpaired"]
    made = {(p["mentor"], p["mentee"]): p["reasons"] for p in outcome["pairs"]}
    assert (
        "each other's 1st choice"
        in made[("nadia.haddad@amp.example", "grace.lim@amp.example")]
    )
    unmet = {
        (n["email"], n["asked_for"]): n["reason"]
        for n in outcome["preferences_not_met"]
    }
    assert unmet[("ines.costa@amp.example", "omar.siddiq@amp.example")] == (
        "asked for Omar Siddiq, who is in the same reporting line"
    )


def test_wharton_pairs_across_organisations(cli):
    outcome = pair(cli, PROGRAMS / "wharton.yaml")
    assert len(outcome["pairs"]) == 5
    for p in outcome["pairs"]:
        assert p["mentor"].endswith("@wharton.example")
        assert not p["mentee"].endswith("@wharton.example")
        [organizations] = [r for r in p["reasons"] if "organizations" in r]
        assert organizations.startswith("from different organizations: Wharton and ")
        assert not any(r.startswith("different departments") for r in p["reasons"])


def test_best_buy_mentors_take_two_on_the_same_site(cli):
    roster = PROGRAMS / "best_buy.yaml"
    people = people_of(roster)
    outcome = pair(cli, roster)
    load: dict[str, int] = {}
    for p in outcome["pairs"]:
        load[p["mentor"]] = load.get(p["mentor"], 0) + 1
        site = people[p["mentor"]]["attributes"]["site"]
        assert people[p["mentee"]]["attributes"]["site"] == site
    assert max(load.values()) == 2 and len(outcome["pairs"]) == 7
    assert outcome["unpaired"] == [
        {
            "email": "greg.hall@bestbuy.example",
            "role": "mentee",
            "reason": "has no site given, which the 'same' rule needs",
        }
    ]


def ge_roster(tmp_path: Path, managers: int = 60) -> Path:
    spec = importlib.util.spec_from_file_location("ge", PROGRAMS / "ge_generate.py")
    ge = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ge)
    roster = tmp_path / "ge.yaml"
    roster.write_text(yaml.safe_dump(ge.build(managers)), encoding="utf-8")
    return roster


def test_ge_generated_roster_keeps_every_reporting_line(cli, tmp_path):
    roster = ge_roster(tmp_path)
    people = people_of(roster)
    document = yaml.safe_load(roster.read_text(encoding="utf-8"))
    people.update({p["email"]: p for p in document["org"]})  # team leads
    outcome = pair(cli, roster)

    def above(email: str) -> set[str]:
        chain, manager = set(), people[email].get("manager")
        while manager:
            chain.add(manager)
            manager = people[manager].get("manager")
        return chain

    assert len(outcome["pairs"]) >= 55
    for p in outcome["pairs"]:
        chain = above(p["mentor"])
        assert any(people[e].get("title") == "Team lead" for e in chain)
        assert p["mentee"] not in chain
        assert people[p["mentee"]]["level"] - people[p["mentor"]]["level"] >= 4
    ceo = next(u for u in outcome["unpaired"] if u["email"].endswith(".0@ge.example"))
    # Every junior reports to the CEO through a team lead outside the program.
    assert ceo["reason"] == "no eligible mentor: 60 are in their reporting line"


@pytest.mark.parametrize(
    "name", ["pg_mentoring_up", "amp_pearl", "wharton", "best_buy", "ge"]
)
def test_each_program_runs_on_its_real_dates(cli, tmp_path, name):
    """Paired on the program's first day (so enrolled then), one pair meeting
    on cadence from a first session on day 18, one mentor leaving in week 6:
    the report as of week 5 and today, and remind, tell it as it was."""
    roster = ge_roster(tmp_path, 20) if name == "ge" else PROGRAMS / f"{name}.yaml"
    program = yaml.safe_load(roster.read_text(encoding="utf-8"))["program"]
    start, cadence = date.fromisoformat(str(program["start"])), program["cadence_days"]
    end = start + timedelta(weeks=program["length_weeks"])
    today = date.today()
    made = pair(cli, roster, "--date", start.isoformat())["pairs"]
    mentors = cli.rows("SELECT email FROM participants WHERE role = 'mentor'")
    assert {
        r["enrolled_on"] for r in cli.rows("SELECT enrolled_on FROM participants")
    } == {start.isoformat()}
    ids = {(r["mentor"], r["mentee"]): r["id"] for r in cli.rows(
        "SELECT pairs.id, m.email AS mentor, e.email AS mentee FROM pairs "
        "JOIN participants m ON m.id = mentor_id JOIN participants e ON e.id = mentee_id"
    )}  # fmt: skip
    steady, leaving = made[0], made[1]
    day = start + timedelta(days=18)
    while day < min(end, today + timedelta(days=1)):
        argv = ["log", "--pair", str(ids[steady["mentor"], steady["mentee"]])]
        assert cli(*argv, "--date", day.isoformat(), "--no-input").exit_code == 0
        day += timedelta(days=cadence)
    left = cli(
        "people",
        "leave",
        leaving["mentor"],
        "--date",
        str(start + timedelta(weeks=5, days=2)),
    )
    assert left.exit_code == 0, left.output

    def report(as_of: date) -> dict:
        result = cli("report", "--as-of", as_of.isoformat(), "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    early = report(start + timedelta(weeks=5))
    assert early["program"]["week"] == 6
    assert early["summary"]["retention"]["mentors_enrolled"] == len(mentors)
    assert early["summary"]["retention"]["in_program"] == len(mentors)
    now = report(today)
    assert now["summary"]["retention"]["in_program"] == len(mentors) - 1
    mine = next(p for p in now["pairs"] if p["mentor"] == steady["mentor"])
    assert mine["status"] == "on track", mine
    most = (min(end, today) - start).days // cadence
    assert all(p["expected"] <= most for p in now["pairs"])
    if today >= end:  # the program is over: its last day's state, no reminders
        assert now["program"]["week"] is None and now["program"]["end"] == str(end)
        assert f"ended on {end}" in cli("report").stdout
        assert f"the program has ended (on {end})" in cli("remind", "--dry-run").stderr
