"""How long `revmentor pair` takes on big rosters, next to the irreducible work.

For each size N (mentors and mentees each; default 100, 500, 2,000 and 5,000)
this script writes a random but realistic roster of N mentors and N mentees
(``benchmarks/generate_roster.py``: an org chart several levels deep, 50 topics
with 2 to 8 per person, departments, a gender attribute, capacities mostly 1) to
a temporary folder, then measures, as whole processes started from here:

pair (fast) and pair (scipy)
    ``revmentor --db TMP.db pair ROSTER.yaml --format json > /dev/null`` on a
    fresh database each run, with lapx's solver (the ``fast`` extra; skipped
    when lapx is not installed) and with lapx hidden, so scipy solves.
    Everything is counted: interpreter start, imports, reading and validating
    the YAML with line numbers, creating the database, importing 2N people,
    building the eligibility and score matrices, the assignment, the reasons,
    saving the pairs and writing the JSON.

baseline (the irreducible work)
    ``python -c ...`` that imports yaml, numpy and scipy.optimize, parses the same
    file with ``yaml.load(text, Loader=yaml.CSafeLoader)`` and runs
    ``scipy.optimize.linear_sum_assignment`` on a random N×N float matrix. It is
    a subprocess too, so interpreter start and those imports count the same way
    on both sides; it does no validation, writes no database and prints nothing.

ratio
    pair / baseline: what revmentor adds on top of what any implementation has
    to do. Targets at 5,000×5,000: at most 0.7 with the fast extra, at most 1.0
    without it.

Then, for the breakdown sizes (default 2,000 and 5,000), one more process per
solver runs the same `pair` command with a stopwatch around each step and prints
where the time goes (parse, validate, store, build matrices, solve, break
ties, reasons, write, and the rest: start-up, imports, commit), beside the
baseline's own two steps (libyaml parse, scipy solve) timed in the same run.

Times are wall-clock medians (runs interleaved); peak memory is each process's
maximum resident set size, from ``os.wait4``'s rusage of that child alone (the
largest over its runs). Target at 10,000×10,000 (``--sizes 10000``): under 60 s
and under 2 GB. Both sides run with bytecode caching on (into a temporary
``PYTHONPYCACHEPREFIX``, warmed by one untimed ``revmentor --help`` and one
baseline on a tiny roster), as after a normal ``pip install``, even when
``PYTHONDONTWRITEBYTECODE`` is set here. The machine these figures come from is
shared: runs vary by 20% or more.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/pairing.py                 # all sizes
    python benchmarks/pairing.py --sizes 100 2000 --runs 5 --breakdown 2000
    python benchmarks/pairing.py --sizes 10000 --breakdown
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_roster import write_roster  # noqa: E402
from processes import installed_env, revmentor_command, run  # noqa: E402

SIZES = (100, 500, 2000, 5000)
BREAKDOWN_SIZES = (2000, 5000)
TARGET_RATIO = (5000, 0.7, 1.0)  # size, ratio with the fast extra, without
TARGET_BIG = (10000, 60.0, 2048.0)  # size, seconds, MB

BASELINE = """\
import json
import sys
import time
import numpy as np
import yaml
from scipy.optimize import linear_sum_assignment

path, n = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
with open(path, encoding="utf-8") as f:
    data = yaml.load(f.read(), Loader=yaml.CSafeLoader)
parsed = time.perf_counter()
assert len(data["participants"]) == 2 * n
cost = np.random.default_rng(0).random((n, n))
made = time.perf_counter()
linear_sum_assignment(cost)
solved = time.perf_counter()
if len(sys.argv) > 3:
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        json.dump({"parse": parsed - start, "solve": solved - made}, out)
"""

# `revmentor pair` in this interpreter, lapx hidden when the first argument is
# "scipy" (so `import lap` fails, as when the fast extra is not installed).
PAIR = """\
import sys
if sys.argv.pop(1) == "scipy":
    sys.modules["lap"] = None
from revmentor.cli import main
sys.argv[0] = "revmentor"
main()
"""

# The same command with a stopwatch around each step; the totals go to a JSON
# file named by the first argument.
BREAKDOWN = """\
import atexit, json, sys, time
out_path = sys.argv.pop(1)
if sys.argv.pop(1) == "scipy":
    sys.modules["lap"] = None
began = time.perf_counter()
spent = {}
# As revmentor's main() does before numpy is imported (see its comment).
import os
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
# Libraries are loaded up front, so that their import time counts as start-up
# rather than as the first step that happens to need them.
import numpy, yaml
if "lap" in sys.modules:  # hidden: scipy solves
    import scipy.optimize
