"""How long `revmentor pair` takes on big rosters, next to the irreducible work.

For each size N (mentors and mentees each; default 100, 500, 2,000 and 5,000)
this script writes a random but realistic roster of N mentors and N mentees
(``benchmarks/generate_roster.py``: an org chart several levels deep, 50 topics
with 2 to 8 per person, departments, a gender attribute, capacities mostly 1) to
a temporary folder, then measures, as whole processes started from here:

pair
    ``revmentor --db TMP.db pair ROSTER.yaml --format json > /dev/null`` on a
    fresh database each run. Everything is counted: interpreter start, imports,
    reading and validating the YAML, creating the database, importing 2N people,
    the rules and score matrices, scipy's assignment, the reasons, saving the
    pairs and writing the JSON.

baseline (the irreducible work)
    ``python -c ...`` that imports yaml, numpy and scipy.optimize, parses the same
    file with ``yaml.load(text, Loader=yaml.CSafeLoader)`` and runs
    ``scipy.optimize.linear_sum_assignment`` on a random N×N float matrix. It is
    a subprocess too, so interpreter start and those imports count the same way.

ratio
    pair / baseline. Target at 5,000×5,000: at most 1.0.

With ``--breakdown N``, one more `pair` process per size runs with a stopwatch
around each step (parse and validate, store, build matrices, solve, reasons and
unpaired, write; the rest is start-up, imports and commit).

Times are wall-clock medians (runs interleaved); peak memory is each process's
maximum resident set size (the largest over its runs). Target at 10,000×10,000
(``--sizes 10000``): under 2 GB. Bytecode is cached as after a normal ``pip
install``. The machine these figures come from is shared: runs vary by 20% or more.

    python benchmarks/pairing.py                 # all sizes
    python benchmarks/pairing.py --sizes 600 2000 --breakdown 2000
    python benchmarks/pairing.py --sizes 10000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_roster import write_roster  # noqa: E402
from processes import installed_env, machine, revmentor_command, run  # noqa: E402

SIZES = (100, 500, 2000, 5000)
TARGET_RATIO = (5000, 1.0)  # size, ratio
TARGET_PEAK = (10000, 2048.0)  # size, MB

BASELINE = """\
import sys
import numpy as np
import yaml
from scipy.optimize import linear_sum_assignment

path, n = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as f:
    data = yaml.load(f.read(), Loader=yaml.CSafeLoader)
assert len(data["participants"]) == 2 * n
linear_sum_assignment(np.random.default_rng(0).random((n, n)))
"""

# `revmentor pair` with a stopwatch around each step; the totals go to a JSON
# file named by the first argument.
BREAKDOWN = """\
import atexit, json, sys, time
out_path = sys.argv.pop(1)
began = time.perf_counter()
spent = {}
import numpy, yaml, scipy.optimize  # their import counts as start-up

def timed(owner, name, step):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[step] = spent.get(step, 0.0) + time.perf_counter() - start
    setattr(owner, name, wrapper)

from revmentor.render import pairs as shown
from revmentor.domain.pairing import assignment, matching
from revmentor.library import rosters as roster_import
from revmentor.store import pairs

timed(roster_import, "parse_roster", "parse and validate")
timed(roster_import, "apply_roster", "store")
timed(pairs, "insert_pairs", "store")
timed(pairs, "replace_unpaired", "store")
timed(assignment, "rule_codes", "build matrices")
timed(assignment, "score_matrix", "build matrices")
timed(scipy.optimize, "linear_sum_assignment", "solve")
timed(matching, "match", "match")
timed(shown, "show_pairing", "write")

def report():
    spent["whole process"] = time.perf_counter() - began
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(spent, out)

