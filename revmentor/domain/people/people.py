"""Building and changing participants, and finding one.

Each field's rule lives on ``ParticipantRecord``; prompts, flags, rosters and
restore build a ``Participant`` through ``new_participant``/``clean_field``. Here too: the
rule across records (no reporting line loops), the status changes, and the one
way to find a person from what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import date
from typing import cast

from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import ACTIVE, LEFT, MENTEE, MENTOR, PAUSED, Participant
from revmentor.domain.people.org import walk_up
from revmentor.domain.text import folded
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput, NotFound


def clean_field(key: str, value: object) -> object:
    """One field's rule, from the model: a prompt checks each answer as typed."""
    from pydantic import ValidationError

    from revmentor.domain.people.participant_record import ParticipantRecord
    from revmentor.domain.records import sentence

    record = ParticipantRecord.model_construct()  # checked on assignment
    try:
        setattr(record, key, value)
    except ValidationError as error:
        problem = {**error.errors()[0], "loc": (key,)}
        raise InvalidInput(sentence(problem)) from None
    return getattr(record, key)


def new_participant(values: Mapping[str, object]) -> Participant:
    """A participant from answers, flags or a stored row, through the record's
    rules; ``None`` values count as not given."""
    from revmentor.domain.people.participant_record import ParticipantRecord
    from revmentor.domain.records import validated

    given = {key: value for key, value in values.items() if value is not None}
    return validated(ParticipantRecord, given).participant()


def changed_participant(
    person: Participant, values: Mapping[str, object]
) -> Participant:
    """A copy of ``person`` with the given (non-None) fields changed."""
    given = {k: v for k, v in values.items() if v is not None}
    if "email" in given and clean_field("email", given["email"]) != person.email:
        raise InvalidInput("email cannot be changed; enroll the new address instead")
    return new_participant({**asdict(person), **given})


def stored_participant(values: Mapping[str, object]) -> Participant:
    """A participant exactly as stored (a restored backup): every field passes
    its rule and is already in the form revmentor stores it (restore checks
    first that the columns the schema requires, enrolled_on too, are given)."""
    person = new_participant(values)
    for key in ("email", "manager"):
        raw = values.get(key)
        if raw is not None and raw != getattr(person, key):
            raise InvalidInput(
                f"{key} {shown(raw)} is not written as revmentor stores it "
                f"({getattr(person, key)})"
            )
    return person


def check_manager_chain(person: Participant, manager_of: Mapping[str, str | None]):
    """Refuse a manager that makes the reporting line loop back to the person."""
    merged = {**manager_of, person.email: person.manager}
    above, repeat = walk_up(person.email, lambda email: merged.get(email) or None)
    if repeat == person.email:
        loop = " → ".join([person.email, *above, person.email])
        raise InvalidInput(
            f"manager: {person.manager} cannot be {person.email}'s manager: the "
            f"reporting line would loop ({loop})"
        )


def check_prefers(person: Participant, roles: Mapping[str, object]) -> None:
    """Refuse a preference for someone not enrolled or on the same side
    (``roles``: email -> role, or (role, manager) as ``all_emails`` gives)."""
    for email in person.prefers or ():
        role = roles.get(email)
        role = role[0] if isinstance(role, tuple) else role
        if role is None:
            raise InvalidInput(f"prefers: {email} is not enrolled")
        if role == person.role:
            raise InvalidInput(
                f"prefers: {email} is a {role} too; a {person.role} prefers a "
                f"{MENTEE if role == MENTOR else MENTOR}"
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
        person, status=ACTIVE, left_on=None, left_reason=None, left_organisation_on=None
    )


def left_participant(
    person: Participant,
    *,
    on: date,
    today: date,
    reason: str | None = None,
    left_organisation: bool = False,
    last_session: date | None = None,
) -> Participant:
    """``person`` after leaving the program (and, with ``left_organisation``, the
    organization) on ``on``, no earlier than their ``last_session``.

    Leaving twice keeps the first date; a person who already left the program
    may still be recorded as having left the organization later.
    """
    day_not_in_future(on, "the date", today=today)
    enrolled = (person.enrolled_on, f"{person.email} enrolled")
    for day, what in (enrolled, (last_session, "their last session")):
        if day and on < day:
            raise InvalidInput(f"the date {on} is before {what} ({day})")
    why = cast("str | None", clean_field("left_reason", reason))
    if person.status == LEFT:
        if not left_organisation or person.left_organisation_on is not None:
            gone = person.left_organisation_on
            also = f" and the organization on {gone}" if gone else ""
            raise InvalidInput(
                f"{person.email} already left the program on {person.left_on}"
                f"{also}; nothing changed"
            )
        if person.left_on and on < person.left_on:
            on = person.left_on  # left the organization no earlier than the program
        return replace(
            person, left_organisation_on=on, left_reason=why or person.left_reason
        )
    changes = {"status": LEFT, "left_on": on, "left_reason": why}
    changes["left_organisation_on"] = on if left_organisation else None
    return new_participant(asdict(person) | changes)


def parse_key_value(item: str, what: str, form: str = "KEY=VALUE") -> tuple[str, str]:
    """``NAME=VALUE`` as a flag or cell gives it: (name, value), spaces trimmed."""
    name, sep, value = item.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"{what} {shown(item)} must be written {form}")
    return name.strip(), value.strip()


def parse_attribute_flags(items: list[str] | None) -> dict[str, str] | None:
    """``["gender=female", "generation=Z"]`` -> dict; None when no flag was given."""
    return dict(parse_key_value(item, "attribute") for item in items) if items else None


def as_record(person: Participant, *, include_private: bool) -> dict[str, object]:
    """The roster's keys, JSON-ready; private attributes only when asked for."""
    record = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(person).items()
        if include_private or key not in ("attributes", "left_reason")
    }
    if person.role != MENTOR:
        record["capacity"] = None
    return record


# ---------------------------------------------------------------- finding a person


def pick_person(people: list[Participant], query: str) -> Participant:
    """The one person ``query`` names: an email, a unique name, or a part of a
    name or email found in only one person. Raises NotFound with the closest
    suggestion ("did you mean sarah.boss@acme.com?") or InvalidInput when the
    query names several people."""

    import difflib

    text = query.strip() if isinstance(query, str) else ""
    if not text:
        raise InvalidInput("Give the person's email, e.g. ana.ruiz@example.com.")
    # As typed when it is short, printable text; else quoted by ``shown``.
    typed = text if text.isprintable() and len(text) <= 80 else shown(text)
    address = validation.normalize_email(text)
    by_email = {p.email: p for p in people}
    if address in by_email:
        return by_email[address]
    key = folded(text)
    found: list[Participant] = []
    if "@" not in text:  # an address is matched whole, never as a part
        found = [p for p in people if folded(p.name) == key] or [
            p for p in people if key in folded(p.name) or key in folded(p.email)
        ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(p.email for p in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise InvalidInput(
            f"{typed} matches {len(found)} people ({listed}{more}); give the email"
        )
    # The closest email, else (for a name) the person with the closest name.
    close = difflib.get_close_matches(address, list(by_email), n=1, cutoff=0.6)
    if not close and "@" not in text:
        names = {folded(p.name): p.email for p in people}
        close = [names[n] for n in difflib.get_close_matches(key, names, 1, 0.6)]
    what = "with email" if "@" in text else "named or matching"
    hint = "see `revmentor people` for who is enrolled."
    hint = f"did you mean {close[0]}?" if close else hint
    raise NotFound(f"No participant {what} {typed}; {hint}")
