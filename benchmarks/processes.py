"""Running `revmentor` as a whole process, the way every benchmark here does.

Each child runs with bytecode cached as after a normal ``pip install`` (which
compiles the libraries' bytecode), even when ``PYTHONDONTWRITEBYTECODE`` is set
in this shell: otherwise every run would compile revmentor from source and the
figures would measure the compiler, not the program.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def machine() -> str:
    """Where the figures come from: Python, system, CPUs and the load now."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f}"
    )


def revmentor_command() -> list[str]:
    """The `revmentor` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "revmentor"
    if script.exists():
        return [str(script)]
    found = shutil.which("revmentor")
    if found:
        return [found]
    return [sys.executable, "-m", "revmentor"]


def installed_env() -> dict[str, str]:
    """This environment, with bytecode cached as an installed package has it
    (beside the sources, where pip put the libraries' bytecode)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    return env


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child alone
    peak_mb: float  # the child's maximum resident set size
    stdout: bytes


def run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """One whole process, measured; a failure stops the benchmark with its error."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            env=installed_env() if env is None else env,
        )
        # wait4 gives this child's own rusage, not the sum over all children
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed (exit {process.returncode}):\n"
            + stderr.decode(errors="replace")
        )
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, stdout)
