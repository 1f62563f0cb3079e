"""The program's matching settings (weights, ``require`` requirements), checked
for every way in; not the pair rules (avoid, fixed: ``pair_rules``).

Rosters, ``init --from``, ``program`` flags and restore all validate weights and
requirements here, and the matcher reads people's values through ``value_key``
so that a requirement means the same thing everywhere. Pure: no I/O.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping

from revmentor.domain.models import DEFAULT_WEIGHTS, Participant, Requirements
from revmentor.errors import InvalidInput

WEIGHT_KEYS = tuple(DEFAULT_WEIGHTS)
# Weights above this would make the matcher's "more pairs first" margin lose
# the score's precision (and 1e308 overflows it): far beyond any useful weight.
MAX_WEIGHT = 1000.0
REQUIRE_KEYS = ("mentor", "mentee", "differ", "same")
# Names a requirement may use that are participant fields; any other name is an
# attribute (``attributes: {gender: female}``).
REQUIREMENT_FIELDS = ("department", "title", "level", "organization", "timezone")
MAX_REQUIRED_VALUES = 50


def parse_weight(value: object, key: str) -> float:
    """A weight: a number from 0 to MAX_WEIGHT."""
    number = math.nan  # refused below, as inf and out-of-range numbers are
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        with contextlib.suppress(ValueError):
            number = float(value)
    if not 0 <= number <= MAX_WEIGHT:
        raise InvalidInput(
            f"the {key} weight must be a number from 0 to {MAX_WEIGHT:g}, not {value!r}"
        )
    return number


def text_key(value: object) -> str | None:
    """Values compare case- and space-insensitively; blank is unknown."""
    key = "" if value is None else " ".join(str(value).split()).casefold()
    return key or None


def requirement_name(value: object, what: str) -> str:
    """A field or attribute name used in a requirement."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must name a field or attribute, not {value!r}")
    return " ".join(value.split())


def parse_requirement_names(value: object, what: str) -> list[str]:
    """``differ``/``same``: one name or a list of names."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput(
            f"{what} must be a list of field or attribute names, not {value!r}"
        )
    names: dict[str | None, str] = {}  # the first spelling of each name
    for item in items:
        name = requirement_name(item, f"each item of {what}")
        names.setdefault(text_key(name), name)
    return list(names.values())


def parse_allowed(value: object, what: str) -> list[str]:
    """The values a side must have: one value or a list of them."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        wrong_type = isinstance(item, bool) or not isinstance(item, str | int)
        if wrong_type or not str(item).strip():
            raise InvalidInput(
                f"{what} must be a value or a list of values, not {item!r}"
            )
    if not 0 < len(items) <= MAX_REQUIRED_VALUES:
        raise InvalidInput(f"{what} needs from 1 to {MAX_REQUIRED_VALUES} values")
    return list(dict.fromkeys(" ".join(str(item).split()) for item in items))


def parse_side(value: object, side: str) -> dict[str, list[str]]:
    """``mentor:``/``mentee:``: name -> allowed values."""
    if not isinstance(value, Mapping):
        raise InvalidInput(
            f"require.{side} must be a group of name: value fields such as "
            f"'gender: female', not {value!r}"
        )
    where = f"a name in require.{side}"
    return {
        requirement_name(name, where): parse_allowed(allowed, f"require.{side}.{name}")
        for name, allowed in value.items()
    }


def requirements_as_dict(rules: Requirements) -> dict[str, object]:
    """The ``require`` block as a roster writes it (only the rules given)."""
    return {key: getattr(rules, key) for key in REQUIRE_KEYS if getattr(rules, key)}


def value_key(person: Participant, name: str) -> str | None:
    """The person's value for a requirement's name: a field, else an attribute."""
    key = text_key(name)
    if key in REQUIREMENT_FIELDS:
        return text_key(getattr(person, key))
    found = [v for a, v in (person.attributes or {}).items() if text_key(a) == key]
    return text_key(found[0]) if found else None


def unmet_side(person: Participant, side: dict[str, list[str]]) -> str | None:
    """The first ``mentor:``/``mentee:`` requirement the person fails (its name), or None."""
    for name, allowed in side.items():
        value = value_key(person, name)
        if value is None or value not in {text_key(a) for a in allowed}:
            return name
    return None


def pair_rules(rules: Requirements) -> list[tuple[str, str]]:
    """Each ``differ``/``same`` requirement as (kind, name), in the matcher's order."""
    return [("differ", n) for n in rules.differ] + [("same", n) for n in rules.same]
