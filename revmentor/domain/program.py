"""The one rule set for the program's settings.

The roster's ``program:`` block, ``init`` (flags, prompts, ``--from``) and
restore all pass each setting through ``clean_setting``, so a value one way in
refuses is refused by all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from revmentor.domain import validation
from revmentor.domain.mail_settings import MAIL_SETTING_KEYS, parse_mail_setting
from revmentor.domain.matching_rules import (
    parse_requirements,
    parse_weights,
)
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput

PROGRAM_KEYS = (
    "name",
    "objectives",
    "rules",
    "topics",
    "statements",
    "cadence_days",
    "session_minutes",
    "length_weeks",
    "start",
    "organization",
    "matching",
    *MAIL_SETTING_KEYS,
)
MATCHING_KEYS = (
    "min_level_gap",
    "weights",
    "diversity_attributes",
    "allow_repeats",
    "require",
)

# Bounds a program can compute with: rounds, expected sessions and end dates
# stay far inside Python's dates and the matcher's arithmetic.
CADENCE_DAYS_MAX = 365
SESSION_MINUTES_MAX = 24 * 60
LENGTH_WEEKS_MAX = 520  # ten years
LEVEL_GAP_MAX = 2_000  # any two levels differ by at most this


def _whole(key: str, low: int, high: int) -> Callable[[object], int]:
    return lambda value: validation.parse_bounded_number(value, key, low, high)


def _lines(key: str) -> Callable[[object], list[str]]:
    def parse(value: object) -> list[str]:
        if not isinstance(value, list):
            raise InvalidInput(f"{key} must be a list of texts, not {shown(value)}")
        items = [
            validation.clean_line(item, f"each item of {key}", validation.MAX_LONG_TEXT)
            if isinstance(item, str)
            else _not_text(key, item)
            for item in value
        ]
        if len(items) > validation.MAX_LIST_ITEMS:
            raise InvalidInput(
                f"{key} may hold at most {validation.MAX_LIST_ITEMS} items, "
                f"not {len(items):,}"
            )
        return [item for item in items if item]

    return parse


def _not_text(key: str, item: object) -> str:
    raise InvalidInput(f"each item of {key} must be text, not {shown(item)}")


def _weights(value: object) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise InvalidInput(
            f"weights must be a group of fields such as 'topics: 3', not {shown(value)}"
        )
    return parse_weights(value)


def _boolean(key: str) -> Callable[[object], bool]:
    def parse(value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):  # as SQLite stores it
            return bool(value)
        raise InvalidInput(f"{key} must be true or false, not {shown(value)}")

    return parse


MATCHING_RULES: dict[str, Callable[[object], object]] = {
    "min_level_gap": _whole("min_level_gap", -LEVEL_GAP_MAX, LEVEL_GAP_MAX),
    "weights": _weights,
    "diversity_attributes": validation.parse_topics,
    "allow_repeats": _boolean("allow_repeats"),
    "require": parse_requirements,
}


def parse_matching(value: object) -> dict[str, object]:
    if not isinstance(value, Mapping):
        raise InvalidInput(
            "matching must be a group of fields such as min_level_gap and "
            f"weights, not {shown(value)}"
        )
    return {key: clean_matching_setting(key, item) for key, item in value.items()}


def clean_matching_setting(key: str, value: object) -> object:
    rule = MATCHING_RULES.get(key)
    if rule is None:
        raise InvalidInput(f"unknown matching setting {shown(key)}")
    return rule(value)


SETTING_RULES: dict[str, Callable[[object], object]] = {
    "name": validation.parse_name,
    "objectives": _lines("objectives"),
    "rules": _lines("rules"),
    "statements": _lines("statements"),
    "organization": lambda v: validation.parse_text(v, "organization"),
    "topics": validation.parse_topics,
    "cadence_days": _whole("cadence_days", 1, CADENCE_DAYS_MAX),
    "session_minutes": _whole("session_minutes", 1, SESSION_MINUTES_MAX),
    "length_weeks": _whole("length_weeks", 1, LENGTH_WEEKS_MAX),
    "start": lambda v: None if v is None else validation.parse_date(v, "start"),
    "matching": parse_matching,
    **{
        key: (lambda value, key=key: parse_mail_setting(key, key, value))
        for key in MAIL_SETTING_KEYS
    },
}


def clean_setting(key: str, value: object) -> object:
    """One program setting's rule: the clean value, or InvalidInput."""
    rule = SETTING_RULES.get(key)
    if rule is None:
        raise InvalidInput(f"unknown program setting {shown(key)}")
    return rule(value)


def clean_settings(values: Mapping[str, object]) -> dict[str, object]:
    return {key: clean_setting(key, value) for key, value in values.items()}
