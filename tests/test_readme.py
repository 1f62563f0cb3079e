"""The README's commands run as written: the two of "Try it", the tour in an empty
folder, the Python example; and every other command line names real options."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from revmentor.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 4)
    return README[start : end if end > 0 else None]


def _sh_lines(text: str) -> list[str]:
    """The lines of a section's ```sh blocks, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return "".join(blocks).replace("\\\n", " ").splitlines()


def tour_steps() -> list[str]:
    """Each step of the tour: a `revmentor` line, or a whole here-document."""
    steps: list[str] = []
    lines = iter(_sh_lines(_section("A tour in an empty folder")))
    for line in lines:
        if "<<'EOF'" in line:
            body = [line]
            for more in lines:
                body.append(more)
                if more == "EOF":
                    break
            steps.append("\n".join(body) + "\n")
        elif line.strip() and not line.lstrip().startswith("#"):
            steps.append(line)
    return steps


def test_the_tour_runs_as_written_in_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVMENTOR_DB", raising=False)
    runner = CliRunner()
    printed: dict[str, str] = {}
    steps = tour_steps()
    assert 14 <= sum(step.startswith("revmentor ") for step in steps) <= 20
    for step in steps:
        if step.startswith("cat > "):
            subprocess.run(["sh", "-c", step], cwd=tmp_path, check=True)
            continue
        words = shlex.split(step, comments=True)
        assert words[0] == "revmentor", f"the tour needs more than revmentor: {step}"
        # No input: a step that asks a question fails here.
        result = runner.invoke(app, words[1:], input="")
        assert result.exit_code == 0, (step, result.output)
        printed[" ".join(words[1:3])] = result.output

    assert "Chloe Tan" in printed["pair --explain"].split("Unpaired")[1]
    assert "3 participants have no manager" in printed["pair --explain"]
    assert len(list((tmp_path / "intros").iterdir())) == 3
    rows = {
        line.split("│")[1].strip(): line
        for line in printed["report --as-of"].splitlines()
        if line.startswith("│ ") and "/1" in line
    }
    assert "behind" in rows["Lee Wu"]
    assert "on track" in rows["Ana Ruiz"] and "on track" in rows["Ben Okoro"]
    assert "To: lee@example.com, sam@example.com" in printed["remind --dry-run"]
    assert printed["remind --dry-run"].count("To: ") == 1
    assert "Set up her profile" not in printed["sessions"]
    assert "Set up her profile" in (tmp_path / "backup.json").read_text()


def _documented_command_lines() -> list[list[str]]:
    lines = []
    for line in _sh_lines(README):
        if line.startswith("revmentor ") and "&&" not in line:
            lines.append(shlex.split(line, comments=True)[1:])
    return lines


@pytest.mark.parametrize("argv", _documented_command_lines(), ids=" ".join)
def test_every_documented_command_line_names_real_options(argv):
    """Parsed up to --help, which stops before anything runs: an option renamed
    or removed fails here until the README follows."""
    result = CliRunner().invoke(app, [*argv, "--help"])
    assert result.exit_code == 0, result.output


def _readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", _section("Try it"))


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


def test_the_readme_is_a_short_manual_with_contents():
    assert len(README.splitlines()) <= 400
    contents = re.findall(r"^- \[(.+?)\]\(#", _section("Contents"), re.M)
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert contents == headings[headings.index("Contents") + 1 :]


def test_the_python_example_runs(tmp_path, monkeypatch, capsys):
    """The README's "Use it from Python" example, as written, on the example roster."""
    (code,) = re.findall(r"```python\n(.*?)```", _section("Use it from Python"), re.S)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    fixed = "Priya Nair → Helen Vogel: fixed by the coordinator"
    assert any(line.startswith(fixed) for line in printed)
    assert any(line.startswith("Unpaired: Margaret Okafor: ") for line in printed)
    pairs, match_rate = printed[-1].rsplit(" ", 1)
    assert "'active': 10" in pairs and float(match_rate) > 0.8
