"""Building and changing a participant from loose answers (flags or prompts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from revmentor.domain import validation
from revmentor.domain.models import MENTOR, PARTICIPANT_STATUSES, Participant
from revmentor.errors import InvalidInput

REQUIRED = ("name", "email", "role")


def _clean(key: str, value: object) -> object:
    """Validate one field; the error names the field."""
    try:
        if key == "email":
            return validation.parse_email(value)
        if key == "name":
            return validation.parse_name(value)
        if key == "role":
            return validation.parse_role(value)
        if key == "level":
            if value in (None, ""):
                return None
            return validation.parse_whole_number(value, "level")
        if key == "capacity":
            return validation.parse_whole_number(value, "capacity", minimum=1)
        if key == "manager":
            if value in (None, ""):
                return None
            return validation.parse_email(value)
        if key in ("teaches", "learns"):
            return validation.parse_topics(value)
        if key == "status":
            text = str(value).strip().lower()
            if text not in PARTICIPANT_STATUSES:
                raise InvalidInput(
                    f"status must be one of {', '.join(PARTICIPANT_STATUSES)}, "
                    f"not {value!r}"
                )
            return text
        if key == "attributes":
            if not isinstance(value, Mapping):
                raise InvalidInput("attributes must be key=value pairs")
            return {
                str(k).strip(): str(v).strip()
                for k, v in value.items()
                if str(k).strip()
            }
        if key == "prefers":
            return validation.parse_emails(value, "prefers")
        if key in ("title", "department", "goals", "timezone", "organization"):
            return validation.parse_text(value, key)
    except InvalidInput as error:
        message = str(error)
        if key in message:  # e.g. "level must be a whole number": names itself
            raise
        raise InvalidInput(f"{key}: {message}") from None
    raise InvalidInput(f"unknown field {key!r}")


def new_participant(values: Mapping[str, object]) -> Participant:
    """A participant from answers; ``None`` values count as not given."""
    given = {k: v for k, v in values.items() if v is not None}
    missing = [k for k in REQUIRED if k not in given or given[k] == ""]
    if missing:
        raise InvalidInput("missing " + ", ".join(missing))
    cleaned = {k: _clean(k, v) for k, v in given.items()}
    person = Participant(**cleaned)
    _check_self_manager(person)
    return person


def changed_participant(
    person: Participant, values: Mapping[str, object]
) -> Participant:
    """A copy of ``person`` with the given (non-None) fields changed."""
    cleaned = {k: _clean(k, v) for k, v in values.items() if v is not None}
    if "email" in cleaned and cleaned["email"] != person.email:
        raise InvalidInput("email cannot be changed; enroll the new address instead")
    updated = replace(person, **cleaned)
    _check_self_manager(updated)
    return updated


def _check_self_manager(person: Participant) -> None:
    if person.manager and person.manager == person.email:
        raise InvalidInput("manager: a person cannot be their own manager")
    if person.email in person.prefers:
        raise InvalidInput(
            "prefers: a person cannot prefer to be paired with themselves"
        )


def parse_attribute_flags(items: list[str] | None) -> dict[str, str] | None:
    """``["gender=female", "generation=Z"]`` -> dict; None when no flag was given."""
    if not items:
        return None
    attributes: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"attribute {item!r} must be written KEY=VALUE")
        attributes[key.strip()] = value.strip()
    return attributes


def as_record(person: Participant, *, include_private: bool) -> dict[str, object]:
    """The roster's keys, JSON-ready; private attributes only when asked for."""
    record: dict[str, object] = {
        "email": person.email,
        "name": person.name,
        "role": person.role,
        "title": person.title,
        "level": person.level,
        "department": person.department,
        "manager": person.manager,
        "teaches": person.teaches,
        "learns": person.learns,
        "goals": person.goals,
        "capacity": person.capacity if person.role == MENTOR else None,
        "timezone": person.timezone,
        "organization": person.organization,
        "prefers": person.prefers,
        "status": person.status,
        "enrolled_on": person.enrolled_on.isoformat() if person.enrolled_on else None,
        "left_on": person.left_on.isoformat() if person.left_on else None,
    }
    if include_private:
        record["attributes"] = person.attributes
    return record


def chain_loops(person_email: str, manager_of: Mapping[str, str | None]) -> bool:
    """True when following ``manager`` from ``person_email`` comes back to it."""
    seen = {person_email}
    current = manager_of.get(person_email)
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = manager_of.get(current)
    return False
