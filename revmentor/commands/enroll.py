"""`revmentor enroll`: add one participant, by prompts or by flags."""

from __future__ import annotations

from datetime import date

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.commands.common import NoInputOption, open_for_writing, say
from revmentor.domain import validation
from revmentor.domain.models import MENTEE, MENTOR, Participant
from revmentor.domain.people import new_participant, parse_attribute_flags
from revmentor.errors import Conflict, InvalidInput, UsageProblem
from revmentor.render.console import escape_markup as _escape
from revmentor.render.people import participant_summary

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
    no_input: NoInputOption = False,
) -> None:
    """Add one participant to the program.

    In a terminal it asks for each answer (role first); flags answer questions in
    advance. With --no-input, or when stdin is not a terminal, it only uses flags.

    Examples:

      revmentor enroll

      revmentor enroll --no-input --role mentor --name "Ana Ruiz"
      --email ana.ruiz@example.com --level 2 --teaches "TikTok, Gen Z trends"
    """
    values: dict[str, object] = {
        "name": name,
        "email": email,
        "role": role,
        "title": title,
        "level": level,
        "department": department,
        "manager": manager,
        "teaches": teaches,
        "learns": learns,
        "goals": goals,
        "capacity": capacity,
        "timezone": timezone,
        "attributes": parse_attribute_flags(attribute),
        "organization": organization,
        "prefers": prefers,
    }
    interactive = not no_input and common.stdin_is_interactive()
    if not interactive:
        missing = [f"--{k}" for k in ("name", "email", "role") if not values[k]]
        if missing:
            raise UsageProblem(
                f"Missing {', '.join(missing)}: give every required answer as a flag "
                "when not running in a terminal."
            )
    store = open_for_writing(ctx)
    from revmentor.store.participants import get_participant, list_participants
    from revmentor.store.program import load_program

    if values["email"]:
        known = get_participant(store.db, validation.normalize_email(str(email)))
        if known is not None:
            raise Conflict(
                f"{known.email} is already enrolled (as {known.name}); "
                f"use `revmentor people update {known.email}` to change their details."
            )

    if interactive:
        people = list_participants(store.db)
        program = load_program(store.db)
        person = _ask(
            values, people, program.topics, program.matching.diversity_attributes
        )
        if person is None:
            say("Nothing saved.")
            raise typer.Exit(0)
    else:
        try:
            person = new_participant(values)
        except InvalidInput as error:
            raise InvalidInput(f"Cannot enroll: {error}.") from None
    person.enrolled_on = date.today()
    from revmentor.store.participants import insert_participant

    with store.write():
        if get_participant(store.db, person.email) is not None:
            raise Conflict(f"{person.email} is already enrolled.")
        insert_participant(store.db, person)
    say(
        f"Enrolled [bold]{_escape(person.name)}[/bold] <{person.email}> as a {person.role}."
    )
    common.warn_unknown_manager(store, person)