atexit.register(report)
from revmentor.cli import main
sys.argv[0] = "revmentor"
main()
"""
STEPS = ("parse and validate", "store", "build matrices", "solve", "write")


def measure(n: int, runs: int, folder: Path, seed: int, env: dict) -> dict:
    roster = write_roster(folder / f"roster-{n}.yaml", n, seed=seed)
    db = folder / f"pair-{n}.db"
    commands = {
        "pair": [*revmentor_command(), "--db", str(db), "pair", str(roster)]
        + ["--format", "json"],
        "baseline": [sys.executable, "-c", BASELINE, str(roster), str(n)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0.0)
    for _ in range(runs):
        for name, command in commands.items():
            db.unlink(missing_ok=True)  # a fresh database every run
            measured = run(command, env)
            times[name].append(measured.wall)
            peaks[name] = max(peaks[name], measured.peak_mb)
    row = {"n": n, "runs": runs, "yaml_mb": roster.stat().st_size / 1e6}
    for name in commands:
        row[name] = statistics.median(times[name])
        row[f"{name}_peak_mb"] = peaks[name]
    row["ratio"] = row["pair"] / row["baseline"]
    return row


def breakdown(n: int, folder: Path, seed: int, env: dict) -> dict[str, float]:
    """Seconds per step of one `pair` run."""
    roster = write_roster(folder / f"roster-{n}.yaml", n, seed=seed)
    db, out = folder / f"pair-{n}.db", folder / "steps.json"
    db.unlink(missing_ok=True)
    command = [sys.executable, "-c", BREAKDOWN, str(out), "--db", str(db), "pair"]
    run([*command, str(roster), "--format", "json"], env)
    spent = json.loads(out.read_text())
    steps = {step: spent.get(step, 0.0) for step in (*STEPS, "whole process")}
    inside = steps["build matrices"] + steps["solve"]
    steps["reasons and unpaired"] = spent.get("match", 0.0) - inside
    steps["start-up, imports, commit"] = steps["whole process"] - sum(
        value for step, value in steps.items() if step != "whole process"
    )
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `revmentor pair` against libyaml + linear_sum_assignment."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--runs", type=int, help="runs per size (default: 3, 1 above 2,000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="roster seed (default 1)")
    parser.add_argument("--breakdown", type=int, nargs="*", default=[], metavar="N")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    rows, steps = [], {}
    with tempfile.TemporaryDirectory(prefix="revmentor-bench-") as tmp:
        env = installed_env()
        run([*revmentor_command(), "--help"], env)  # warm the bytecode cache
        measure(2, 1, Path(tmp), args.seed, env)
        for n in args.sizes:
            row = measure(
                n, args.runs or (3 if n <= 2000 else 1), Path(tmp), args.seed, env
            )
            rows.append(row)
            print(
                f"  {n:>6,}: pair {row['pair']:.2f} s ({row['ratio']:.2f}×, "
                f"{row['pair_peak_mb']:.0f} MB), baseline {row['baseline']:.2f} s",
                flush=True,
            )
        for n in args.breakdown:
            steps[n] = breakdown(n, Path(tmp), args.seed, env)
    print(
        "\n| Size | Roster | Runs | `pair` | Baseline | Ratio | Peak | Peak (baseline) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['n']:,} × {r['n']:,} | {r['yaml_mb']:.1f} MB | {r['runs']} | "
            f"{r['pair']:.2f} s | {r['baseline']:.2f} s | {r['ratio']:.2f}× | "
            f"{r['pair_peak_mb']:.0f} MB | {r['baseline_peak_mb']:.0f} MB |"
        )
    for n, found in steps.items():
        print(f"\nWhere `pair` spends its time at {n:,} × {n:,} (one run):\n")
        print("| Step | Seconds |\n|---|---:|")
        for step, seconds in found.items():
            print(f"| {step} | {seconds:.2f} |")
    by_n = {r["n"]: r for r in rows}
    n, limit = TARGET_RATIO
    if n in by_n:
        ok = "met" if by_n[n]["ratio"] <= limit else "MISSED"
        print(f"\nTarget ratio ≤ {limit:g} at {n:,}: {by_n[n]['ratio']:.2f}× ({ok})")
    n, mb = TARGET_PEAK
    if n in by_n:
        peak = by_n[n]["pair_peak_mb"]
        ok = "met" if peak < mb else "MISSED"
        print(f"Target peak under {mb / 1024:g} GB at {n:,}: {peak:.0f} MB ({ok})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
