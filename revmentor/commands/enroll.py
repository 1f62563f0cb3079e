"""`revmentor enroll`: add one participant, by prompts or by flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.domain import validation
from revmentor.domain.models import LEFT, MENTEE, MENTOR, Participant
from revmentor.domain.people import people as rules
from revmentor.errors import Conflict, InvalidInput, UsageProblem
from revmentor.prompts import OPTIONAL, get_prompter, validator
from revmentor.render.people import participant_summary, tell

ROLE_CHOICES = (
    (MENTOR, "mentor: a junior who coaches a senior leader on tech, trends, culture"),
    (MENTEE, "mentee: a senior leader who learns from a junior colleague"),
)


def enroll_command(
    ctx: typer.Context,
    name: opt.Name = None,
    email: opt.Email = None,
    role: opt.Role = None,
    title: opt.Title = None,
    level: opt.Level = None,
    department: opt.Department = None,
    manager: opt.Manager = None,
    teaches: opt.Teaches = None,
    learns: opt.Learns = None,
    goals: opt.Goals = None,
    capacity: opt.Capacity = None,
    timezone: opt.Timezone = None,
    attribute: opt.Attribute = None,
    organization: opt.Organization = None,
    prefers: opt.Prefers = None,
    no_input: common.NoInputOption = False,
) -> None:
    """Add one participant to the program.

    In a terminal it asks for each answer (role first); flags answer questions in
    advance. With --no-input, or when stdin is not a terminal, it only uses flags.

    Examples:

      revmentor enroll

      revmentor enroll --no-input --role mentor --name "Ana Ruiz"
      --email ana.ruiz@example.com --level 2 --teaches "TikTok, Gen Z trends"
    """
    values: dict[str, object] = dict(locals())
    del values["ctx"], values["no_input"]
    values["attributes"] = rules.parse_attribute_flags(values.pop("attribute"))  # type: ignore[arg-type]
    from revmentor.store.people import participants as stored

    interactive = not no_input and common.stdin_is_interactive()
    missing = [f"--{k}" for k in ("name", "email", "role") if not values[k]]
    if missing and not interactive:
        raise UsageProblem(
            f"Missing {', '.join(missing)}: give every required answer as a flag "
            "when not running in a terminal."
        )
    store = common.open_for_writing(ctx)
    if values["email"]:
        with common.refusing("Cannot enroll"):
            address = validation.parse_email(values["email"])
        _refuse_enrolled(stored.get_participant(store.db, address))
    person = _ask_and_confirm(store, values) if interactive else _enrollable(values)
    with common.refusing("Cannot enroll"):
        rules.check_manager_chain(person, stored.manager_map(store.db))
        rules.check_prefers(person, stored.all_emails(store.db))
    person.enrolled_on = date.today()
    with store.write():
        _refuse_enrolled(stored.get_participant(store.db, person.email))
        stored.insert_participant(store.db, person)
    tell(f"Enrolled {person.name} <{person.email}> as a {person.role}.")
    common.warn_unknown_manager(store, person)


def _refuse_enrolled(known: Participant | None) -> None:
    if known is not None:
        raise Conflict(
            f"{known.email} is already enrolled (as {known.name}); "
            f"use `revmentor people update {known.email}` to change their details."
        )


def _enrollable(values: dict) -> Participant:
    """The participant the answers describe, through the one rule set."""
    cleaned = {k: (v if v != "" else None) for k, v in values.items()}
    with common.refusing("Cannot enroll"):
        return rules.new_participant(cleaned)


def _check(key: str, prepare: Callable = lambda text: text):
    """A prompt validator: the field's rule from the one rule set."""
    return validator(lambda text: rules.clean_field(key, prepare(text)))


