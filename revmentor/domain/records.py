"""The base of every record (participant, program settings, session, check-in,
goal, rule) and the one way a record's validation error reaches the user.

A record declares each field's rule once, on its model (a ``parse_*``
function through ``rule``, or a validator); prompts, flags, roster files,
spreadsheets, bulk files and restore all build the model, and a
``ValidationError`` becomes one ``InvalidInput`` sentence that names where the value came from and the field:

    roster.yaml, line 8, field 'level': level must be a whole number, not 'x'
    people.csv, row 3, column 'Level': level must be at most 100, not 200
    --level: level must be at most 100, not 200

Validators raise ``ValueError`` with a sentence of their own (it is shown as
written); pydantic's own errors are put in the project's words below.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo
from pydantic_core import ValidationError

from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput


class Record(BaseModel):
    """A record: unknown keys refused, text stripped, values checked on
    assignment too, so a record never holds a value its rules refuse."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        use_enum_values=True,
        defer_build=True,  # built on first use: a command uses few of them
    )


def rule(
    parse: Callable[..., Any],
    *args: object,
    optional: bool = False,
    context: bool = False,
) -> Any:
    """A field rule written as a ``parse_*`` function raising InvalidInput, as a
    pydantic validator keeping its sentence: called with the value, then
    ``args``, then (with ``context``) the validation's context as ``context=``
    ({} for a stored record). ``optional``: None or "" is not given."""

    def check(value: object, info: ValidationInfo) -> object:
        if optional and value in (None, ""):
            return None
        extra = {"context": info.context or {}} if context else {}
        try:
            return parse(value, *args, **extra)
        except InvalidInput as error:
            raise ValueError(str(error)) from None

    return BeforeValidator(check)


def suggest(key: str, allowed: Sequence[str], word: str = "field") -> str:
    """An unknown field (or column: ``word``), with the one probably meant or
    those allowed."""
    if close := difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6):
        return f"unknown {word} '{key}' (did you mean '{close[0]}'?)"
    known = f" (the {word}s are {', '.join(allowed)})" if allowed else ""
    return f"unknown {word} '{key}'{known}"


Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], values: object, keys_at: Any = lambda _: ()) -> Model:
    """``model`` from ``values``, or its first problem as one sentence, naming
    its field unless the sentence already does (``keys_at``: the keys allowed
    under a location, for "did you mean …?")."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
    text = sentence(problem, keys_at(tuple(problem["loc"])[:-1]))
    key = field_name(problem["loc"]) if problem["loc"] else ""
    named = not key or key.split(".")[-1].split("_")[0] in text or "unknown" in text
    raise InvalidInput(text if named else f"{key}: {text}")


def field_name(loc: tuple[int | str, ...]) -> str:
    """The field an error location points at: its named parts, dotted."""
    return ".".join(str(part) for part in loc if isinstance(part, str)) or "value"


# What a value must be, by the first word of pydantic's error type: the types
# of the fields no rule of ours reads first (a flag, a group, a stored row's).
_EXPECTED = {
    "int": "a whole number",
    "bool": "true or false",
    "string": "text",
    "model": "a group of fields",
    "date": "a real date written YYYY-MM-DD",
}


def sentence(problem: Any, fields: Iterable[str] = ()) -> str:
    """One of pydantic's error details in the project's words (no place)."""
    kind, ctx, value = problem["type"], problem.get("ctx") or {}, problem["input"]
    # The field's own name: "allow_repeats must be …" under matching.
    name = field_name(problem["loc"]).rpartition(".")[2]
    if kind == "value_error":
        return str(ctx.get("error", problem["msg"]))
    if kind == "extra_forbidden":
        return suggest(name, tuple(fields))
    expected = _EXPECTED.get(kind.split("_")[0])  # int_parsing, date_type, …
    if expected:
        shown_value = "empty" if value is None else shown(value)
        return f"{name} must be {expected}, not {shown_value}"
    message = str(problem["msg"])
    return f"{name}: {message[:1].lower()}{message[1:]}"