def _ask(
    values: dict,
    people: list[Participant],
    catalogue: list[str],
    diversity_attributes: list[str] = (),
):
    """Ask every question whose answer was not given as a flag; None if not confirmed."""
    from revmentor.prompts import get_prompter, validator

    ask = get_prompter()
    taken = {p.email for p in people}

    def fresh_email(text: str) -> str:
        address = validation.parse_email(text)
        if address in taken:
            raise Conflict(
                f"{address} is already enrolled; use `revmentor people update` instead"
            )
        return address

    def optional_level(text: str):
        return validation.parse_whole_number(text, "level") if text.strip() else None

    answers = dict(values)
    if not answers["role"]:
        answers["role"] = ask.select("Role in the program:", ROLE_CHOICES)
    role = validation.parse_role(answers["role"])
    if not answers["name"]:
        answers["name"] = ask.text(
            "Full name:", validate=validator(validation.parse_name)
        )
    if not answers["email"]:
        answers["email"] = ask.text("Email:", validate=validator(fresh_email))
    if answers["title"] is None:
        answers["title"] = ask.text("Job title:", instruction="(optional)")
    if answers["level"] is None:
        answers["level"] = ask.text(
            "Level (whole number, higher = more senior):",
            validate=validator(optional_level),
            instruction="(optional)",
        )
    if answers["department"] is None:
        departments = sorted({p.department for p in people if p.department})
        answers["department"] = ask.autocomplete(
            "Department:", departments, instruction="(optional)"
        )
    if answers["manager"] is None:
        # "Name <email>" so the coordinator can type either part of it.
        managers = sorted(f"{p.name} <{p.email}>" for p in people)
        answers["manager"] = manager_email(
            ask.autocomplete(
                "Manager (type a name or an email):",
                managers,
                validate=validator(lambda text: optional_email(manager_email(text))),
                instruction="(optional)",
            )
        )
    topic_key = "teaches" if role == MENTOR else "learns"
    if answers[topic_key] is None:
        question = (
            "Topics they can teach:" if role == MENTOR else "Topics they want to learn:"
        )
        picked = ask.checkbox(question, catalogue) if catalogue else []
        extra = ask.text(
            "Other topics (comma-separated):"
            if catalogue
            else question[:-1] + " (comma-separated):",
            instruction="(optional)",
        )
        answers[topic_key] = validation.parse_topics(
            picked + validation.parse_topics(extra)
        )
    if answers["goals"] is None:
        answers["goals"] = ask.text(
            "Goals for the program:"
            if role == MENTEE
            else "What do they hope to get out of mentoring?",
            instruction="(optional)",
        )
    if role == MENTOR and answers["capacity"] is None:
        answers["capacity"] = ask.text(
            "How many mentees can they take?",
            default="1",
            validate=validator(
                lambda v: validation.parse_whole_number(v, "capacity", minimum=1)
            ),
        )
    if answers["timezone"] is None:
        answers["timezone"] = ask.autocomplete(
            "Time zone:", _timezones(), instruction="(optional, e.g. Europe/Madrid)"
        )
    attributes = dict(answers["attributes"] or {})
    for attribute in diversity_attributes:
        if attribute not in attributes:
            answer = ask.text(
                f"{attribute.capitalize()}:",
                instruction="(optional, private: used only to diversify pairs)",
            ).strip()
            if answer:
                attributes[attribute] = answer
    answers["attributes"] = attributes or None
    if answers["prefers"] is None:
        answers["prefers"] = _ask_prefers(ask, role, people)
    cleaned = {k: (v if v != "" else None) for k, v in answers.items()}
    try:
        person = new_participant(cleaned)
    except InvalidInput as error:
        raise InvalidInput(f"Cannot enroll: {error}.") from None
    participant_summary(person)
    if not ask.confirm("Save this participant?", default=True):
        return None
    return person


def _ask_prefers(ask, role: str, people: list[Participant]) -> list[str]:
    """Up to three people of the other side they would like to meet, in order."""
    from revmentor.domain.reasons import ordinal
    from revmentor.prompts import validator

    others = [p for p in people if p.role != role and p.status != "left"]
    if not others:
        return []
    choices = sorted(f"{p.name} <{p.email}>" for p in others)
    emails = {p.email for p in others}

    def other_side(text: str) -> str | None:
        address = optional_email(manager_email(text))
        if address is not None and address not in emails:
            side = "mentee" if role == MENTOR else "mentor"
            raise InvalidInput(f"{address} is not an enrolled {side}")
        return address

    picked: list[str] = []
    while len(picked) < 3:
        answer = ask.autocomplete(
            f"{ordinal(len(picked) + 1)} choice of "
            f"{'mentee' if role == MENTOR else 'mentor'} to be paired with:",
            [c for c in choices if manager_email(c) not in picked],
            validate=validator(other_side),
            instruction="(optional; leave empty to finish)",
        )
        address = other_side(answer)
        if address is None:
            break
        picked.append(address)
    return picked


def optional_email(text: str) -> str | None:
    return validation.parse_email(text) if text.strip() else None


def manager_email(answer: str) -> str:
    """The email in an autocompleted "Name <email>" answer, or the text as typed."""
    text = answer.strip()
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text


def _timezones() -> list[str]:
    import zoneinfo

    try:
        return sorted(zoneinfo.available_timezones())
    except Exception:  # no time zone database on this machine: free entry only
        return []
