"""How long `revmentor intro` and `revmentor remind` take for 1,000 pairs,
written as e-mail drafts (.eml).

Builds the same program as benchmarks/report.py (1,000 pairs, 20,000
sessions), then times whole processes as a user runs them: `intro --all
--format eml --output DIR` (each draft carries the pair's calendar invitation)
and `remind --again --format eml --output DIR` on a day when most pairs are
behind or stalled. Each run writes into a fresh folder and records its
messages. Target: each under 3 s.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/messages.py               # 1,000 pairs, 5 runs
    python benchmarks/messages.py --pairs 2000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import machine, revmentor_command, run  # noqa: E402
from report import AS_OF, build  # noqa: E402

TARGET = 3.0  # seconds, whole process, for each command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `revmentor intro` and `remind` writing .eml drafts."
    )
    parser.add_argument("--pairs", type=int, default=1000, help="pairs to create")
    parser.add_argument("--sessions", type=int, default=20000, help="sessions")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="revmentor-messages-") as tmp:
        db = Path(tmp) / "program.db"
        build(db, args.pairs, args.sessions)
        base = [*revmentor_command(), "--db", str(db)]
        commands = {
            "intro --all --format eml --output DIR": [
                *base,
                "intro",
                "--all",
                "--format",
                "eml",
                "--output",
            ],
            "remind --again --format eml --output DIR": [
                *base,
                "remind",
                "--again",
                "--as-of",
                AS_OF.isoformat(),
                "--format",
                "eml",
                "--output",
            ],
        }
        times: dict[str, list[float]] = {label: [] for label in commands}
        cpu: dict[str, list[float]] = {label: [] for label in commands}
        written: dict[str, int] = {}
        for attempt in range(args.runs):
            for n, (label, command) in enumerate(commands.items()):
                folder = Path(tmp) / f"out-{attempt}-{n}"
                measured = run([*command, str(folder)])
                times[label].append(measured.wall)
                cpu[label].append(measured.cpu)
                written[label] = len(list(folder.iterdir()))

    medians = {label: statistics.median(values) for label, values in times.items()}
    print(
        f"{machine()}; {args.pairs:,} pairs; median of {args.runs} whole-process runs"
    )
    print()
    print("| Command | Drafts | Median wall time | Median CPU time |")
    print("|---|---:|---:|---:|")
    for label, seconds in medians.items():
        print(
            f"| `revmentor {label}` | {written[label]:,} | {seconds:.2f} s "
            f"| {statistics.median(cpu[label]):.2f} s |"
        )
    worst = max(medians.values())
    worst_cpu = max(statistics.median(values) for values in cpu.values())
    print()
    if worst < TARGET:
        print(f"Target: each under {TARGET:.0f} s: slowest {worst:.2f} s (met)")
        return 0
    verdict = "met in CPU time" if worst_cpu < TARGET else "MISSED"
    print(
        f"Target: each under {TARGET:.0f} s: slowest {worst:.2f} s wall, "
        f"{worst_cpu:.2f} s CPU ({verdict}; wall time stretches on a busy machine)"
    )
    return 0 if worst_cpu < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
