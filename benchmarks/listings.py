"""How long the listings take on a big program: as a terminal table and as JSON.

Builds two programs: one from a generated roster of N mentors and N mentees
(``generate_roster.py``, imported and paired by `revmentor pair`: 2N people and
about N pairs), and the report benchmark's program (``report.build``: 1,000
pairs and 20,000 sessions by default). Then times, as whole processes and side by side in
one run, `revmentor people`, `revmentor pairs` and `revmentor sessions` as the
terminal table (100 columns wide) and with ``--format json``, and prints the
median wall and CPU time of several runs, with the table / JSON ratio.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/listings.py                 # N = 5,000, 5 runs
    python benchmarks/listings.py --people 2000 --sessions 40000 --runs 9
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_roster import write_roster  # noqa: E402
from processes import installed_env, machine, revmentor_command, run  # noqa: E402
from report import build  # noqa: E402

WIDTH = "100"  # columns of the terminal the tables are drawn for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--people", type=int, default=5000, help="mentors (and mentees) to generate"
    )
    parser.add_argument(
        "--pairs", type=int, default=1000, help="pairs of the program with sessions"
    )
    parser.add_argument(
        "--sessions", type=int, default=20000, help="sessions of that program"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    args = parser.parse_args(argv)
    env = installed_env()
    env["COLUMNS"] = WIDTH

    with tempfile.TemporaryDirectory(prefix="revmentor-listings-") as tmp:
        paired = Path(tmp) / "paired.db"
        roster = write_roster(Path(tmp) / "roster.yaml", args.people, seed=1)
        subprocess.run(
            [*revmentor_command(), "--db", str(paired), "pair", str(roster)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        logged = Path(tmp) / "sessions.db"
        build(logged, args.pairs, args.sessions)

        def listing(db: Path, *words: str) -> list[str]:
            return [*revmentor_command(), "--db", str(db), *words]

        commands = {
            f"people, {2 * args.people:,}": listing(paired, "people"),
            f"pairs, about {args.people:,}": listing(paired, "pairs"),
            f"sessions, {args.sessions:,}": listing(logged, "sessions"),
        }
        # Side by side in each round, so a busy moment hits every command alike.
        runs: dict[tuple[str, str], list] = {}
        for _ in range(args.runs):
            for label, command in commands.items():
                runs.setdefault((label, "table"), []).append(run(command, env))
                json = run([*command, "--format", "json"], env)
                runs.setdefault((label, "json"), []).append(json)

    def median(label: str, form: str, what: str) -> float:
        return statistics.median(getattr(r, what) for r in runs[label, form])

    print(f"{machine()}; median of {args.runs} whole-process runs, tables {WIDTH} wide")
    print()
    print(
        "| Listing | Table: wall | Table: CPU | JSON: wall | JSON: CPU | Table / JSON |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label in commands:
        name, size = label.split(", ")
        figures = [
            median(label, f, w) for f in ("table", "json") for w in ("wall", "cpu")
        ]
        cells = " | ".join(f"{figure:.2f} s" for figure in figures)
        print(
            f"| `revmentor {name}`, {size} | {cells} | {figures[1] / figures[3]:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
