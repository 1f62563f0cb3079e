"""Functions a reader can hold: every function in revmentor/ is at most 60
lines of code (its docstring not counted) and has a cyclomatic complexity of
at most 15, unless it says why it must be one piece.

The reason is a comment at the top of the body, or a sentence of the
docstring, beginning "One piece:". Complexity is 1 plus one per branch: each
if (statement or expression), for, while, except, with, match case,
comprehension if, and each extra operand of ``and``/``or``. A nested
function is measured on its own, not in the function around it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "revmentor"

MAX_LINES = 60
MAX_COMPLEXITY = 15
ONE_PIECE = "One piece:"


_BRANCHES = (
    ast.If,
    ast.IfExp,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ExceptHandler,
    ast.With,
    ast.AsyncWith,
    ast.match_case,
)
_OWN_SCOPE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
Function = ast.FunctionDef | ast.AsyncFunctionDef


def _code(function: Function) -> list[ast.stmt]:
    """The body without its docstring."""
    body = function.body
    if body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return body[1:]
    return body


def body_lines(function: Function) -> int:
    code = _code(function)
    return code[-1].end_lineno - code[0].lineno + 1 if code else 0


def complexity(function: Function) -> int:
    count = 1
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _OWN_SCOPE):
            continue
        if isinstance(node, _BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += len(node.ifs)
        pending.extend(ast.iter_child_nodes(node))
    return count


def says_one_piece(function: Function, lines: list[str]) -> bool:
    docstring = ast.get_docstring(function) or ""
    if re.search(rf"(^|[.!?:]\s+|\n\s*){re.escape(ONE_PIECE)}", docstring):
        return True
    # From below the `def` line to the first statement after any docstring.
    code = _code(function)
    first = code[0].lineno if code else function.end_lineno + 1
    opening = lines[function.lineno : first - 1]
    return any(line.strip().startswith(f"# {ONE_PIECE}") for line in opening)


def functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function, methods and nested ones too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def too_big(source: str, where: str = "<source>") -> list[str]:
    """Each function of ``source`` over the limits without a reason, described."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    for name, function in functions(tree):
        size, branches = body_lines(function), complexity(function)
        if size <= MAX_LINES and branches <= MAX_COMPLEXITY:
            continue
        if says_one_piece(function, lines):
            continue
        found.append(f"{where}::{name} ({size} lines, complexity {branches})")
    return found


def test_every_function_is_small_enough_or_says_why_not():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE.parent).as_posix()
        found += too_big(path.read_text(encoding="utf-8"), where)
    assert found == []


def _long(first_lines: str = "") -> str:
    body = "".join(f"    x{n} = {n}\n" for n in range(61))
    return f"def long_one(a):\n{first_lines}{body}    return a\n"


def _branchy(first_lines: str = "") -> str:
    body = "".join(f"    if a == {n}:\n        return {n}\n" for n in range(15))
    return f"def branchy(a):\n{first_lines}{body}    return a and not a\n"


def test_a_long_function_is_flagged():
    assert too_big(_long()) == ["<source>::long_one (62 lines, complexity 1)"]


def test_a_branchy_function_is_flagged():
    assert too_big(_branchy()) == ["<source>::branchy (31 lines, complexity 17)"]


def test_nested_and_method_functions_are_named():
    source = "class Box:\n    def outer(self):\n" + "\n".join(
        "        " + line for line in _long().splitlines()
    )
    assert "<source>::Box.outer.long_one (62 lines, complexity 1)" in too_big(source)


@pytest.mark.parametrize(
    "reason",
    [
        '    """Builds the thing.\n\n    One piece: the steps share every local."""\n',
        "    # One piece: a schema is read top to bottom.\n",
        '    """Builds the thing."""\n    # One piece: a schema is read top to bottom.\n',
    ],
)
def test_a_stated_reason_lets_a_function_be_one_piece(reason):
    assert too_big(_long(reason)) == []
    assert too_big(_branchy(reason)) == []


def test_a_docstring_or_comment_without_the_reason_does_not():
    assert too_big(_long('    """Builds the thing."""\n')) != []
    assert too_big(_long("    # builds the thing\n")) != []
    assert too_big(_long('    """Builds it, as if One piece: were enough."""\n')) != []
