"""How fast `revmentor` starts, next to a minimal Typer app.

Every figure is the median wall-clock time of several whole processes started
from here (stdout and stderr to /dev/null), so interpreter start, imports and
exit are all counted:

``python -c "import typer"``
    the floor: Python plus Typer (and Click) imported, nothing run.
minimal Typer app ``--help``
    a one-command Typer app with Typer's defaults, written to a temporary file
    and run with this Python: what any Typer CLI pays to print its help (with
    Rich installed, Typer's default help is rendered with Rich).
minimal Typer app, no Rich ``--help``
    the same app with ``rich_markup_mode=None``, revmentor's own setting, so
    that neither side loads Rich: the strict comparison.
``revmentor --help``
    the real console script. Target: within 1.2× of the minimal app's --help.
``revmentor --db X people --format json``
    a command that opens the database (sqlite-utils, migrations check) and
    prints JSON, on a database with ``examples/roster.yaml`` imported once
    beforehand (the import is not timed).

The children run with bytecode caching on (into a temporary
``PYTHONPYCACHEPREFIX``, warmed by one untimed run of each command), as after
a normal ``pip install``, even when ``PYTHONDONTWRITEBYTECODE`` is set here:
otherwise an editable install recompiles revmentor's modules on every run.

Run from the repository root, with revmentor installed in the active venv:

    python benchmarks/startup.py            # 15 runs each
    python benchmarks/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import installed_env, revmentor_command, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "roster.yaml"
TARGET = 1.2  # revmentor --help / minimal Typer app --help

MINIMAL_APP = '''\
import typer

app = typer.Typer(add_completion=False{options})


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''


def median_time(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, float]:
    """Median seconds per command, runs interleaved so drift hits all alike."""
    for command in commands.values():  # warm the caches, untimed
        run(command, env)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(run(command, env).wall)
    return {label: statistics.median(values) for label, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time revmentor's start next to a minimal Typer app."
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per command")
    args = parser.parse_args(argv)

    revmentor = revmentor_command()
    with tempfile.TemporaryDirectory(prefix="revmentor-startup-") as tmp:
        folder = Path(tmp)
        env = installed_env(folder / "pycache")
        app = folder / "minimal_app.py"
        app.write_text(MINIMAL_APP.replace("{options}", ""), encoding="utf-8")
        plain_app = folder / "minimal_app_no_rich.py"
        plain_app.write_text(
            MINIMAL_APP.replace("{options}", ", rich_markup_mode=None"),
            encoding="utf-8",
        )
        db = folder / "program.db"
        subprocess.run(
            [*revmentor, "--db", str(db), "import", str(EXAMPLE)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        commands = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "minimal Typer app --help": [sys.executable, str(app), "--help"],
            "minimal Typer app, no Rich, --help": [
                sys.executable,
                str(plain_app),
                "--help",
            ],
            "revmentor --help": [*revmentor, "--help"],
            "revmentor people --format json": [
                *revmentor,
                "--db",
                str(db),
                "people",
                "--format",
                "json",
            ],
        }
        medians = median_time(commands, args.runs, env)

    print(
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs; median of {args.runs} runs"
    )
    print()
    base = medians["minimal Typer app --help"]
    plain = medians["minimal Typer app, no Rich, --help"]
    print("| Command | Median | vs minimal Typer app | vs minimal app, no Rich |")
    print("|---|---:|---:|---:|")
    for label, seconds in medians.items():
        shown = label if label.startswith("minimal") else f"`{label}`"
        print(
            f"| {shown} | {seconds * 1000:.0f} ms | {seconds / base:.2f}× "
            f"| {seconds / plain:.2f}× |"
        )
    print()
    # The target compares with a minimal app as Typer builds it by default; the
    # Rich-free app is shown for information (revmentor also turns Rich help off).
    ratio = medians["revmentor --help"] / base
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(
        f"Target `revmentor --help` ≤ {TARGET}× minimal Typer app --help: "
        f"{ratio:.2f}× ({verdict})"
    )
    print(
        f"(against the Rich-free minimal app: {medians['revmentor --help'] / plain:.2f}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
