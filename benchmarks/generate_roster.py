"""Generate a realistic random roster of N mentors and N mentees.

The company behind the roster has an org chart several levels deep: a CEO, VPs,
directors, senior managers and managers (the mentees, levels 5 to 10), each
reporting to someone more senior, and junior staff (the mentors, levels 1 to 4)
reporting to a lead or to a manager. Departments are set at the VP level and
mostly inherited down the chart. Everyone has a gender attribute; mentors teach
and mentees want to learn 2 to 8 of 50 topics (some topics far more popular than
others); most mentors take one mentee, a few two or three. A few people are
paused, and the file carries a handful of ``avoid`` and ``fixed`` pairs, so the
whole roster format is exercised.

The same ``n`` and ``seed`` always give the same file, byte for byte.

Use it as a module::

    from benchmarks.generate_roster import write_roster
    write_roster("roster.yaml", 2000, seed=1)

or from the command line::

    python benchmarks/generate_roster.py 2000 --seed 1 -o /tmp/roster-2000.yaml
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

TOPICS = [
    "TikTok",
    "Instagram",
    "LinkedIn",
    "YouTube",
    "Snapchat",
    "Discord",
    "Reddit communities",
    "Twitch streaming",
    "Podcasts",
    "Newsletters",
    "AI assistants",
    "Prompt writing",
    "AI image tools",
    "Generative AI risks",
    "No-code automation",
    "Spreadsheets beyond the basics",
    "Data dashboards",
    "Data privacy",
    "Cybersecurity hygiene",
    "Password managers",
    "Cloud collaboration",
    "Slack etiquette",
    "Video meeting presence",
    "Hybrid work",
    "Remote onboarding",
    "Async communication",
    "Gen Z consumer trends",
    "Gen Alpha habits",
    "Influencer marketing",
    "Creator economy",
    "Social commerce",
    "Mobile payments",
    "Buy now pay later",
    "Subscription models",
    "Sustainability expectations",
    "Climate anxiety",
    "Mental health at work",
    "Neurodiversity",
    "Inclusive language",
    "Accessibility",
    "Pronouns and identity",
    "Side hustles",
    "Career mobility",
    "Feedback culture",
    "Personal branding",
    "Memes and internet culture",
    "Gaming culture",
    "Esports",
    "Smart home devices",
    "Wearables",
]

DEPARTMENTS = [
    "Engineering",
    "Marketing",
    "Sales",
    "Finance",
    "People",
    "Operations",
    "Customer Support",
    "Product",
    "Legal",
    "Data",
    "Design",
    "Supply Chain",
]

FIRST_NAMES = [
    "Ana", "Ben", "Chloé", "Daniel", "Emma", "Farid", "Grace", "Hiro", "Ines",
    "James", "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa",
    "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aisha",
    "Björn", "Carmen", "Dmitri", "Elif", "Felix", "Gabriela", "Hannah", "Ivan",
    "Jade", "Kenji", "Leila", "Marcus", "Noor", "Olga", "Pedro", "Ravi", "Sofia",
    "Thomas", "Valentina", "William", "Yara", "Zainab", "Łukasz",
]  # fmt: skip

LAST_NAMES = [
    "Ruiz", "Lee", "Chen", "Okafor", "Park", "Becker", "Vogel", "Mensah", "Nair",
    "Martins", "Brooks", "Doyle", "Ortiz", "Dubois", "Haddad", "Thompson", "Asante",
    "Rossi", "Nolan", "Weber", "Nakamura", "Kim", "Hale", "Carver", "Lindqvist",
    "Whitfield", "Silva", "Kowalski", "Novak", "Schmidt", "Jensen", "García",
    "Müller", "O'Brien", "Singh", "Patel", "Ivanova", "Rahman", "Costa", "Moreau",
    "Tanaka", "Andersson", "Fischer", "Santos", "Yilmaz", "Kaur", "Adeyemi",
    "Horvat", "Petrov", "Olsen",
]  # fmt: skip

TIMEZONES = [
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Sao_Paulo",
    "Asia/Singapore",
    "Asia/Tokyo",
]

MENTEE_TITLES = {
    10: "Chief Executive Officer",
    9: "Vice President",
    8: "Director",
    7: "Senior Manager",
    6: "Manager",
    5: "Team Lead",
}
MENTOR_TITLES = {4: "Senior Associate", 3: "Associate", 2: "Analyst", 1: "Junior"}

GOALS = [
    "Understand what our youngest customers care about",
    "Post on social media myself, with confidence",
    "Use an AI assistant every day without fear",
    "Run a hybrid team that juniors do not want to leave",
    "Stop guessing what the new generation expects from work",
    "Judge a campaign on its merits, not on my instincts",
]

_PLAIN = re.compile(r"^[A-Za-z0-9À-ž][A-Za-z0-9À-ž .@/_-]*$")


def _q(text: str) -> str:
    """A YAML scalar for ``text``: plain when safe, double-quoted otherwise."""
    if _PLAIN.match(text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_q(item) for item in items) + "]"


def _mentee_levels(n: int, rng: random.Random) -> list[int]:
    """A pyramid: one CEO, then ever more people at each lower level."""
    shares = {9: 0.02, 8: 0.08, 7: 0.18, 6: 0.30}  # the rest are level 5
    levels = [10]
    for level, share in shares.items():
        levels += [level] * max(1, round(n * share))
    levels += [5] * max(0, n - len(levels))
    return levels[:n] if n >= 1 else []


def generate_roster(n: int, seed: int = 0) -> str:
    """The YAML text of a roster with ``n`` mentors and ``n`` mentees."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    topic_weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(TOPICS))]

    def pick_topics() -> list[str]:
        count = rng.randint(2, 8)
        chosen: list[str] = []
        while len(chosen) < count:
            topic = rng.choices(TOPICS, weights=topic_weights)[0]
            if topic not in chosen:
                chosen.append(topic)
        return chosen

    def gender() -> str:
        return rng.choices(["female", "male", "non-binary"], weights=[48, 48, 4])[0]

    used: set[str] = set()

    def person_name() -> tuple[str, str]:
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            base = (
                f"{first}.{last}".lower()
                .replace("'", "")
                .encode("ascii", "ignore")
                .decode()
            )
            email = f"{base}@example.com"
            suffix = 2
            while email in used:
                email = f"{base}{suffix}@example.com"
                suffix += 1
            used.add(email)
            return f"{first} {last}", email

    # --- mentees: the management pyramid ------------------------------------
    people: list[dict] = []
    by_level: dict[int, list[int]] = {}
    for level in _mentee_levels(n, rng):
        name, email = person_name()
        index = len(people)
        above = [lvl for lvl in by_level if lvl > level]
        manager = None
        department = rng.choice(DEPARTMENTS)
        if above:
            # Report mostly to the level right above, sometimes to a skip level.
            target = min(above) if rng.random() < 0.85 else rng.choice(above)
            boss = people[rng.choice(by_level[target])]
            manager = boss["email"]
            if level < 9 and rng.random() < 0.9:
                department = boss["department"]
        if level == 10:
            department = "Executive"
        people.append(
            {
                "name": name,
                "email": email,
                "role": "mentee",
                "title": MENTEE_TITLES[level],
                "level": level,
                "department": department,
                "manager": manager,
                "learns": pick_topics(),
                "goals": rng.choice(GOALS),
                "timezone": rng.choice(TIMEZONES),
                "gender": gender(),
            }
        )
        by_level.setdefault(level, []).append(index)

    # --- mentors: juniors under leads and managers --------------------------
    front_line = by_level.get(5, []) + by_level.get(6, [])
    front_line = front_line or [i for ids in by_level.values() for i in ids]
    leads: list[int] = []
    for _ in range(n):
        level = rng.choices([4, 3, 2, 1], weights=[15, 30, 35, 20])[0]
        name, email = person_name()
        if level < 4 and leads and rng.random() < 0.5:
            boss = people[rng.choice(leads)]
        else:
            boss = people[rng.choice(front_line)]
        department = boss["department"]
        if rng.random() < 0.1:
            department = rng.choice(DEPARTMENTS)
        capacity = rng.choices([1, 2, 3], weights=[88, 10, 2])[0]
        people.append(
            {
                "name": name,
                "email": email,
                "role": "mentor",
                "title": MENTOR_TITLES[level],
                "level": level,
                "department": department,
                "manager": boss["email"],
                "teaches": pick_topics(),
                "capacity": capacity,
                "timezone": rng.choice(TIMEZONES),
                "gender": gender(),
            }
        )
        if level == 4:
            leads.append(len(people) - 1)

    for person in people:
        if rng.random() < 0.02:
            person["status"] = "paused"

    # --- avoid and fixed pairs ----------------------------------------------
    mentors = [p for p in people if p["role"] == "mentor"]
    mentees = [p for p in people if p["role"] == "mentee" and p["level"] < 10]
    avoid = set()
    for _ in range(max(1, n // 50)):
        avoid.add((rng.choice(mentors)["email"], rng.choice(mentees)["email"]))
    fixed: list[tuple[str, str]] = []
    fixed_mentees: set[str] = set()
    fixed_load: dict[str, int] = {}
    for _ in range(max(1, n // 200)):
        mentor, mentee = rng.choice(mentors), rng.choice(mentees)
        pair = (mentor["email"], mentee["email"])
        if (
            mentee["email"] in fixed_mentees
            or pair in avoid
            or mentor.get("status") or mentee.get("status")
            or mentee["manager"] == mentor["email"]
            or mentor["manager"] == mentee["email"]
            or fixed_load.get(mentor["email"], 0) >= mentor["capacity"]
        ):  # fmt: skip
            continue
        fixed.append(pair)
        fixed_mentees.add(mentee["email"])
        fixed_load[mentor["email"]] = fixed_load.get(mentor["email"], 0) + 1

    # --- the YAML text ------------------------------------------------------
    out = [
        f"# A generated roster: {n} mentors and {n} mentees (seed {seed}).",
        "program:",
        f"  name: Benchmark program {n}x{n}",
        "  cadence_days: 14",
        "  start: 2027-01-11",
        "  length_weeks: 24",
        f"  topics: {_flow(TOPICS)}",
        "  matching:",
        "    min_level_gap: 2",
        "    weights: {topics: 3, cross_department: 1, diversity: 1}",
        "    diversity_attributes: [gender]",
        "",
        "participants:",
    ]
    for p in rng.sample(people, len(people)):  # the file is in no special order
        out.append(f"  - name: {_q(p['name'])}")
        out.append(f"    email: {p['email']}")
        out.append(f"    role: {p['role']}")
        out.append(f"    title: {_q(p['title'])}")
        out.append(f"    level: {p['level']}")
        out.append(f"    department: {_q(p['department'])}")
        if p["manager"]:
            out.append(f"    manager: {p['manager']}")
        if p["role"] == "mentor":
            out.append(f"    teaches: {_flow(p['teaches'])}")
            if p["capacity"] != 1:
                out.append(f"    capacity: {p['capacity']}")
        else:
            out.append(f"    learns: {_flow(p['learns'])}")
            out.append(f"    goals: {_q(p['goals'])}")
        out.append(f"    timezone: {p['timezone']}")
        out.append(f"    attributes: {{gender: {p['gender']}}}")
        if p.get("status"):
            out.append(f"    status: {p['status']}")
    out.append("")
    out.append("avoid:")
    for first, second in sorted(avoid):
        out.append(f"  - [{first}, {second}]")
    out.append("")
    out.append("fixed:")
    for mentor, mentee in fixed:
        out.append(f"  - {{mentor: {mentor}, mentee: {mentee}}}")
    return "\n".join(out) + "\n"


def write_roster(path: str | Path, n: int, seed: int = 0) -> Path:
    """Write the roster of ``n`` mentors and ``n`` mentees to ``path``."""
    path = Path(path)
    path.write_text(generate_roster(n, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="mentors (and mentees) to generate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "-o", "--output", help="file to write (default: print to stdout)"
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    text = generate_roster(args.n, args.seed)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