else:
    import lap

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
from revmentor.domain import assignment, matching, roster, ties
from revmentor.store import pairs, roster_import

timed(roster._Reader, "root", "parse")
timed(roster, "parse_roster", "parse + validate")
timed(roster_import, "apply_roster", "store")
timed(pairs, "insert_pairs", "store")
timed(pairs, "replace_unpaired", "store")
timed(matching, "_broken_rules", "build matrices")
timed(matching, "_score_matrix", "build matrices")
timed(assignment, "_cost_in_place", "build matrices")
timed(assignment, "solve_dense", "solve")  # ties keeps its own, untimed
timed(ties, "same_on_ties", "break ties")
timed(matching, "match", "match")
timed(shown, "show_pairing", "write")

def report():
    spent["whole"] = time.perf_counter() - began
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(spent, out)

atexit.register(report)
from revmentor.cli import main
sys.argv[0] = "revmentor"
main()
"""
STEPS = (
    "parse",
    "validate",
    "store",
    "build matrices",
    "solve",
    "break ties",
    "reasons",
    "write",
)


def default_runs(n: int) -> int:
    if n <= 500:
        return 5
    if n <= 2000:
        return 3
    return 1


def has_fast_extra() -> bool:
    try:
        import lap  # noqa: F401
    except ImportError:
        return False
    return True


def measure(n: int, runs: int, folder: Path, seed: int, env: dict) -> dict:
    roster = write_roster(folder / f"roster-{n}.yaml", n, seed=seed)
    db = folder / f"pair-{n}.db"
    args = ["--db", str(db), "pair", str(roster), "--format", "json"]
    solvers = ["fast", "scipy"] if has_fast_extra() else ["scipy"]
    commands = {s: [sys.executable, "-c", PAIR, s, *args] for s in solvers}
    commands["baseline"] = [sys.executable, "-c", BASELINE, str(roster), str(n)]
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
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
    for name in solvers:
        row[f"{name}_ratio"] = row[name] / row["baseline"]
    return row


def breakdown(n: int, folder: Path, seed: int, env: dict) -> dict:
    """Seconds per step of one `pair` per solver, and of one baseline."""
    roster = write_roster(folder / f"roster-{n}.yaml", n, seed=seed)
    db = folder / f"pair-{n}.db"
    out = folder / "steps.json"
    result: dict[str, dict[str, float]] = {}
    for solver in ["fast", "scipy"] if has_fast_extra() else ["scipy"]:
        db.unlink(missing_ok=True)
        command = [sys.executable, "-c", BREAKDOWN, str(out), solver]
        command += ["--db", str(db), "pair", str(roster), "--format", "json"]
        seconds = run(command, env).wall
        spent = json.loads(out.read_text())
        steps = {
            "parse": spent.get("parse", 0.0),
            "validate": spent.get("parse + validate", 0.0) - spent.get("parse", 0.0),
            "store": spent.get("store", 0.0),
            "build matrices": spent.get("build matrices", 0.0),
            "solve": spent.get("solve", 0.0),
            "break ties": spent.get("break ties", 0.0),
            "write": spent.get("write", 0.0),
        }
        steps["reasons"] = spent.get("match", 0.0) - sum(
            steps[step] for step in ("build matrices", "solve", "break ties")
        )
        steps["whole process"] = seconds
        steps["start-up, imports, commit"] = seconds - sum(
            steps[step] for step in STEPS
        )
        result[solver] = steps
    command = [sys.executable, "-c", BASELINE, str(roster), str(n), str(out)]
    seconds = run(command, env).wall
    result["baseline"] = {**json.loads(out.read_text()), "whole process": seconds}
    return result


def breakdown_table(n: int, steps: dict[str, dict[str, float]]) -> str:
    solvers = [s for s in ("fast", "scipy") if s in steps]
    header = " | ".join(f"pair ({s})" for s in solvers)
    lines = [
        f"Where `pair` spends its time at {n:,} × {n:,} (one run each):",
        "",
        f"| Step | {header} | Baseline (libyaml + LSA) |",
        "|---" + "|---:" * (len(solvers) + 1) + "|",
    ]
    baseline = steps["baseline"]
    both = {"parse": baseline["parse"], "solve": baseline["solve"]}
    for step in (*STEPS, "start-up, imports, commit", "whole process"):
        cells = " | ".join(f"{steps[s][step]:.2f} s" for s in solvers)
        base = both.get(
            step, baseline["whole process"] if step == "whole process" else None
        )
        base_cell = f"{base:.2f} s" if base is not None else ""
        lines.append(f"| {step} | {cells} | {base_cell} |")
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    solvers = [s for s in ("fast", "scipy") if s in rows[0]]
    names = {"fast": "`pair` (fast extra)", "scipy": "`pair` (scipy)"}
    head = " | ".join(names[s] for s in solvers)
    ratios = " | ".join(f"Ratio ({s})" for s in solvers)
    peaks = " | ".join(f"Peak ({s})" for s in solvers)
    lines = [
        f"| Size (mentors × mentees) | Roster | Runs | {head} | "
        f"Baseline (libyaml + LSA) | {ratios} | {peaks} | Peak (baseline) |",
        "|---:|---:|---:|" + "---:|" * (3 * len(solvers) + 2),
    ]
    for r in rows:
        cells = [f"{r[s]:.2f} s" for s in solvers]
        cells.append(f"{r['baseline']:.2f} s")
        cells += [f"{r[f'{s}_ratio']:.2f}×" for s in solvers]
        cells += [f"{r[f'{s}_peak_mb']:.0f} MB" for s in solvers]
        cells.append(f"{r['baseline_peak_mb']:.0f} MB")
        lines.append(
            f"| {r['n']:,} × {r['n']:,} | {r['yaml_mb']:.1f} MB | {r['runs']} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    out = []
    by_n = {r["n"]: r for r in rows}
    n, fast_limit, scipy_limit = TARGET_RATIO
    if n in by_n:
        for solver, limit in (("fast", fast_limit), ("scipy", scipy_limit)):
            if f"{solver}_ratio" in by_n[n]:
                ratio = by_n[n][f"{solver}_ratio"]
                ok = "met" if ratio <= limit else "MISSED"
                out.append(
                    f"Target ratio ≤ {limit:g} at {n:,} ({solver}): {ratio:.2f}× ({ok})"
                )
    n, seconds, mb = TARGET_BIG
    if n in by_n:
        r = by_n[n]
        for solver in ("fast", "scipy"):
            if solver in r:
                took, peak = r[solver], r[f"{solver}_peak_mb"]
                ok = "met" if took < seconds and peak < mb else "MISSED"
                out.append(
                    f"Target at {n:,} ({solver}): under {seconds:g} s and "
                    f"{mb / 1024:g} GB: {took:.2f} s, {peak:.0f} MB ({ok})"
                )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `revmentor pair` against libyaml + linear_sum_assignment."
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(SIZES),
        metavar="N",
        help="mentors (= mentees) per roster (default: 100 500 2000 5000)",
    )
    parser.add_argument(
        "--runs", type=int, help="runs per size (default: 5 up to 500, 3 up to "
        "2,000, then 1)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="roster seed (default 1)")
    parser.add_argument(
        "--breakdown",
        type=int,
        nargs="*",
        metavar="N",
        help="sizes to break down step by step (default: 2000 and 5000 when "
        "measured; the measured sizes when given without a value)",
    )
    args = parser.parse_args(argv)

    import yaml

    if not getattr(yaml, "__with_libyaml__", False):
        print("warning: PyYAML has no libyaml here; the baseline cannot run")
        return 1
    print(
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs; revmentor: "
        f"{' '.join(revmentor_command())}",
        flush=True,
    )
    if args.breakdown is None:
        chosen = [n for n in BREAKDOWN_SIZES if n in args.sizes]
    else:
        chosen = args.breakdown or list(args.sizes)
    if not has_fast_extra():
        print("lapx is not installed: only scipy is measured (pip install '.[fast]')")
    rows = []
    steps = {}
    with tempfile.TemporaryDirectory(prefix="revmentor-bench-") as tmp:
        env = installed_env(Path(tmp) / "pycache")
        # Warm the bytecode cache: the first run compiles, the timed ones do not.
        run([*revmentor_command(), "--help"], env)
        measure(2, 1, Path(tmp), args.seed, env)
        for n in args.sizes:
            runs = args.runs or default_runs(n)
            row = measure(n, runs, Path(tmp), args.seed, env)
            rows.append(row)
            solvers = [s for s in ("fast", "scipy") if s in row]
            print(
                f"  {n:>6,}: "
                + ", ".join(
                    f"pair ({s}) {row[s]:.2f} s ({row[f'{s}_ratio']:.2f}×, "
                    f"{row[f'{s}_peak_mb']:.0f} MB)"
                    for s in solvers
                )
                + f", baseline {row['baseline']:.2f} s",
                flush=True,
            )
        for n in chosen:
            steps[n] = breakdown(n, Path(tmp), args.seed, env)
            print(f"  {n:>6,}: breakdown done", flush=True)
    print()
    print(table(rows))
    for n, found in steps.items():
        print()
        print(breakdown_table(n, found))
    print()
    for line in verdicts(rows):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
