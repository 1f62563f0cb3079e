"""The layers hold: each package imports only what its layer may.

commands/ (Typer: parse, prompt, call, hand typed data to a renderer) ->
domain/ (pure Python) -> store/ (sqlite-utils); render/ draws and writes and
reads no database. Checked on the imports in the source, so a broken arrow
fails here rather than in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "revmentor"

# Shared by the commands, not commands themselves.
COMMAND_HELPERS = {
    "common",
    "common_bulk",
    "delivery",
    "person_options",
}

FORBIDDEN = {
    "domain": (
        "revmentor.store",
        "revmentor.render",
        "revmentor.commands",
        "revmentor.cli",
        "typer",
        "rich",
        "sqlite_utils",
        "sqlite3",
    ),
    "store": ("revmentor.commands", "revmentor.render", "revmentor.cli", "rich"),
    "render": ("revmentor.commands", "revmentor.store", "revmentor.cli", "typer"),
    "commands": ("rich",),
}

# Known exceptions, each with the reason it is still there.
ALLOWED: dict[tuple[str, str], str] = {}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at any depth: lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module.startswith("revmentor"):
                # `from revmentor.commands import log` imports a module too
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(layer: str) -> list[str]:
    found = []
    for path in modules(layer):
        name = path.relative_to(PACKAGE.parent).with_suffix("").as_posix()
        for line, module in imports_of(path):
            for banned in FORBIDDEN[layer]:
                if _matches(module, banned) and (name, banned) not in ALLOWED:
                    found.append(f"{name}.py:{line} imports {module}")
    return sorted(set(found))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    assert violations(layer) == []


def command_module(module: str) -> str | None:
    if not _matches(module, "revmentor.commands"):
        return None
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else None


def test_no_command_module_imports_another():
    found = []
    for path in modules("commands"):
        own = path.stem
        for line, module in imports_of(path):
            other = command_module(module)
            if other and other != own and other not in COMMAND_HELPERS:
                found.append(f"commands/{path.name}:{line} imports {module}")
    assert sorted(set(found)) == []


def test_the_checks_see_a_broken_arrow(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from rich.table import Table\n"
        "from revmentor.commands import log\n"
    )
    names = [module for _, module in imports_of(sample)]
    assert "rich.table" in names
    assert command_module("revmentor.commands.log") == "log"
