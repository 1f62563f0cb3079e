"""The README's tour runs as written, in order, on the bundled example."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from revmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent
# Commands that ask questions in a terminal; the prompt tests cover them.
INTERACTIVE = {("enroll",), ("log",), ("checkin", "karen.doyle@example.com")}


def tour_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("# 1. Create the program")
    end = text.index("revmentor report\n", start) + len("revmentor report\n")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text[start - 10 : end + 10], re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if (
                words
                and words[0] == "revmentor"
                and tuple(words[1:]) not in INTERACTIVE
            ):
                commands.append(words[1:])
    return commands


def test_the_tour_runs(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = tour_commands()
    assert len(commands) >= 25
    runner = CliRunner()
    for argv in commands:
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, (argv, result.output)
    assert (tmp_path / "mentees.csv").read_text().startswith("name,email,role")
    assert len(list((tmp_path / "intros").iterdir())) >= 9
