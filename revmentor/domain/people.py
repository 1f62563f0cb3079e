"""The one rule set for a participant, used by every way in.

Prompts, flags, rosters (YAML, and spreadsheets), ``people update/pause/resume/
leave`` and restore all build or change a ``Participant`` through this module:

- ``clean_field`` holds each field's rule (shape, length, bounds);
- ``check_participant`` the rules across fields of one record;
- ``manager_cycle`` the rule across records (no reporting line loops);
- ``left_participant`` and ``resumed_participant`` the status changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

from revmentor.domain import validation
from revmentor.domain.chains import walk_up
from revmentor.domain.models import (
    ACTIVE,
    LEFT,
    MENTOR,
    PARTICIPANT_STATUSES,
    PAUSED,
    Participant,
)
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput

REQUIRED = ("name", "email", "role")

# Bounds every way in shares: far beyond real programs, well inside what the
# matcher computes with (level differences, capacity slots).
LEVEL_MIN, LEVEL_MAX = -1_000, 1_000
CAPACITY_MAX = 100


def _optional(parse: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value in (None, "") else parse(value)


def _status(value: object) -> str:
    text = str(value).strip().lower() if value is not None else ""
    if text not in PARTICIPANT_STATUSES:
        raise InvalidInput(
            f"status must be {', '.join(PARTICIPANT_STATUSES[:-1])} or "
            f"{PARTICIPANT_STATUSES[-1]}, not {shown(value)}"
        )
    return text


def _goals(value: object) -> str | None:
    if value is None:
        return None
    text = validation.clean_multiline(value, "goals", validation.MAX_LONG_TEXT)
    return text.strip() or None


def parse_attributes(value: object) -> dict[str, str]:
    """Private key/value answers: one line each, bounded, blanks dropped."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput("attributes must be key=value pairs")
    result: dict[str, str] = {}
    for key, item in value.items():
        name = validation.clean_line(key, "an attribute's name")
        if not name:
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise InvalidInput(
                f"attribute '{name}' must be a single value, not {shown(item)}"
            )
        text = validation.clean_line(str(item), f"attribute '{name}'")
        if text:
            result[name] = text
    if len(result) > validation.MAX_LIST_ITEMS:
        raise InvalidInput(
            f"at most {validation.MAX_LIST_ITEMS} attributes may be given, "
            f"not {len(result):,}"
        )
    return result


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(f"must be true or false, not {shown(value)}")


# key -> rule turning a loose value (flag text, prompt answer, file value) into
# the stored one, or raising InvalidInput with a sentence that names the field.
FIELD_RULES: dict[str, Callable[[object], object]] = {
    "email": validation.parse_email,
    "name": validation.parse_name,
    "role": validation.parse_role,
    "title": lambda v: validation.parse_text(v, "title"),
    "level": _optional(
        lambda v: validation.parse_bounded_number(v, "level", LEVEL_MIN, LEVEL_MAX)
    ),
    "department": lambda v: validation.parse_text(v, "department"),
    "manager": _optional(validation.parse_email),
    "teaches": validation.parse_topics,
    "learns": validation.parse_topics,
    "goals": _goals,
    "capacity": lambda v: validation.parse_bounded_number(
        v, "capacity", 1, CAPACITY_MAX
    ),
    "timezone": lambda v: validation.parse_text(v, "timezone"),
    "attributes": parse_attributes,
    "status": _status,
    "enrolled_on": _optional(lambda v: validation.parse_date(v, "enrolled_on")),
    "left_on": _optional(lambda v: validation.parse_date(v, "left_on")),
    "left_reason": lambda v: validation.parse_text(
        v, "the reason", validation.MAX_LONG_TEXT
    ),
    "left_organisation_on": _optional(
        lambda v: validation.parse_date(v, "left_organisation_on")
    ),
    "prefers": lambda v: validation.parse_emails(v, "prefers"),
    "organization": lambda v: validation.parse_text(v, "organization"),
}


