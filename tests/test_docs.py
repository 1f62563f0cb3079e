"""Every command is in the README, and every command's --help shows an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from revmentor.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(
    encoding="utf-8"
)


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command, e.g. ('people',), ('people', 'show')."""
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name in sorted(group.list_commands(None)):
            command = group.get_command(None, name)
            if command.hidden:
                continue
            paths.append((*prefix, name))
            if hasattr(command, "commands"):
                walk(command, (*prefix, name))

    walk(root, ())
    return paths


def test_the_commands_are_found():
    paths = command_paths()
    assert ("people", "show") in paths and ("program",) in paths


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"revmentor {' '.join(path)}" in README, (
        f"`revmentor {' '.join(path)}` is not mentioned in README.md"
    )


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_help_shows_an_example(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert f"revmentor {' '.join(path)}" in result.stdout, (
        f"`revmentor {' '.join(path)} --help` shows no example"
    )


def test_the_privacy_section_names_every_view_and_shares_only_views():
    """The README's Datasette advice stays true: each view is named, and the copy
    it tells people to share holds views only (the raw tables hold notes)."""
    from revmentor.store.migrations import VIEWS

    privacy = README[README.index("\n## Privacy") : README.index("\n## Limits")]
    for view in VIEWS:
        assert f"`{view}`" in privacy
    (shared,) = re.findall(r"for view in (.*?); do", privacy)
    assert set(shared.split()) <= set(VIEWS)
