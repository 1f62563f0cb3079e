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


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Try it")
    return re.findall(r"```sh\n(.*?)\n```", text[start : text.index("##", start + 3)])


def test_the_two_commands_need_no_python_alias_and_no_system_pip():
    """Both run on a stock Debian/Ubuntu/Homebrew Python (PEP 668, no `python`)."""
    commands = _readme_commands()
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
        before_venv = command.split(" && ")[0]
        assert " python " not in f" {before_venv} "


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = _readme_commands()[1]
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci_script.splitlines()


def test_the_python_example_runs(tmp_path, monkeypatch, capsys):
    """The README's "Use it from Python" example, as written, on the example roster."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Use it from Python")
    (code,) = re.findall(
        r"```python\n(.*?)```", text[start : text.index("\n## ", start + 3)], re.S
    )
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    fixed = "Priya Nair → Helen Vogel: fixed by the coordinator"
    assert any(line.startswith(fixed) for line in printed)
    assert any(line.startswith("Unpaired: Margaret Okafor: ") for line in printed)
    pairs, match_rate = printed[-1].rsplit(" ", 1)
    assert "'active': 10" in pairs and float(match_rate) > 0.8