def clean_field(key: str, value: object) -> object:
    """One field's rule; the error names the field."""
    rule = FIELD_RULES.get(key)
    if rule is None:
        raise InvalidInput(f"unknown field {shown(key)}")
    try:
        return rule(value)
    except InvalidInput as error:
        message = str(error)
        if key.split("_")[0] in message:  # "level must be ...": names itself
            raise
        raise InvalidInput(f"{key}: {message}") from None


def check_participant(person: Participant) -> Participant:
    """The rules across one record's fields; returns the person unchanged."""
    if person.manager and person.manager == person.email:
        raise InvalidInput("manager: a person cannot be their own manager")
    if person.email in person.prefers:
        raise InvalidInput(
            "prefers: a person cannot prefer to be paired with themselves"
        )
    # Dates come with a stored record (rosters and answers get theirs on saving).
    stored = person.enrolled_on is not None
    if stored and person.status == LEFT and person.left_on is None:
        raise InvalidInput("left_on: a person who left needs the date they left")
    if person.status != LEFT and person.left_on is not None:
        raise InvalidInput(f"left_on: only a person who left has one ({person.status})")
    if person.left_on and person.enrolled_on and person.left_on < person.enrolled_on:
        raise InvalidInput(
            f"left_on: {person.left_on} is before they enrolled ({person.enrolled_on})"
        )
    if person.left_organisation_on is not None and person.status != LEFT:
        raise InvalidInput(
            f"left_organisation_on: only a person who left has one ({person.status})"
        )
    return person


def new_participant(values: Mapping[str, object]) -> Participant:
    """A participant from answers; ``None`` values count as not given."""
    given = {k: v for k, v in values.items() if v is not None}
    missing = [k for k in REQUIRED if k not in given or given[k] == ""]
    if missing:
        raise InvalidInput("missing " + ", ".join(missing))
    cleaned = {k: clean_field(k, v) for k, v in given.items()}
    return check_participant(Participant(**cleaned))


def changed_participant(
    person: Participant, values: Mapping[str, object]
) -> Participant:
    """A copy of ``person`` with the given (non-None) fields changed."""
    cleaned = {k: clean_field(k, v) for k, v in values.items() if v is not None}
    if "email" in cleaned and cleaned["email"] != person.email:
        raise InvalidInput("email cannot be changed; enroll the new address instead")
    return check_participant(replace(person, **cleaned))


def stored_participant(values: Mapping[str, object]) -> Participant:
    """A participant exactly as stored (a restored backup): every field passes
    its rule and is already in the form revmentor stores it."""
    person = new_participant(values)
    for key in ("email", "manager"):
        raw = values.get(key)
        if raw is not None and raw != getattr(person, key):
            raise InvalidInput(
                f"{key} {shown(raw)} is not written as revmentor stores it "
                f"({getattr(person, key)})"
            )
    if person.enrolled_on is None:
        raise InvalidInput("enrolled_on: the date they enrolled is required")
    return person


def manager_cycle(email: str, manager_of: Mapping[str, str | None]) -> list[str]:
    """The loop ``email``'s reporting line runs into that passes through them
    (``[a, b, a]``), or [] when following managers ends."""
    line = walk_up(email, lambda person: manager_of.get(person) or None)
    if line.repeat != email:
        return []  # the line ends, or loops further up without this person
    return [email, *line.above, email]


def check_manager_chain(person: Participant, manager_of: Mapping[str, str | None]):
    """Refuse a manager that makes the reporting line loop back to the person."""
    merged = {**manager_of, person.email: person.manager}
    cycle = manager_cycle(person.email, merged)
    if cycle:
        raise InvalidInput(
            f"manager: {person.manager} cannot be {person.email}'s manager: the "
            "reporting line would loop (" + " → ".join(cycle) + ")"
        )


def paused_participant(person: Participant) -> Participant:
    if person.status == LEFT:
        raise InvalidInput(
            f"{person.email} has left the program; `revmentor people resume "
            f"{person.email}` brings them back if that was a mistake"
        )
    return replace(person, status=PAUSED)


def resumed_participant(person: Participant) -> Participant:
    """Active again; undoing a mistaken `leave` clears when and why they left."""
    return replace(
        person,
        status=ACTIVE,
        left_on=None,
        left_reason=None,
        left_organisation_on=None,
    )


