"""The scripts in benchmarks/ still run, on tiny programs, and print their tables.

Their figures are not checked here (a shared machine is too noisy for that):
only that each script runs to the end without a traceback. Exit code 1 means a
target was missed, which tiny programs may do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize(
    ("script", "args", "printed"),
    [
        ("pairing.py", ["--sizes", "20", "--runs", "1", "--breakdown", "20"], "| 20"),
        (
            "report.py",
            ["--pairs", "6", "--sessions", "30", "--runs", "1", "--goals", "6"],
            "`revmentor report --format json`",
        ),
        (
            "messages.py",
            ["--pairs", "6", "--sessions", "30", "--runs", "1"],
            "intro --all --format eml",
        ),
        (
            "bulk_import.py",
            ["--rows", "40", "--pairs", "4", "--people", "40", "--runs", "1"],
            "XLSX / YAML",
        ),
        ("startup.py", ["--runs", "1"], "`revmentor --help`"),
        (
            "listings.py",
            ["--people", "10", "--pairs", "4", "--sessions", "20", "--runs", "1"],
            "`revmentor sessions`, 20",
        ),
    ],
)
def test_benchmark_script_runs(script, args, printed):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert printed in done.stdout, done.stdout
