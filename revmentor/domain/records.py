"""The base of every record (participant, program settings, session, check-in,
goal, rule) and the one way a record's validation error reaches the user.

A record declares each field's rule once, on its model (``Field(ge=, le=,
max_length=)``, validators); prompts, flags, roster files, spreadsheets, bulk
files and restore all build the model, and a ``ValidationError`` becomes one
``InvalidInput`` sentence that names where the value came from and the field:

    roster.yaml, line 8, field 'level': level must be a whole number, not 'x'
    people.csv, row 3, column 'Level': level must be at most 100, not 200
    --level: level must be at most 100, not 200

Validators raise ``ValueError`` with a sentence of their own (it is shown as
written); pydantic's own errors are put in the project's words below.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from revmentor.errors import InvalidInput

# Where a value came from, as text ("roster.yaml, line 8"), or a function of the
# error's location (a field name, then list indexes or nested keys) that names
# it ("people.csv, row 3, column 'Level'", "--level").
Where = str | Callable[[tuple[int | str, ...]], str]

_SHOWN_PREFIX = 40


class Record(BaseModel):
    """A record: unknown keys refused, text stripped, values checked on
    assignment too, so a record never holds a value its rules refuse."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        use_enum_values=True,
    )


def _shown(value: object) -> str:
    """A bad value as an error quotes it: a short prefix, controls made visible."""
    if value is None:
        return "empty"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a group of fields"
    text = repr(value[:_SHOWN_PREFIX] if isinstance(value, str) else value)
    if isinstance(value, str) and len(value) > _SHOWN_PREFIX:
        return text[:-1] + "…" + text[-1]
    return text if len(text) <= _SHOWN_PREFIX + 2 else text[:_SHOWN_PREFIX] + "…"


def field_name(loc: tuple[int | str, ...]) -> str:
    """The field an error location points at: its named parts, dotted."""
    return ".".join(str(part) for part in loc if isinstance(part, str)) or "value"


def sentence(problem: Any, fields: Iterable[str] = ()) -> str:
    """One of pydantic's error details in the project's words (no place)."""
    kind, ctx, value = problem["type"], problem.get("ctx") or {}, problem["input"]
    # The field's own name: "allow_repeats must be …" under matching.
    name = field_name(problem["loc"]).rpartition(".")[2]
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", problem["msg"]))
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name.lower(), list(fields), n=1, cutoff=0.7)
        if close:
            return f"unknown field '{name}' (did you mean '{close[0]}'?)"
        known = f" (the fields are {', '.join(fields)})" if fields else ""
        return f"unknown field '{name}'{known}"
    if kind == "missing":
        return f"{name} is required"
    words = {
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_parsing": "a number",
        "float_type": "a number",
        "finite_number": "a finite number",
        "bool_parsing": "true or false",
        "bool_type": "true or false",
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a group of fields",
        "model_type": "a group of fields",
        "model_attributes_type": "a group of fields",
        "date_parsing": "a real date written YYYY-MM-DD",
        "date_from_datetime_parsing": "a real date written YYYY-MM-DD",
        "date_type": "a real date written YYYY-MM-DD",
    }
    if kind in words:
        return f"{name} must be {words[kind]}, not {_shown(value)}"
    if kind in ("enum", "literal_error"):
        return f"{name} must be {ctx.get('expected', 'one of its choices')}, not {_shown(value)}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words_, key = bounds[kind]
        return f"{name} must be {words_} {ctx[key]}, not {_shown(value)}"
    if kind in ("string_too_long", "too_long"):
        unit = "characters" if kind == "string_too_long" else "items"
        limit = ctx.get("max_length")
        return f"{name} must be at most {limit:,} {unit}, not {len(value):,}"
    if kind in ("string_too_short", "too_short"):
        return f"{name} is required"
    message = str(problem["msg"])
    return f"{name}: {message[:1].lower()}{message[1:]}"


def problems(
    error: ValidationError, where: Where = "", fields: Iterable[str] = ()
) -> list[str]:
    """Every problem of ``error``, each one sentence: '<where>: <what is wrong>'.

    ``fields`` (the model's field names) lets an unknown key suggest the one
    meant. With ``where`` as text, the field is named after it.
    """
    known = tuple(fields)
    found = []
    for problem in error.errors():
        loc = tuple(problem["loc"])
        if callable(where):
            place = where(loc)
        elif loc:
            prefix = f"{where}, " if where else ""
            place = f"{prefix}field '{field_name(loc)}'"
        else:
            place = where
        text = sentence(problem, known)
        found.append(f"{place}: {text}" if place else text)
    return found


def invalid_input(
    error: ValidationError, where: Where = "", fields: Iterable[str] = ()
) -> InvalidInput:
    """The first problem of ``error`` as the project's one-sentence refusal."""
    return InvalidInput(problems(error, where, fields)[0])