def _ask_and_confirm(store, answers: dict) -> Participant:
    """Ask only what the flags left unanswered, show the result, confirm it."""
    import zoneinfo

    from revmentor.store.people.participants import list_participants
    from revmentor.store.program import load_program

    program = load_program(store.db)
    people = list_participants(store.db)
    ask = get_prompter()
    if not answers["role"]:
        answers["role"] = ask.select("Role in the program:", ROLE_CHOICES)
    role = validation.parse_role(answers["role"])
    _ask_who(ask, answers, people)
    key = "teaches" if role == MENTOR else "learns"
    if answers[key] is None:
        question = f"Topics they {'can teach' if role == MENTOR else 'want to learn'}:"
        answers[key] = ask.topics(question, program.topics, validate=_check("teaches"))
    if answers["goals"] is None:
        answers["goals"] = ask.text(
            "Goals for the program:"
            if role == MENTEE
            else "What do they hope to get out of mentoring?",
            validate=_check("goals"),
            **OPTIONAL,
        )
    if role == MENTOR and answers["capacity"] is None:
        answers["capacity"] = ask.text(
            "How many mentees can they take?", default="1", validate=_check("capacity")
        )
    if answers["timezone"] is None:
        answers["timezone"] = ask.autocomplete(
            "Time zone:",
            sorted(zoneinfo.available_timezones()),  # none known: free entry
            validate=_check("timezone"),
            instruction="(optional, e.g. Europe/Madrid)",
        )
    given = dict(answers["attributes"] or {})
    for attribute in program.matching.diversity_attributes:
        if attribute not in given:
            answer = ask.text(
                f"{attribute.capitalize()}:",
                validate=_check("attributes", lambda text, key=attribute: {key: text}),
                instruction="(optional, private: used only to diversify pairs)",
            ).strip()
            if answer:
                given[attribute] = answer
    answers["attributes"] = given or None
    if answers["prefers"] is None:
        answers["prefers"] = _ask_preferences(ask, role, people)
    person = _enrollable(answers)
    participant_summary(person)
    common.confirm_or_stop(ask, "Save this participant?")
    return person


def _ask_who(ask, answers: dict, people: list[Participant]) -> None:
    """Name, email, title, level, department and manager."""
    taken = {p.email for p in people}

    def fresh_email(text: str) -> str:
        address = validation.parse_email(text)
        if address in taken:
            raise Conflict(
                f"{address} is already enrolled; use `revmentor people update` instead"
            )
        return address

    if not answers["name"]:
        answers["name"] = ask.text("Full name:", validate=_check("name"))
    if not answers["email"]:
        answers["email"] = ask.text("Email:", validate=validator(fresh_email))
    for key, question in (
        ("title", "Job title:"),
        ("level", "Level (whole number, higher = more senior):"),
    ):
        if answers[key] is None:
            answers[key] = ask.text(question, validate=_check(key), **OPTIONAL)
    if answers["department"] is None:
        answers["department"] = ask.autocomplete(
            "Department:",
            sorted({p.department for p in people if p.department}),
            validate=_check("department"),
            **OPTIONAL,
        )
    if answers["manager"] is None:
        # "Name <email>" so the coordinator can type either part of it.
        answers["manager"] = manager_email(
            ask.autocomplete(
                "Manager (type a name or an email):",
                sorted(f"{p.name} <{p.email}>" for p in people),
                validate=_check("manager", manager_email),
                **OPTIONAL,
            )
        )


def _ask_preferences(ask, role: str, people: list[Participant]) -> list[str]:
    """Up to three people of the other side they would like to meet, in order."""
    from revmentor.domain.pairing.reasons import ordinal

    others = [p for p in people if p.role != role and p.status != LEFT]
    choices = sorted(f"{p.name} <{p.email}>" for p in others)
    emails = {p.email for p in others}
    side = "mentee" if role == MENTOR else "mentor"

    def other_side(text: str) -> str | None:
        address = rules.clean_field("manager", manager_email(text))
        if address is not None and address not in emails:
            raise InvalidInput(f"{address} is not an enrolled {side}")
        return address  # type: ignore[return-value]

    picked: list[str] = []
    while others and len(picked) < 3:
        answer = ask.autocomplete(
            f"{ordinal(len(picked) + 1)} choice of {side} to be paired with:",
            [c for c in choices if manager_email(c) not in picked],
            validate=validator(other_side),
            instruction="(optional; leave empty to finish)",
        )
        address = other_side(answer)
        if address is None:
            break
        picked.append(address)
    return picked


def manager_email(answer: str) -> str:
    """The email in an autocompleted "Name <email>" answer, or the text as typed."""
    text = answer.strip()
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text
