"""Run every benchmark script once on a tiny program: they still run to the end.

Figures are not checked (a shared machine is too noisy for that): only that each
script finishes without a traceback and prints its table. Exit code 1 from a
script means a target was missed, which tiny programs may do. `.ci/run` calls
this after the tests; it takes about 15 seconds.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# script -> (arguments for a tiny run, text its table must print)
TINY_RUNS = {
    "pairing.py": (["--sizes", "20", "--runs", "1"], "| 20"),
    "report.py": (
        ["--pairs", "6", "--sessions", "30", "--runs", "1", "--goals", "6"],
        "`revmentor report --format json`",
    ),
    "messages.py": (
        ["--pairs", "6", "--sessions", "30", "--runs", "1"],
        "intro --all --format eml",
    ),
    "bulk_import.py": (
        ["--rows", "40", "--pairs", "4", "--people", "40", "--runs", "1"],
        "XLSX / YAML",
    ),
    "startup.py": (["--runs", "1"], "`revmentor --help`"),
    "listings.py": (
        ["--people", "10", "--pairs", "4", "--sessions", "20", "--runs", "1"],
        "`revmentor sessions`",
    ),
}


def main() -> int:
    failed = []
    began = time.perf_counter()
    for script, (args, printed) in TINY_RUNS.items():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(HERE / script), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        ok = (
            "Traceback" not in done.stderr
            and done.returncode in (0, 1)
            and printed in done.stdout
        )
        print(
            f"{script:16} {time.perf_counter() - started:5.1f} s  {'ok' if ok else 'FAILED'}"
        )
        if not ok:
            failed.append(script)
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
    print(f"all benchmark scripts: {time.perf_counter() - began:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
