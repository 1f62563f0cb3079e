"""How long `revmentor report --format json` takes on a big program.

Builds a program database with 1,000 pairs (2,000 participants) and 20,000
sessions, plus 6,000 check-ins, written with bulk SQL so the set-up takes a
second or two, then times the whole process as a user runs it (interpreter
start, imports, queries, JSON out) and prints the median of several runs.
The terminal and HTML reports are timed too, for comparison. Target: JSON
under 1 s.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/report.py              # 1,000 pairs, 20,000 sessions, 9 runs
    python benchmarks/report.py --pairs 2000 --sessions 40000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGET = 1.0  # seconds, for --format json
AS_OF = date(2027, 6, 1)
START = date(2027, 1, 4)
TOPICS = [
    "TikTok",
    "LinkedIn",
    "Instagram",
    "AI assistants",
    "Gen Z consumer trends",
    "Hybrid work",
    "Podcasts",
    "Accessibility",
]
DEPARTMENTS = ["Marketing", "Sales", "Engineering", "Finance", "People", "Support"]


def revmentor_command() -> list[str]:
    script = Path(sys.executable).parent / "revmentor"
    return [str(script)] if script.exists() else [sys.executable, "-m", "revmentor"]


def build(db: Path, pairs: int, sessions: int, seed: int = 7) -> None:
    """A program through `revmentor init`, then people, pairs, sessions in bulk."""
    subprocess.run(
        [
            *revmentor_command(),
            "--db",
            str(db),
            "init",
            "--no-input",
            "--name",
            "Benchmark program",
            "--start",
            START.isoformat(),
            "--cadence-days",
            "7",
            "--topics",
            ", ".join(TOPICS),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE program SET diversity_attributes = ? WHERE id = 1",
            [json.dumps(["gender"])],
        )
        people = []
        for i in range(pairs):
            for role, level in (("mentor", 2), ("mentee", 8)):
                people.append(
                    (
                        f"{role}{i}@example.com",
                        f"{role.capitalize()} {i}",
                        role,
                        level,
                        rng.choice(DEPARTMENTS),
                        json.dumps(rng.sample(TOPICS, 2)),
                        json.dumps({"gender": rng.choice(["female", "male"])}),
                        "2026-12-01",
                    )
                )
        conn.executemany(
            "INSERT INTO participants (email, name, role, level, department, teaches, "
            "attributes, enrolled_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            people,
        )
        ids = dict(conn.execute("SELECT email, id FROM participants"))
        conn.executemany(
            "INSERT INTO pairs (id, mentor_id, mentee_id, round, paired_on, score, "
            "reasons) VALUES (?, ?, ?, 1, ?, 1.0, '[\"covers 1 of 2 topics\"]')",
            [
                (
                    i + 1,
                    ids[f"mentor{i}@example.com"],
                    ids[f"mentee{i}@example.com"],
                    (START + timedelta(days=rng.randint(0, 20))).isoformat(),
                )
                for i in range(pairs)
            ],
        )
        rows = []
        span = (AS_OF - START).days + 30  # some sessions fall after the as-of day
        for n in range(sessions):
            pair_id = n % pairs + 1
            rows.append(
                (
                    pair_id,
                    (START + timedelta(days=rng.randint(21, span))).isoformat(),
                    45,
                    json.dumps(rng.sample(TOPICS, rng.randint(1, 3))),
                    "private notes of the session",
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                )
            )
        conn.executemany(
            "INSERT INTO sessions (pair_id, date, minutes, topics, notes, "
            "mentor_rating, mentee_rating) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        checkins = []
        for i in range(pairs):
            mentee = ids[f"mentee{i}@example.com"]
            for topic in rng.sample(TOPICS, 3):
                base = rng.randint(1, 3)
                checkins.append((mentee, topic, "baseline", base, "2027-01-20"))
                checkins.append(
                    (
                        mentee,
                        topic,
                        "final",
                        min(5, base + rng.randint(0, 2)),
                        "2027-05-20",
                    )
                )
        conn.executemany(
            "INSERT INTO checkins (participant_id, topic, phase, score, date) "
            "VALUES (?, ?, ?, ?, ?)",
            checkins,
        )
    conn.close()


def once(command: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed (exit {done.returncode}):\n"
            + done.stderr.decode(errors="replace")
        )
    return elapsed, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `revmentor report` on a program with many pairs and sessions."
    )
    parser.add_argument("--pairs", type=int, default=1000, help="pairs to create")
    parser.add_argument(
        "--sessions", type=int, default=20000, help="sessions to create"
    )
    parser.add_argument("--runs", type=int, default=9, help="timed runs per format")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="revmentor-report-") as tmp:
        db = Path(tmp) / "program.db"
        started = time.perf_counter()
        build(db, args.pairs, args.sessions)
        built = time.perf_counter() - started
        base = [
            *revmentor_command(),
            "--db",
            str(db),
            "report",
            "--as-of",
            AS_OF.isoformat(),
        ]
        commands = {
            "report --format json": [*base, "--format", "json"],
            "report (terminal)": [*base, "--format", "table"],
            "report --format html": [*base, "--format", "html"],
        }
        _, out = once(commands["report --format json"])  # warm the cache, untimed
        data = json.loads(out)
        assert len(data["pairs"]) == args.pairs, len(data["pairs"])
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, command in commands.items():
                times[label].append(once(command)[0])

    medians = {label: statistics.median(values) for label, values in times.items()}
    print(
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {args.pairs:,} pairs, "
        f"{args.sessions:,} sessions (set-up {built:.1f} s); median of {args.runs} "
        "whole-process runs"
    )
    print()
    print(
        f"held {data['summary']['sessions']['held']:,} of "
        f"{data['summary']['sessions']['expected']:,} expected by {AS_OF}"
    )
    print()
    print("| Command | Median |")
    print("|---|---:|")
    for label, seconds in medians.items():
        print(f"| `revmentor {label}` | {seconds * 1000:.0f} ms |")
    figure = medians["report --format json"]
    verdict = "met" if figure < TARGET else "MISSED"
    print()
    print(
        f"Target `report --format json` under {TARGET:.0f} s: {figure:.2f} s ({verdict})"
    )
    return 0 if figure < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
