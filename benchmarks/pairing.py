"""How long `revmentor pair` takes on big rosters, next to the irreducible work.

For each size N (mentors and mentees each; default 100, 500, 2,000 and 5,000)
this script writes a random but realistic roster of N mentors and N mentees
(``benchmarks/generate_roster.py``: an org chart several levels deep, 50 topics
with 2 to 8 per person, departments, a gender attribute, capacities mostly 1) to
a temporary folder, then measures, as whole processes started from here:

pair
    ``revmentor --db TMP.db pair ROSTER.yaml --format json > /dev/null`` on a
    fresh database each run. Everything is counted: interpreter start, imports,
    reading and validating the YAML with line numbers, creating the database,
    importing 2N people, building the eligibility and score matrices, the
    assignment, the reasons, saving the pairs and writing the JSON.

baseline (the irreducible work)
    ``python -c ...`` that imports yaml, numpy and scipy.optimize, parses the same
    file with ``yaml.load(text, Loader=yaml.CSafeLoader)`` and runs
    ``scipy.optimize.linear_sum_assignment`` on a random N×N float matrix. It is
    a subprocess too, so interpreter start and those imports count the same way
    on both sides; it does no validation, writes no database and prints nothing.

ratio
    pair / baseline: what revmentor adds on top of what any implementation has
    to do. Target: at most 3 at 2,000×2,000.

Times are wall-clock medians (runs interleaved pair, baseline, pair, …); peak
memory is each process's maximum resident set size, from ``os.wait4``'s
rusage of that child alone (the largest over its runs). Target at 5,000×5,000:
under 15 s and under 2 GB. Both sides run with bytecode caching on (into a
temporary ``PYTHONPYCACHEPREFIX``, warmed by one untimed ``revmentor --help``
and one baseline on a tiny roster), as after a normal ``pip install``, even
when ``PYTHONDONTWRITEBYTECODE`` is set here.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/pairing.py                 # all sizes
    python benchmarks/pairing.py --sizes 100 2000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_roster import write_roster  # noqa: E402

SIZES = (100, 500, 2000, 5000)
TARGET_RATIO = (2000, 3.0)
TARGET_BIG = (5000, 15.0, 2048.0)  # size, seconds, MB

BASELINE = """\
import sys
import numpy as np
import yaml
from scipy.optimize import linear_sum_assignment

path, n = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as f:
    data = yaml.load(f.read(), Loader=yaml.CSafeLoader)
assert len(data["participants"]) == 2 * n
cost = np.random.default_rng(0).random((n, n))
linear_sum_assignment(cost)
"""


def default_runs(n: int) -> int:
    if n <= 500:
        return 5
    if n <= 2000:
        return 3
    return 1


def revmentor_command() -> list[str]:
    """The `revmentor` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "revmentor"
    if script.exists():
        return [str(script)]
    found = shutil.which("revmentor")
    if found:
        return [found]
    return [sys.executable, "-m", "revmentor"]


def child_env(pycache: Path) -> dict[str, str]:
    """This environment, with bytecode cached as an installed package has it."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run(command: list[str], stderr_path: Path, env: dict) -> tuple[float, float]:
    """Run ``command`` with stdout to /dev/null; (seconds, peak RSS in MB)."""
    with open(stderr_path, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        message = stderr_path.read_text(errors="replace").strip()
        raise SystemExit(
            f"{' '.join(command)} failed (exit {process.returncode}):\n{message}"
        )
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    if sys.platform == "darwin":
        peak_kb /= 1024  # bytes there
    return elapsed, peak_kb / 1024


def measure(n: int, runs: int, folder: Path, seed: int, env: dict) -> dict:
    roster = write_roster(folder / f"roster-{n}.yaml", n, seed=seed)
    db = folder / f"pair-{n}.db"
    err = folder / "stderr.txt"
    pair_cmd = [*revmentor_command(), "--db", str(db), "pair", str(roster)]
    pair_cmd += ["--format", "json"]
    base_cmd = [sys.executable, "-c", BASELINE, str(roster), str(n)]
    pair_times, base_times, peaks, base_peaks = [], [], [], []
    for _ in range(runs):
        db.unlink(missing_ok=True)  # a fresh database every run
        seconds, peak = run(pair_cmd, err, env)
        pair_times.append(seconds)
        peaks.append(peak)
        seconds, peak = run(base_cmd, err, env)
        base_times.append(seconds)
        base_peaks.append(peak)
    pair_s = statistics.median(pair_times)
    base_s = statistics.median(base_times)
    return {
        "n": n,
        "runs": runs,
        "pair": pair_s,
        "baseline": base_s,
        "ratio": pair_s / base_s,
        "peak_mb": max(peaks),
        "base_peak_mb": max(base_peaks),
        "yaml_mb": roster.stat().st_size / 1e6,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| Size (mentors × mentees) | Roster | Runs | `revmentor pair` | "
        "Baseline (libyaml + LSA) | Ratio | Peak memory (pair) | "
        "Peak memory (baseline) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} × {r['n']:,} | {r['yaml_mb']:.1f} MB | {r['runs']} "
            f"| {r['pair']:.2f} s | {r['baseline']:.2f} s | {r['ratio']:.2f}× "
            f"| {r['peak_mb']:.0f} MB | {r['base_peak_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    out = []
    by_n = {r["n"]: r for r in rows}
    n, limit = TARGET_RATIO
    if n in by_n:
        ratio = by_n[n]["ratio"]
        ok = "met" if ratio <= limit else "MISSED"
        out.append(f"Target ratio ≤ {limit:g} at {n:,}: {ratio:.2f}× ({ok})")
    n, seconds, mb = TARGET_BIG
    if n in by_n:
        r = by_n[n]
        ok = "met" if r["pair"] < seconds and r["peak_mb"] < mb else "MISSED"
        out.append(
            f"Target at {n:,}: under {seconds:g} s and {mb / 1024:g} GB: "
            f"{r['pair']:.2f} s, {r['peak_mb']:.0f} MB ({ok})"
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
    rows = []
    with tempfile.TemporaryDirectory(prefix="revmentor-bench-") as tmp:
        env = child_env(Path(tmp) / "pycache")
        # Warm the bytecode cache: the first run compiles, the timed ones do not.
        run([*revmentor_command(), "--help"], Path(tmp) / "stderr.txt", env)
        measure(2, 1, Path(tmp), args.seed, env)
        for n in args.sizes:
            runs = args.runs or default_runs(n)
            row = measure(n, runs, Path(tmp), args.seed, env)
            rows.append(row)
            print(
                f"  {n:>6,}: pair {row['pair']:.2f} s, baseline "
                f"{row['baseline']:.2f} s, ratio {row['ratio']:.2f}, "
                f"peak {row['peak_mb']:.0f} MB",
                flush=True,
            )
    print()
    print(table(rows))
    print()
    for line in verdicts(rows):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
