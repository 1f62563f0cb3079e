"""The house rules: every module imports only what its layer may, no module
imports itself round a circle, the package's own modules are imported at the
top, and no two classes share a name.

The layers: ``commands/`` (Typer: parse, prompt, call the library, hand typed
data to ``render/``) -> ``library/`` (one use case each: a transaction, the
domain's rules, the store's queries) -> ``domain/`` (pure Python) and
``store/`` (sqlite-utils); ``render/`` draws and writes, ``delivery/`` sends.
Checked on the imports in the source (lazy ones too), so a broken arrow fails
here rather than in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "revmentor"

# Each layer (a folder, or a module at the top) and the package's layers it may
# import besides itself. Any module may import the package itself (``__init__``,
# for its __version__).
MAY_IMPORT: dict[str, set[str]] = {
    "__init__": {"library"},
    "__main__": {"cli"},
    "cli": {"command_run", "domain", "errors", "files", "library"},
    "command_run": set(),
    "errors": set(),
    "files": {"command_run", "errors"},
    "inputs": {"errors"},
    "prompts": {"domain", "errors"},
    "spreadsheets": {"domain", "errors", "inputs"},
    "domain": {"errors"},  # no I/O: no files, inputs, store, render, ...
    "store": {"command_run", "domain", "errors", "files"},
    "render": {"domain", "errors", "files"},
    "delivery": {"domain", "errors", "files", "render"},  # render builds the mail
    "library": {
        "command_run",
        "delivery",
        "domain",
        "errors",
        "files",
        "inputs",
        "spreadsheets",
        "store",
    },
    "commands": {
        "delivery",
        "domain",
        "errors",
        "files",
        "inputs",
        "library",
        "prompts",
        "render",
        "spreadsheets",
    },
}
# Third-party modules a layer must not import.
BANNED = {
    "domain": ("typer", "click", "rich", "sqlite_utils", "sqlite3", "questionary"),
    "store": ("typer", "click", "rich", "questionary"),
    "render": ("typer", "sqlite_utils", "sqlite3", "questionary"),
    "delivery": ("typer", "rich", "sqlite_utils", "sqlite3", "questionary"),
    "library": ("typer", "click", "rich", "questionary"),
    "commands": ("rich", "sqlite_utils"),
}
# Known exceptions, (module, layer or third-party module) -> why it is still there.
ALLOWED: dict[tuple[str, str], str] = {}

# Shared by the commands, not commands themselves.
COMMAND_HELPERS = {"common", "common_bulk", "delivery", "person_options"}

# Heavy third-party libraries: imported inside the functions that need them.
HEAVY = ("numpy", "scipy", "openpyxl", "questionary", "icalendar")
# Own modules imported inside a function, module -> why. `revmentor --help`
# imports the modules it lists (every command module, and what they import at
# the top): what would load pydantic, sqlite-utils or rich there waits.
FOR_HELP = "revmentor --help loads this module; that one loads pydantic"
# The migrations (and the views' SQL) load only when a file is made, upgraded or
# restored, not for every command.
MIGRATIONS = "loaded only when a database is created, upgraded or restored"
LAZY_ALLOWED: dict[str, str] = {
    "revmentor": "Program loads the library (sqlite-utils, pydantic) when asked for",
    "revmentor.domain.messages.messages": FOR_HELP,
    "revmentor.domain.people.people": FOR_HELP,
    "revmentor.cli": "revmentor --help: the library loads sqlite-utils and pydantic",
    "revmentor.library.people": "people show need not load the roster rules",
    **{
        f"revmentor.{name}": FOR_HELP
        for name in (
            "commands.checkin",
            "commands.common",
            "commands.common_bulk",
            "commands.forms",
            "commands.init",
            "commands.log",
            "commands.pair",
            "commands.people",
            "commands.program",
            "commands.report",
        )
    },
    **{
        f"revmentor.{name}": MIGRATIONS
        for name in (
            "store.backup",
            "store.connection",
        )
    },
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


class Import:
    def __init__(self, line: int, module: str, lazy: bool, typing_only: bool):
        self.line, self.module = line, module
        self.lazy, self.typing_only = lazy, typing_only


def imports_of(path: Path, known=MODULES) -> list[Import]:
    """Every module ``path`` imports, at any depth; ``from pkg import name``
    imports ``pkg.name`` when that is a module. Imports inside a function are
    ``lazy``; those under ``if TYPE_CHECKING:`` never run (``typing_only``)."""
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(child.lineno, alias.name, lazy, typing_only))
            elif isinstance(child, ast.ImportFrom) and child.module:
                for alias in child.names:
                    name = f"{child.module}.{alias.name}"
                    module = name if name in known else child.module
                    found.append(Import(child.lineno, module, lazy, typing_only))
            else:
                inner = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                checking = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(
                    child.test
                )
                visit(child, lazy or inner, typing_only or checking)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), False, False)
    return found


def own(module: str) -> bool:
    return module == "revmentor" or module.startswith("revmentor.")


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_every_module_has_a_layer():
    assert sorted({layer(m) for m in MODULES} - set(MAY_IMPORT)) == []


def violations() -> list[str]:
    found = set()
    for name, path in MODULES.items():
        mine = layer(name)
        for imp in imports_of(path):
            if own(imp.module):
                target = layer(imp.module)
                bad = target not in {mine, "__init__", *MAY_IMPORT[mine]}
            else:
                banned = BANNED.get(mine, ())
                target = next((b for b in banned if _matches(imp.module, b)), "")
                bad = bool(target)
            if bad and (name, target) not in ALLOWED:
                found.add(f"{path.relative_to(PACKAGE.parent)}:{imp.line} {imp.module}")
    return sorted(found)


def test_each_layer_imports_only_what_it_may():
    assert violations() == []


def test_every_exception_is_still_needed():
    used = {
        (name, layer(imp.module) if own(imp.module) else imp.module.split(".")[0])
        for name, path in MODULES.items()
        for imp in imports_of(path)
    }
    assert sorted(set(ALLOWED) - used) == []
    lazy = {name for name, path in MODULES.items() if lazy_own_imports(path)}
    assert sorted(set(LAZY_ALLOWED) - lazy) == []


def command_module(module: str) -> str | None:
    if not _matches(module, "revmentor.commands"):
        return None
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else None


def test_no_command_module_imports_another():
    found = []
    for name, path in MODULES.items():
        for imp in imports_of(path) if layer(name) == "commands" else ():
            other = command_module(imp.module)
            if other and other != path.stem and other not in COMMAND_HELPERS:
                found.append(f"commands/{path.name}:{imp.line} imports {imp.module}")
    assert sorted(set(found)) == []


# ------------------------------------------------------------------------ cycles


def import_graph(modules=MODULES) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (lazily too: a lazy import
    that closes a circle fails when that function first runs). A package the
    module is in is no arrow: Python has run it before the module."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for imp in imports_of(path, modules):
            inside = name.startswith(imp.module + ".") or imp.module == name
            if imp.module in modules and not (inside or imp.typing_only):
                graph[name].add(imp.module)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another, round a circle."""

    def reached_from(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph.get(module, ()))
        return seen

    reach = {module: reached_from(module) for module in list(graph)}
    groups = {
        frozenset(other for other in reach[module] if module in reach.get(other, ()))
        for module in reach
        if module in reach[module]
    }
    return sorted(sorted(group) for group in groups)


