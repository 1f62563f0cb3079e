"""The program's settings as a model: each setting's rule declared once.

The roster's ``program:`` block, ``init`` (flags, prompts, ``--from``) and
restore all validate through ``ProgramSettings``, so a value one way in refuses
is refused by all of them. Every field is optional: only what was given is
returned (``exclude_unset``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import create_model

from revmentor.domain import validation
from revmentor.domain.messages.mail_settings import MAIL_RULES, PREFILL_FIELDS
from revmentor.domain.models import Requirements
from revmentor.domain.pairing.matching_settings import (
    REQUIRE_KEYS,
    WEIGHT_KEYS,
    parse_requirement_names,
    parse_side,
    parse_weight,
)
from revmentor.domain.people.participant_record import bounded
from revmentor.domain.people.people import parse_key_value
from revmentor.domain.records import Record, rule, validated
from revmentor.domain.validation import parse_date, parse_text, shown
from revmentor.errors import InvalidInput


def text_lines(value: object, key: str) -> list[str]:
    """Objectives, rules of conduct, statements: one line of text each. A text
    (a flag, a prompt's answer) holds them separated by ';'; a list's item may
    hold one."""
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput(f"{key} must be a list of texts, not {shown(value)}")
    validation.at_most(items, key)
    cleaned = (
        validation.clean_line(item, f"each item of {key}", validation.MAX_LONG_TEXT)
        for item in items
        if item is not None
    )
    return [item for item in cleaned if item]


Weights = create_model(  # type: ignore[call-overload]
    "Weights",
    __base__=Record,
    **{key: (Annotated[float, rule(parse_weight, key)], None) for key in WEIGHT_KEYS},
)


class Require(Record):
    """Hard rules on values (``program.matching.require``)."""

    mentor: Annotated[dict[str, list[str]], rule(parse_side, "mentor")] = {}
    mentee: Annotated[dict[str, list[str]], rule(parse_side, "mentee")] = {}
    differ: Annotated[list[str], rule(parse_requirement_names, "require.differ")] = []
    same: Annotated[list[str], rule(parse_requirement_names, "require.same")] = []


class Matching(Record):
    # Any two levels differ by at most 2,000.
    min_level_gap: Annotated[int, bounded("min_level_gap", -2_000, 2_000)] = 1
    weights: Weights | None = None  # type: ignore[valid-type]
    diversity_attributes: Annotated[list[str], rule(validation.parse_topics)] = []
    allow_repeats: bool = False  # also 0/1, as SQLite stores it
    require: Require | None = None


class _Settings(Record):
    name: Annotated[str, rule(validation.parse_name)] = ""
    objectives: Annotated[list[str], rule(text_lines, "objectives")] = []
    rules: Annotated[list[str], rule(text_lines, "rules")] = []
    topics: Annotated[list[str], rule(validation.parse_topics)] = []
    statements: Annotated[list[str], rule(text_lines, "statements")] = []
    # Bounds a program can compute with: rounds, expected sessions and end
    # dates stay far inside Python's dates and the matcher's arithmetic.
    cadence_days: Annotated[int, bounded("cadence_days", 1, 365)] = 14
    session_minutes: Annotated[int, bounded("session_minutes", 1, 24 * 60)] = 45
    length_weeks: Annotated[int, bounded("length_weeks", 1, 520)] = 26  # ten years
    start: Annotated[date | None, rule(parse_date, "start", optional=True)] = None
    organization: Annotated[str | None, rule(parse_text, "organization")] = None
    matching: Matching | None = None


ProgramSettings = create_model(  # type: ignore[call-overload]
    "ProgramSettings",
    __base__=_Settings,
    **{key: (Annotated[Any, rule(parse)], None) for key, parse in MAIL_RULES.items()},
)
PROGRAM_KEYS = tuple(ProgramSettings.model_fields)
MATCHING_KEYS = tuple(Matching.model_fields)
# The allowed keys at each level, for "did you mean …?".
KEYS_AT: dict[tuple[str, ...], tuple[str, ...]] = {
    (): PROGRAM_KEYS,
    ("matching",): MATCHING_KEYS,
    ("matching", "weights"): WEIGHT_KEYS,
    ("matching", "require"): REQUIRE_KEYS,
}


def keys_at(loc: tuple) -> tuple[str, ...]:
    return KEYS_AT.get(tuple(map(str, loc)), ())


def clean_settings(values: Mapping[str, object]) -> dict[str, object]:
    """The given settings, checked; the first problem as InvalidInput."""
    checked = validated(ProgramSettings, dict(values), keys_at)
    return checked.model_dump(exclude_unset=True)


def clean_setting(key: str, value: object) -> object:
    """One program setting's rule: the clean value, or InvalidInput."""
    return clean_settings({key: value})[key]


def parse_requirements(value: object) -> Requirements:
    """The ``require`` block as plain data (program flags, restore), checked by
    the program's settings model."""
    if (
        value is None or value == {}
    ):  # most programs: no check, whose model costs 25 ms to build
        return Requirements()
    found: Any = clean_settings({"matching": {"require": value}})["matching"]
    return Requirements(**found["require"])


def program_changes(
    *,
    require_mentor: list[str] | None,
    require_mentee: list[str] | None,
    require_differ: list[str] | None,
    require_same: list[str] | None,
    no_require: bool,
    weights: list[str] | None,
    **given: object,
) -> dict[str, object]:
    """The program settings `revmentor program` flags change (``update_program``
    keys), checked by the program's settings model; ``matching.require`` holds
    only the rule groups named, or an empty ``Requirements`` for ``no_require``.
    ``given``: other settings by key (None: not given); objectives, rules and
    statements are texts separated by ';' (a rule may hold commas)."""
    named = (("differ", require_differ), ("same", require_same))
    require: dict[str, Any] = {kind: items for kind, items in named if items}
    form = "NAME=VALUE, e.g. gender=female"
    for side, items in (("mentor", require_mentor), ("mentee", require_mentee)):
        for item in items or ():
            name, text = parse_key_value(item, f"--require-{side}", form)
            allowed = [v for v in text.split(",") if v.strip()]
            require.setdefault(side, {})[name] = allowed
    if no_require and require:
        raise InvalidInput("Choose either --no-require or --require-… rules, not both.")
    matching: dict[str, object] = {"require": require} if require else {}
    if weights:
        form = "NAME=NUMBER, e.g. preference=3"
        pairs = (parse_key_value(item, "--weight", form) for item in weights)
        matching["weights"] = dict(pairs)
    values: dict[str, object] = {}
    for key in PREFILL_FIELDS:
        if isinstance(fields := given.pop(key, None), list):  # "" clears the mapping
            flag, form = f"--{key.replace('_', '-')}", "NAME=FIELD, e.g. mentor=entry.1"
            pairs = (parse_key_value(item, flag, form) for item in fields if item)
            values[key] = dict(pairs)
    for key, value in given.items():
        if value is not None:
            (matching if key in MATCHING_KEYS else values)[key] = value
    values |= {"matching": matching} if matching else {}
    changes: dict[str, Any] = clean_settings(values)
    if no_require:
        changes.setdefault("matching", {})["require"] = Requirements()
    return changes