def left_participant(
    person: Participant,
    *,
    on: date,
    today: date,
    reason: str | None = None,
    left_organisation: bool = False,
    not_before: tuple[date, str] | None = None,
) -> Participant:
    """``person`` after leaving the program (and, with ``left_organisation``, the
    organisation) on ``on``.

    ``not_before`` is the latest date their history reaches (a session, a
    pairing) with what it is, e.g. ``(2027-03-01, "their last session")``.
    Leaving twice keeps the first date; a person who already left the program
    may still be recorded as having left the organisation later.
    """
    validation.check_date_in_range(on, "the date")
    if on > today:
        raise InvalidInput(f"the date {on} is in the future (today is {today})")
    if person.enrolled_on and on < person.enrolled_on:
        raise InvalidInput(
            f"the date {on} is before {person.email} enrolled ({person.enrolled_on})"
        )
    if not_before is not None and on < not_before[0]:
        raise InvalidInput(f"the date {on} is before {not_before[1]} ({not_before[0]})")
    why = clean_field("left_reason", reason)
    if person.status == LEFT:
        if not left_organisation or person.left_organisation_on is not None:
            raise InvalidInput(
                f"{person.email} already left the program on {person.left_on}"
                + (
                    f" and the organisation on {person.left_organisation_on}"
                    if person.left_organisation_on
                    else ""
                )
                + "; nothing changed"
            )
        if person.left_on and on < person.left_on:
            on = person.left_on  # left the organisation no earlier than the program
        return replace(
            person, left_organisation_on=on, left_reason=why or person.left_reason
        )
    return check_participant(
        replace(
            person,
            status=LEFT,
            left_on=on,
            left_reason=why,
            left_organisation_on=on if left_organisation else None,
        )
    )


def parse_attribute_flags(items: list[str] | None) -> dict[str, str] | None:
    """``["gender=female", "generation=Z"]`` -> dict; None when no flag was given."""
    if not items:
        return None
    attributes: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"attribute {shown(item)} must be written KEY=VALUE")
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
        "left_organisation_on": (
            person.left_organisation_on.isoformat()
            if person.left_organisation_on
            else None
        ),
    }
    if include_private:
        record["attributes"] = person.attributes
        record["left_reason"] = person.left_reason
    return record


# ---------------------------------------------------------------- finding a person


def pick_person(people: list[Participant], query: str) -> Participant:
    """The one person ``query`` names: an email, a unique name, or a part of a
    name or email found in only one person. Raises NotFound with the closest
    suggestion ("did you mean sarah.boss@acme.com?") or InvalidInput when the
    query names several people."""

    from revmentor.errors import NotFound

    text = query.strip() if isinstance(query, str) else ""
    if not text:
        raise InvalidInput("Give the person's email, e.g. ana.ruiz@example.com.")
    typed = validation.plain_or_shown(text)
    address = validation.normalize_email(text)
    by_email = {p.email: p for p in people}
    if address in by_email:
        return by_email[address]
    key = validation.folded(text)
    found: list[Participant] = []
    if "@" not in text:  # an address is matched whole, never as a part
        found = [p for p in people if validation.folded(p.name) == key] or [
            p
            for p in people
            if key in validation.folded(p.name) or key in validation.folded(p.email)
        ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(p.email for p in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise InvalidInput(
            f"{typed} matches {len(found)} people ({listed}{more}); give the email"
        )
    what = "with email" if "@" in text else "named or matching"
    close = _closest_email(people, text)
    hint = (
        f"did you mean {close}?"
        if close
        else "see `revmentor people` for who is enrolled."
    )
    raise NotFound(f"No participant {what} {typed}; {hint}")


def _closest_email(people: list[Participant], text: str) -> str | None:
    """The address of the person ``text`` most likely meant: the closest email,
    else (for a name) the person with the closest name."""
    import difflib

    emails = [p.email for p in people]
    address = validation.normalize_email(text)
    close = difflib.get_close_matches(address, emails, n=1, cutoff=0.6)
    if not close and "@" not in text:
        names = {validation.folded(p.name): p.email for p in people}
        key = validation.folded(text)
        close = [
            names[n]
            for n in difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        ]
    return close[0] if close else None
