"""How fast company files come in: sessions in bulk, and spreadsheet rosters.

1. `revmentor log --from` a 20,000-row CSV of sessions (1,000 pairs), whole
   process, against a plain script that reads the same CSV and writes the same
   rows with sqlite-utils' `insert_all` in one process (the floor for "read a
   CSV, write rows"). Target: within 3x of it, peak memory under 300 MB. Every
   revmentor row is checked by the same rules as `revmentor log`.
2. `revmentor import` of a 5,000-person roster as YAML, CSV and XLSX, whole
   process into a fresh database each. Target: CSV and XLSX no slower than YAML.
3. With --org: `revmentor pair` on N mentors and N mentees with and without a
   20,000-person org chart loaded.

Each figure is the median of --runs whole processes; the machine is shared, so
CPU seconds are shown beside wall time. Run from the repository root:

    python benchmarks/bulk_import.py
    python benchmarks/bulk_import.py --rows 20000 --people 5000 --runs 3 --org 2000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_roster import write_roster  # noqa: E402
from processes import revmentor_command, run  # noqa: E402

PAIRED_ON = date(2025, 1, 6)
TOPICS = ["TikTok", "LinkedIn", "AI assistants", "Podcasts", "Hybrid work"]


def median_run(
    command: list[str], runs: int, before=None
) -> tuple[float, float, float]:
    results = []
    for _ in range(runs):
        if before is not None:
            before()
        measured = run(command)
        results.append((measured.wall, measured.cpu, measured.peak_mb))
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def program_with_pairs(db: Path, pairs: int) -> None:
    """An initialised program with ``pairs`` active pairs made on PAIRED_ON."""
    subprocess.run(
        [
            *revmentor_command(),
            "--db",
            str(db),
            "init",
            "--no-input",
            "--name",
            "B",
            "--topics",
            ", ".join(TOPICS),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO participants (email, name, role, level, enrolled_on) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    f"{role}{i}@example.com",
                    f"{role.title()} {i}",
                    role,
                    level,
                    "2025-01-01",
                )
                for i in range(pairs)
                for role, level in (("mentor", 2), ("mentee", 8))
            ],
        )
        ids = dict(conn.execute("SELECT email, id FROM participants"))
        conn.executemany(
            "INSERT INTO pairs (mentor_id, mentee_id, paired_on) VALUES (?, ?, ?)",
            [
                (
                    ids[f"mentor{i}@example.com"],
                    ids[f"mentee{i}@example.com"],
                    PAIRED_ON.isoformat(),
                )
                for i in range(pairs)
            ],
        )
    conn.close()


def sessions_csv(path: Path, rows: int, pairs: int, seed: int = 3) -> None:
    """A form export: one row per session, names the pair by both emails."""
    rng = random.Random(seed)
    span = (date.today() - PAIRED_ON).days
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "response_id",
                "mentor",
                "mentee",
                "date",
                "minutes",
                "topics",
                "mentor_rating",
                "mentee_rating",
                "notes",
            ]
        )
        for n in range(rows):
            i = n % pairs
            out.writerow(
                [
                    f"r{n}",
                    f"mentor{i}@example.com",
                    f"mentee{i}@example.com",
                    (PAIRED_ON + timedelta(days=rng.randint(0, span))).isoformat(),
                    rng.choice([30, 45, 60]),
                    "; ".join(rng.sample(TOPICS, rng.randint(1, 3))),
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    "talked about the brand account",
                ]
            )


BASELINE = """
import csv, sys
import sqlite_utils
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = list(csv.DictReader(handle))
db = sqlite_utils.Database(sys.argv[2])
db["sessions_in"].insert_all(rows, batch_size=1000)
"""


def bench_sessions(folder: Path, rows: int, pairs: int, runs: int) -> list[str]:
    base = folder / "base.db"
    program_with_pairs(base, pairs)
    export = folder / "sessions.csv"
    sessions_csv(export, rows, pairs)
    db = folder / "work.db"
    plain = folder / "plain.db"

    def fresh() -> None:
        shutil.copy(base, db)

    def fresh_plain() -> None:
        plain.unlink(missing_ok=True)

    ours = median_run(
        [*revmentor_command(), "--db", str(db), "log", "--from", str(export)],
        runs,
        fresh,
    )
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    assert stored == rows, f"{stored} sessions stored, not {rows}"
    floor = median_run(
        [sys.executable, "-c", BASELINE, str(export), str(plain)], runs, fresh_plain
    )
    ratio = ours[0] / floor[0]
    return [
        f"log --from, {rows:,} rows ({pairs:,} pairs), whole process:",
        f"  revmentor log --from        {ours[0]:6.2f} s wall  {ours[1]:6.2f} s CPU  "
        f"{ours[2]:6.0f} MB peak",
        f"  sqlite-utils insert_all     {floor[0]:6.2f} s wall  {floor[1]:6.2f} s CPU  "
        f"{floor[2]:6.0f} MB peak",
        f"  ratio {ratio:.2f}x (target <= 3x): {'met' if ratio <= 3 else 'MISSED'}; "
        f"peak {ours[2]:.0f} MB (target < 300 MB): "
        f"{'met' if ours[2] < 300 else 'MISSED'}",
    ]


def roster_files(folder: Path, people: int) -> dict[str, Path]:
    """The same people as YAML, CSV and XLSX (the YAML from generate_roster)."""
    import openpyxl
    import yaml

    yaml_path = write_roster(folder / "roster.yaml", people // 2, seed=1)
    data = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    keys = [
        "name",
        "email",
        "role",
        "title",
        "level",
        "department",
        "manager",
        "teaches",
        "learns",
        "goals",
        "capacity",
        "timezone",
        "status",
    ]
    attributes = sorted(
        {k for p in data["participants"] for k in p.get("attributes", {})}
    )
    header = keys + [f"attributes.{k}" for k in attributes]
    rows = []
    for person in data["participants"]:
        row = []
        for key in keys:
            value = person.get(key)
            row.append("; ".join(value) if isinstance(value, list) else value)
        row += [person.get("attributes", {}).get(k) for k in attributes]
        rows.append(row)
    plain = folder / "people.yaml"  # participants only, as the sheets hold
    plain.write_text(yaml.safe_dump({"participants": data["participants"]}))
    csv_path = folder / "roster.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    # A normal workbook, as Excel saves it: text in the shared-strings table (a
    # write-only workbook stores inline strings, which read several times slower).
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    xlsx_path = folder / "roster.xlsx"
    book.save(xlsx_path)
    return {"YAML": plain, "CSV": csv_path, "XLSX": xlsx_path}


def bench_rosters(folder: Path, people: int, runs: int) -> list[str]:
    files = roster_files(folder, people)
    db = folder / "roster.db"

    def fresh() -> None:
        db.unlink(missing_ok=True)

    lines = [f"import, a {people:,}-person roster, whole process into a new database:"]
    times = {}
    for kind, path in files.items():
        times[kind] = median_run(
            [*revmentor_command(), "--db", str(db), "import", str(path)], runs, fresh
        )
        count = (
            sqlite3.connect(db)
            .execute("SELECT COUNT(*) FROM participants")
            .fetchone()[0]
        )
        lines.append(
            f"  {kind:5} {times[kind][0]:6.2f} s wall  {times[kind][1]:6.2f} s CPU  "
            f"{times[kind][2]:6.0f} MB peak  ({count:,} people)"
        )
    for kind in ("CSV", "XLSX"):
        verdict = "met" if times[kind][0] <= times["YAML"][0] else "MISSED"
        lines.append(
            f"  {kind} / YAML: {times[kind][0] / times['YAML'][0]:.2f} "
            f"(target <= 1): {verdict}"
        )
    return lines


def bench_org(folder: Path, per_side: int, org_size: int, runs: int) -> list[str]:
    roster = write_roster(folder / f"pair-{per_side}.yaml", per_side, seed=2)
    base = folder / "pair-base.db"
    subprocess.run(
        [*revmentor_command(), "--db", str(base), "import", str(roster)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    chart = folder / "org.csv"
    with chart.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["email", "name", "manager"])
        for n in range(org_size):
            manager = f"org{(n - 1) // 5}@example.com" if n else ""
            out.writerow([f"org{n}@example.com", f"Org {n}", manager])
    with_org = folder / "pair-org.db"
    shutil.copy(base, with_org)
    subprocess.run(
        [*revmentor_command(), "--db", str(with_org), "org", "import", str(chart)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = folder / "pair.db"
    lines = [f"pair, {per_side:,} x {per_side:,}, whole process (--dry-run):"]
    results = {}
    for label, source in (
        ("no org chart", base),
        (f"{org_size:,}-person org", with_org),
    ):
        results[label] = median_run(
            [*revmentor_command(), "--db", str(db), "pair", "--dry-run"],
            runs,
            lambda source=source: shutil.copy(source, db),
        )
        wall, cpu, peak = results[label]
        lines.append(
            f"  {label:22} {wall:6.2f} s wall  {cpu:6.2f} s CPU  {peak:6.0f} MB peak"
        )
    first, second = results.values()
    lines.append(f"  with / without the org chart: {second[0] / first[0]:.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="session rows")
    parser.add_argument("--pairs", type=int, default=1_000, help="pairs they name")
    parser.add_argument("--people", type=int, default=5_000, help="roster size")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure")
    parser.add_argument(
        "--org",
        type=int,
        default=0,
        metavar="N",
        help="also time pair on N x N people with a 20,000-person org chart",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="revmentor-bulk-") as tmp:
        folder = Path(tmp)
        lines = bench_sessions(folder, args.rows, args.pairs, args.runs)
        lines += bench_rosters(folder, args.people, args.runs)
        if args.org:
            lines += bench_org(folder, args.org, 20_000, args.runs)
    print(json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count()}))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
