"""Rosters of any size for tests that need volume (faults, fuzzing)."""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = [f"Topic {n}" for n in range(30)]
DEPARTMENTS = ["Marketing", "Sales", "Engineering", "Finance", "People", "Operations"]


def write_roster(path: Path, per_side: int, seed: int = 7) -> Path:
    """A roster of ``per_side`` mentors and mentees with a simple org chart."""
    rng = random.Random(seed)
    lines = ["participants:"]
    mentees = [f"lead{n}@example.com" for n in range(per_side)]
    for n, email in enumerate(mentees):
        manager = f"\n    manager: {mentees[(n - 1) // 4]}" if n else ""
        lines.append(
            f"  - name: Lead {n}\n    email: {email}\n    role: mentee\n"
            f"    level: {rng.randint(6, 10)}\n"
            f"    department: {rng.choice(DEPARTMENTS)}{manager}\n"
            f"    learns: [{', '.join(rng.sample(TOPICS, 3))}]"
        )
    for n in range(per_side):
        lines.append(
            f"  - name: Junior {n}\n    email: junior{n}@example.com\n    role: mentor\n"
            f"    level: {rng.randint(1, 4)}\n"
            f"    department: {rng.choice(DEPARTMENTS)}\n"
            f"    manager: {rng.choice(mentees)}\n"
            f"    teaches: [{', '.join(rng.sample(TOPICS, 4))}]"
        )
    path.write_text("\n".join(lines) + "\n")
    return path
