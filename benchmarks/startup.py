"""How fast everyday commands run, next to a bare two-command Typer app.

Every figure is the median wall-clock time of whole processes started from
here (stdout and stderr to temporary files), so interpreter start, imports,
the work and exit are all counted. The commands run in turn, one run of each
per round, so drift on a shared machine hits them all alike. The CPU time of
each process (user + system) is shown too: on a busy machine it moves less
than the wall-clock time does.

The yardstick is a bare Typer app with two commands and Typer's defaults,
written to a temporary file and run with this Python (one of its commands).
The everyday commands run on a small program: ``examples/roster.yaml``
imported and paired, and one session logged, before timing starts.

Target: each everyday command (``people show``, ``sessions``, ``goals add``,
``report``) takes at most 1.5× the bare app's run.

    python benchmarks/startup.py            # 15 runs each
    python benchmarks/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import installed_env, machine, revmentor_command, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "roster.yaml"
TARGET = 1.5  # an everyday command / the bare two-command Typer app
BARE = "bare two-command Typer app"

BARE_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye(name: str = "world") -> None:
    """Say goodbye."""
    print(f"bye {name}")


if __name__ == "__main__":
    app()
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time everyday revmentor commands next to a bare Typer app."
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per command")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="revmentor-startup-") as tmp:
        folder = Path(tmp)
        env = installed_env()
        app = folder / "bare_app.py"
        app.write_text(BARE_APP, encoding="utf-8")
        revmentor = [*revmentor_command(), "--db", str(folder / "program.db")]
        run([*revmentor, "pair", str(EXAMPLE)], env)
        run([*revmentor, "log", "--pair", "1", "--minutes", "30", "--no-input"], env)
        commands = {
            BARE: [sys.executable, str(app), "hello"],
            "revmentor --help": [*revmentor, "--help"],
            "revmentor people show": [
                *revmentor,
                "people",
                "show",
                "chloe.dubois@example.com",
            ],
            "revmentor sessions": [*revmentor, "sessions"],
            "revmentor goals add": [*revmentor, "goals", "add", "1", "Post weekly"],
            "revmentor report": [*revmentor, "report"],
        }
        for command in commands.values():  # warm the caches, untimed
            run(command, env)
        times: dict[str, list[float]] = {label: [] for label in commands}
        cpu: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, command in commands.items():
                done = run(command, env)
                times[label].append(done.wall)
                cpu[label].append(done.cpu)
    medians = {label: statistics.median(values) for label, values in times.items()}
    cpu_medians = {label: statistics.median(values) for label, values in cpu.items()}

    print(f"{machine()}; median of {args.runs} runs")
    print()
    base, cpu_base = medians[BARE], cpu_medians[BARE]
    print(f"| Command | Median | vs {BARE} | CPU | CPU vs {BARE} |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds in medians.items():
        shown = label if label == BARE else f"`{label}`"
        used = cpu_medians[label]
        print(
            f"| {shown} | {seconds * 1000:.0f} ms | {seconds / base:.2f}× "
            f"| {used * 1000:.0f} ms | {used / cpu_base:.2f}× |"
        )
    print()
    everyday = [label for label in medians if label not in (BARE, "revmentor --help")]
    worst = max(medians[label] / base for label in everyday)
    verdict = "met" if worst <= TARGET else "MISSED"
    print(
        f"Target: every everyday command ≤ {TARGET}× the {BARE}: "
        f"{worst:.2f}× at worst ({verdict})"
    )
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
