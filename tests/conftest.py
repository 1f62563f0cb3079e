"""Shared fixtures: a CliRunner against a temporary database, pinned terminal."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from revmentor.cli import app

# Typer's runner turns the app into a Click command on every invoke, which
# costs more than most commands do; build each app's command once per session.
_commands: dict[int, tuple[object, object]] = {}


def _command_once(application):
    if id(application) not in _commands:
        _commands[id(application)] = (application, typer.main.get_command(application))
    return _commands[id(application)][1]


typer.testing._get_command = _command_once  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch):
    # Stable Rich output: fixed width, no colour, no user database leaking in.
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("REVMENTOR_DB", raising=False)
    monkeypatch.delenv("REVMENTOR_DEBUG", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "program.db"


class Cli:
    """Run `revmentor --db <tmp> ...` and read the database back."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env=None):
        return self.runner.invoke(
            app, ["--db", str(self.db_path), *args], input=input, env=env
        )

    def rows(self, sql: str, params=()) -> list[dict]:
        conn = sqlite3.connect(self.db_path)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(sql, params)]
        finally:
            conn.close()

    def dump(self) -> list[str]:
        """Every row of every table: for asserting that nothing changed."""
        if not self.db_path.exists():
            return []
        conn = sqlite3.connect(self.db_path)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()


@pytest.fixture
def cli(db_path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def enrolled(cli, enrolled_template) -> Cli:
    """A small program: two mentors, two mentees (a copy of one built once)."""
    shutil.copy(enrolled_template, cli.db_path)
    return cli


@pytest.fixture(scope="session")
def enrolled_template(tmp_path_factory) -> Path:
    cli = Cli(tmp_path_factory.mktemp("template") / "program.db")
    cli(
        "init",
        "--no-input",
        "--name",
        "Test Program",
        "--topics",
        "TikTok, AI assistants",
    )
    for args in (
        [
            "--role",
            "mentor",
            "--name",
            "Ana Ruiz",
            "--email",
            "ana@example.com",
            "--level",
            "2",
            "--department",
            "Marketing",
            "--teaches",
            "TikTok",
            "--manager",
            "dana@example.com",
            "--attribute",
            "gender=female",
        ],
        [
            "--role",
            "mentor",
            "--name",
            "Bo Chen",
            "--email",
            "bo@example.com",
            "--level",
            "1",
            "--department",
            "Engineering",
            "--teaches",
            "AI assistants",
            "--capacity",
            "2",
        ],
        [
            "--role",
            "mentee",
            "--name",
            "Dana Lee",
            "--email",
            "dana@example.com",
            "--level",
            "8",
            "--department",
            "Marketing",
            "--learns",
            "TikTok, AI assistants",
        ],
        [
            "--role",
            "mentee",
            "--name",
            "Sam Ortiz",
            "--email",
            "sam@example.com",
            "--level",
            "9",
            "--department",
            "Finance",
            "--learns",
            "AI assistants",
        ],
    ):
        result = cli("enroll", "--no-input", *args)
        assert result.exit_code == 0, result.output
    return cli.db_path