def test_no_import_cycles():
    assert cycles(import_graph()) == []


# ------------------------------------------------------------------ lazy imports


def lazy_own_imports(path: Path) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{imp.line} {imp.module}"
        for imp in imports_of(path)
        if imp.lazy and own(imp.module)
    ]


def test_own_modules_are_imported_at_the_top():
    found = [
        line
        for name, path in MODULES.items()
        if name not in LAZY_ALLOWED
        for line in lazy_own_imports(path)
    ]
    assert found == []


def test_heavy_libraries_are_imported_when_needed():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{imp.line} {imp.module}"
        for path in MODULES.values()
        for imp in imports_of(path)
        if not (imp.lazy or imp.typing_only)
        and any(_matches(imp.module, heavy) for heavy in HEAVY)
    ]
    assert found == []


def test_help_loads_no_heavy_library():
    code = (
        "import sys\nfrom revmentor.cli import app\n"
        "try:\n    app(['--help'], prog_name='revmentor')\nexcept SystemExit:\n    pass\n"
        "heavy = 'pydantic sqlite_utils rich yaml' + ' ' + "
        + repr(" ".join(HEAVY))
        + "\nprint(sorted(m for m in heavy.split() if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage" in done.stdout
    assert done.stderr.strip() == "[]"


# The everyday commands and the one room of the library each needs.
EVERYDAY = {
    ("people", "show", "ana@example.com"): "people",
    ("sessions",): "sessions",
    ("goals", "add", "1", "Post weekly"): "sessions",
    ("report",): "reports",
}


@pytest.mark.parametrize("command", list(EVERYDAY), ids=" ".join)
def test_everyday_commands_load_one_room_and_no_heavy_library(enrolled, command):
    assert enrolled("pair").exit_code == 0
    code = (
        "import sys\nfrom revmentor.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='revmentor')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    args = ["--db", str(enrolled.db_path), *command]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    loaded = done.stderr.split()
    rooms = {m for m in loaded if m.startswith("revmentor.library.")}
    assert rooms == {"revmentor.library.base", f"revmentor.library.{EVERYDAY[command]}"}
    assert [m for m in loaded if m.split(".")[0] in HEAVY] == []


# ------------------------------------------------------------------------- names


def test_no_two_classes_share_a_name():
    where = defaultdict(list)
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(name)
    assert {cls: found for cls, found in where.items() if len(found) > 1} == {}


# ------------------------------------------------------------- the checks check


def test_the_checks_see_a_broken_arrow(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from revmentor.store import pairs\n"
        "def f():\n    from rich.table import Table\n"
        "from revmentor.commands import log\n"
    )
    known = {"revmentor.commands.log": sample}
    found = {imp.module: imp for imp in imports_of(sample, known)}
    assert found["rich.table"].lazy and not found["revmentor.commands.log"].lazy
    assert found["revmentor.store"].typing_only
    assert "revmentor.commands.log" in found
    assert command_module("revmentor.commands.log") == "log"


def test_the_checks_see_a_circle(tmp_path):
    (tmp_path / "a.py").write_text("def f():\n    from p import b\n")
    (tmp_path / "b.py").write_text("import p.c\n")
    (tmp_path / "c.py").write_text("from p.a import f\nimport p.d\n")
    (tmp_path / "d.py").write_text("")
    modules = {f"p.{n}": tmp_path / f"{n}.py" for n in "abcd"}
    assert cycles(import_graph(modules)) == [["p.a", "p.b", "p.c"]]
