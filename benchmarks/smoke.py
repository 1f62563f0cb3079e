"""Run every benchmark script once on a tiny program: they still run to the end.

Figures are not checked (a shared machine is too noisy for that): only that each
script finishes without a traceback and prints its table. Exit code 1 from a
script means a target was missed, which tiny programs may do. `.ci/run` calls
this after the tests; it takes about 12 seconds on two CPUs.
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
    began = time.perf_counter()
    # All at once: each script is mostly waiting on the processes it starts.
    running = {
        script: subprocess.Popen(
            [sys.executable, str(HERE / script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script, (args, _) in TINY_RUNS.items()
    }
    failed = []
    for script, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        printed = TINY_RUNS[script][1]
        ok = "Traceback" not in stderr and process.returncode in (0, 1)
        ok = ok and printed in stdout
        print(f"{script:16} {'ok' if ok else 'FAILED'}")
        if not ok:
            failed.append(script)
            print(stdout[-2000:], stderr[-2000:], sep="\n", file=sys.stderr)
    print(f"all benchmark scripts: {time.perf_counter() - began:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
