"""GE's reverse mentoring at full size: 500 managers, each with a junior mentor.

In 1999 Jack Welch asked his top 500 managers to find a young employee to teach
them the internet. This script writes that program as a roster: the managers (the
mentees) form GE's org chart, from the CEO down through business leaders, vice
presidents and directors. Each junior (a mentor) reports to a team lead who is
not in the program: the team leads are in the roster's `org:` section, and each
reports to a director. No junior may mentor anyone above them in that chart, so
the reporting-line rule does real work here, through people who are never paired:
500 juniors and 500 managers, every pair checked against the whole chain above
both people.

    python examples/programs/ge_generate.py --output ge.yaml
    revmentor --db ge.db pair ge.yaml --explain --output ge-pairs.md
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = [
    "The web",
    "E-mail",
    "Online shopping",
    "Search engines",
    "E-business",
    "Online recruiting",
    "Digital photography",
    "Instant messaging",
]
BUSINESSES = [
    "Aircraft Engines",
    "Power Systems",
    "Medical Systems",
    "Plastics",
    "Capital",
    "Appliances",
    "Lighting",
    "NBC",
]
FIRST = ["Alex", "Sam", "Jordan", "Chris", "Pat", "Robin", "Taylor", "Morgan"]
LAST = ["Baker", "Clark", "Evans", "Foster", "Grant", "Hayes", "Irwin", "Jones"]


def _person(rng: random.Random, index: int, role: str, level: int, **fields) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}.{index}@ge.example".lower()
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    key = "teaches" if role == "mentor" else "learns"
    return {
        "name": f"{first} {last}",
        "email": email,
        "role": role,
        "level": level,
        key: topics,
        **fields,
    }


def build(managers: int, seed: int = 1999) -> dict:
    """The roster: ``managers`` mentees in an org chart and as many juniors."""
    rng = random.Random(seed)
    ceo = _person(rng, 0, "mentee", 12, department="Corporate")
    people = [ceo]
    leaders = []
    for business in BUSINESSES:
        leader = _person(
            rng, len(people), "mentee", 10, department=business, manager=ceo["email"]
        )
        people.append(leader)
        leaders.append(leader)
    vps = []
    n_vps = max(managers // 4 - len(people), 1)
    while len(vps) < n_vps:
        boss = rng.choice(leaders)
        vp = _person(
            rng,
            len(people),
            "mentee",
            9,
            department=boss["department"],
            manager=boss["email"],
        )
        people.append(vp)
        vps.append(vp)
    directors = []
    while len(people) < managers:
        boss = rng.choice(vps)
        director = _person(
            rng,
            len(people),
            "mentee",
            rng.choice([7, 8]),
            department=boss["department"],
            manager=boss["email"],
        )
        people.append(director)
        directors.append(director)
    leads = []  # first-line managers: in the org chart, not in the program
    for _ in range(max(managers // 5, 1)):
        boss = rng.choice(directors or vps)
        lead = _person(rng, 100_000 + len(leads), "mentee", 5)
        leads.append(
            {
                "email": lead["email"],
                "name": lead["name"],
                "title": "Team lead",
                "level": 5,
                "department": boss["department"],
                "manager": boss["email"],
            }
        )
    for _ in range(managers):
        lead = rng.choice(leads)
        people.append(
            _person(
                rng,
                len(people),
                "mentor",
                rng.randint(1, 3),
                department=lead["department"],
                manager=lead["email"],
            )
        )
    return {
        "program": {
            "name": "GE internet mentoring",
            "cadence_days": 14,
            "session_minutes": 60,
            "start": "1999-06-01",
            "length_weeks": 26,
            "objectives": ["Every senior manager uses the internet for their work"],
            "topics": TOPICS,
            "matching": {"min_level_gap": 4},
        },
        "participants": people,
        "org": leads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--managers", type=int, default=500)
    parser.add_argument("--output", type=Path, default=Path("ge.yaml"))
    args = parser.parse_args()
    import yaml

    text = yaml.safe_dump(build(args.managers), sort_keys=False, allow_unicode=True)
    header = "# GE internet mentoring, written by examples/programs/ge_generate.py\n"
    args.output.write_text(header + text, encoding="utf-8")
    print(f"Wrote {args.output}: {args.managers} managers and {args.managers} juniors.")


if __name__ == "__main__":
    main()
