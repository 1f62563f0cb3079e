"""The CLI as a whole: help text everywhere, version, exit codes."""

from __future__ import annotations

from typer.main import get_command
from typer.testing import CliRunner

from revmentor import __version__
from revmentor.cli import app


def _all_commands(group, prefix=()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _all_commands(command, (*prefix, name))


def test_every_command_has_help_text():
    root = get_command(app)
    commands = list(_all_commands(root))
    assert len(commands) >= 8
    for path, command in commands:
        assert command.help and command.help.strip(), path
        result = CliRunner().invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Usage:" in result.stdout
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, (path, param.name)


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"revmentor {__version__}"


def test_unknown_option_is_usage_error(cli):
    result = cli("people", "--colour", "red")
    assert result.exit_code == 2


def test_unexpected_errors_become_one_sentence(cli, monkeypatch):
    import revmentor.store.people.participants as participants

    def boom(*args, **kwargs):
        raise RuntimeError("disk gremlins")

    cli("init", "--no-input")
    monkeypatch.setattr(participants, "list_participants", boom)
    result = cli("people")
    assert result.exit_code == 1
    assert "Unexpected error (RuntimeError: disk gremlins)" in result.stderr
    assert "Traceback" not in result.output


def test_the_console_script_runs_commands_and_knows_them_all(tmp_path):
    """`python -m revmentor`: a command, --db after it, a typo, the help."""
    import subprocess
    import sys

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "revmentor", "--db", str(tmp_path / "p.db"), *args],
            capture_output=True,
            text=True,
        )

    enrolled = run(
        "enroll", "--no-input", "--name", "Ana", "--email", "ana@x.com",
        "--role", "mentor",
    )  # fmt: skip
    assert enrolled.returncode == 0, enrolled.stderr
    assert "ana@x.com" in run("people", "--format", "csv").stdout
    hoisted = subprocess.run(
        [sys.executable, "-m", "revmentor", "people", "--db", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
    )
    assert "ana@x.com" in hoisted.stdout, hoisted.stderr
    typo = run("peple")
    assert typo.returncode == 2 and "Did you mean 'people'?" in typo.stderr
    listing = run("--help").stdout
    assert all(name in listing for name in ("report", "people", "goals", "restore"))
