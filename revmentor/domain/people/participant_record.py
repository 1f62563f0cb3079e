"""A participant's field rules as a pydantic model, each declared once.

Prompts, flags, rosters (YAML, CSV, XLSX) and restore validate through
``ParticipantRecord`` and then work with the plain ``models.Participant`` it
gives. Imported only where something is validated: pydantic costs a tenth of
a second at start-up.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from revmentor.domain import validation
from revmentor.domain.models import ACTIVE, LEFT, PARTICIPANT_STATUSES, Participant
from revmentor.domain.people.org import ORG_KEYS, OrgPerson
from revmentor.domain.records import Record, rule, validated
from revmentor.errors import InvalidInput


def parse_attributes(value: object) -> dict[str, str]:
    """Private key/value answers: one line each, bounded, blanks dropped
    (never None: every way in drops None values as not given)."""
    if not isinstance(value, Mapping):
        raise InvalidInput(
            "attributes must be a group of name: value fields such as "
            f"'gender: female', not {validation.shown(value)}"
        )
    result: dict[str, str] = {}
    for key, item in value.items():
        name = validation.clean_line(key, "an attribute's name")
        if not name or item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise InvalidInput(
                f"attribute '{name}' must be a single value, not "
                f"{validation.shown(item)}"
            )
        text = validation.clean_line(str(item), f"attribute '{name}'")
        if text:
            result[name] = text
    validation.at_most(result, "attributes")
    return result


_EMAIL = rule(validation.parse_email)  # it refuses a blank one itself
# Bounds every way in shares: far beyond real programs, well inside what the
# matcher computes with (level differences, capacity slots).
LEVEL_MIN, LEVEL_MAX = -1_000, 1_000
CAPACITY_MAX = 100


def bounded(what: str, low: int, high: int) -> Any:
    """A whole number from ``low`` to ``high`` (empty: not given), also in
    YAML's and Python's spellings ('0x2', '1_000'); no bools."""

    def check(value: object) -> int:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = int(value.strip(), 0)
        return validation.parse_bounded_number(value, what, low, high)

    return rule(check, optional=True)


def _text(what: str) -> Any:
    return rule(validation.parse_text, what)


def parse_time_zone(value: object) -> str | None:
    """A time zone zoneinfo knows, such as Europe/Madrid: with a misspelt one
    `calendar` would write floating times."""
    name = validation.parse_text(value, "timezone")
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        import difflib

        close = difflib.get_close_matches(name, zoneinfo.available_timezones(), 1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise InvalidInput(
            f"timezone must be a time zone such as Europe/Madrid, not {name!r}{hint}"
        ) from None
    return name


def not_own_manager(value: str | None, info: ValidationInfo) -> str | None:
    """The one rule, for participants and org people alike."""
    if value and value == info.data.get("email"):
        raise ValueError("a person cannot be their own manager")
    return value


def _day(what: str) -> Any:
    return rule(validation.parse_date, what, optional=True)


class ParticipantRecord(Record):
    """A participant's fields, each with its rule declared once here.

    Prompts, flags, rosters (YAML, CSV, XLSX) and restore all validate through
    this model, then work with the plain ``Participant`` it gives.
    """

    email: Annotated[str, _EMAIL] = Field("", validate_default=True)
    name: Annotated[str, rule(validation.parse_name)] = Field("", validate_default=True)
    role: Annotated[str, rule(validation.parse_role)] = Field("", validate_default=True)
    title: Annotated[str | None, _text("title")] = None
    level: Annotated[int | None, bounded("level", LEVEL_MIN, LEVEL_MAX)] = None
    department: Annotated[str | None, _text("department")] = None
    manager: Annotated[str | None, rule(validation.parse_email, optional=True)] = None
    teaches: Annotated[list[str], rule(validation.parse_topics)] = []
    learns: Annotated[list[str], rule(validation.parse_topics)] = []
    goals: Annotated[
        str | None, rule(validation.parse_long_text, "goals", optional=True)
    ] = None
    capacity: Annotated[int, bounded("capacity", 1, CAPACITY_MAX)] = 1
    timezone: Annotated[str | None, rule(parse_time_zone)] = None
    # None: the program's own organization.
    organization: Annotated[str | None, _text("organization")] = None
    # Emails of the other side, first choice first.
    prefers: Annotated[list[str], rule(validation.parse_emails, "prefers")] = []
    status: Annotated[
        str, rule(validation.parse_choice, "status", PARTICIPANT_STATUSES)
    ] = ACTIVE
    enrolled_on: Annotated[date | None, _day("enrolled_on")] = None
    left_on: Annotated[date | None, _day("left_on")] = None
    # When they left the organization itself: None while they still work
    # there, as far as known.
    left_organisation_on: Annotated[date | None, _day("left_organisation_on")] = None
    # Private: answers for diversity aims, and why they left.
    attributes: Annotated[dict[str, str], rule(parse_attributes)] = {}
    left_reason: Annotated[
        str | None, rule(validation.parse_text, "the reason", validation.MAX_LONG_TEXT)
    ] = None

    _not_own_manager = field_validator("manager")(not_own_manager)

    @field_validator("prefers")
    @classmethod
    def _not_self(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("email") in value:
            raise ValueError("a person cannot prefer to be paired with themselves")
        return value

    @model_validator(mode="after")
    def _dates_fit_status(self) -> ParticipantRecord:
        # Dates come with a stored record (rosters and answers get theirs on
        # saving), so "left without a date" is only refused for one.
        left = self.status == LEFT
        if left and self.enrolled_on is not None and self.left_on is None:
            raise ValueError("left_on: a person who left needs the date they left")
        for key in ("left_on", "left_organisation_on"):
            if not left and getattr(self, key) is not None:
                raise ValueError(
                    f"{key}: only a person who left has one ({self.status})"
                )
        if self.left_on and self.enrolled_on and self.left_on < self.enrolled_on:
            raise ValueError(
                f"left_on: {self.left_on} is before they enrolled ({self.enrolled_on})"
            )
        return self

    def participant(self) -> Participant:
        return Participant(**self.__dict__)


class OrgRecord(Record):
    """Someone in the organisation who is not in the program: the one rule set
    of a roster's ``org:`` entries, org chart files and restore."""

    email: Annotated[str, _EMAIL] = Field("", validate_default=True)
    name: Annotated[str | None, rule(validation.parse_name, optional=True)] = None
    manager: Annotated[str | None, rule(validation.parse_email, optional=True)] = None
    title: Annotated[str | None, _text("title")] = None
    level: Annotated[int | None, bounded("level", LEVEL_MIN, LEVEL_MAX)] = None
    department: Annotated[str | None, _text("department")] = None

    _not_own_manager = field_validator("manager")(not_own_manager)

    def person(self) -> OrgPerson:
        return OrgPerson(**self.__dict__)


def new_org_person(values: Mapping[str, object]) -> OrgPerson:
    """An org person from plain values (a backup row, say); raises InvalidInput."""
    given = {key: values.get(key) for key in ORG_KEYS}
    return validated(OrgRecord, given).person()
