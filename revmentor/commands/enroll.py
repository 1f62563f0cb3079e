"""`revmentor enroll`: add one participant, by prompts or by flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.domain import validation
from revmentor.domain.dates import day_not_in_future
from revmentor.domain.models import LEFT, MENTEE, MENTOR, Participant
from revmentor.domain.pairing.reasons import ordinal
from revmentor.domain.people import people as rules
from revmentor.errors import InvalidInput
from revmentor.prompts import OPTIONAL, validator
from revmentor.render.console import say
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
    on: Annotated[date | None, common.date_option("they enrolled")] = None,
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
    del values["ctx"], values["no_input"], values["on"]
    values["enrolled_on"] = on and day_not_in_future(on, "--date")
    values["attributes"] = rules.parse_attribute_flags(values.pop("attribute"))  # type: ignore[arg-type]
    missing = [f"--{k}" for k in ("name", "email", "role") if not values[k]]
    ask = common.prompter(no_input, missing, "give every required answer as a flag")
    program = common.open_for_writing(ctx)
    person = _ask_and_confirm(ask, program, values) if ask else _enrollable(values)
    note = program.enroll(person).note
    say(f"Enrolled {person.name} <{person.email}> as a {person.role}.")
    if note:
        say(note)


def _enrollable(values: dict) -> Participant:
    """The participant the answers describe, through the one rule set."""
    with common.refusing("Cannot enroll"):  # a blank answer counts as not given
        return rules.new_participant(values)


def _check(key: str, prepare: Callable = lambda text: text):
    """A prompt validator: the field's rule from the one rule set."""
    return validator(lambda text: rules.clean_field(key, prepare(text)))


def _ask_and_confirm(ask, program, answers: dict) -> Participant:
    """Ask only what the flags left unanswered, show the result, confirm it."""
    import zoneinfo  # the standard library's, loaded only when asking

    people = program.people()
    settings = program.settings
    if not answers["role"]:
        answers["role"] = ask.select("Role in the program:", ROLE_CHOICES)
    role = validation.parse_role(answers["role"])
    _ask_who(ask, answers, people, program.refuse_enrolled)
    key = "teaches" if role == MENTOR else "learns"
    if answers[key] is None:
        question = f"Topics they {'can teach' if role == MENTOR else 'want to learn'}:"
        answers[key] = ask.topics(question, settings.topics, validate=_check("teaches"))
    if answers["goals"] is None:
        answers["goals"] = ask.text(
            "Goals for the program (shown to their mentor in the introduction):"
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
    for attribute in settings.matching.diversity_attributes:
        if attribute not in given:  # a blank answer is dropped by the rule
            given[attribute] = ask.text(
                f"{attribute.capitalize()}:",
                validate=_check("attributes", lambda text, key=attribute: {key: text}),
                instruction="(optional, private: used only to diversify pairs)",
            )
    answers["attributes"] = given
    if answers["prefers"] is None:
        answers["prefers"] = _ask_preferences(ask, role, people)
    person = _enrollable(answers)
    participant_summary(person)
    common.confirm_or_stop(ask, "Save this participant?")
    return person


def _ask_who(ask, answers: dict, people: list[Participant], refuse_enrolled) -> None:
    """Name, email, title, level, department and manager."""

    def fresh_email(text: str) -> str:
        address = validation.parse_email(text)
        refuse_enrolled(address)
        return address

    if not answers["name"]:
        answers["name"] = ask.text("Full name:", validate=_check("name"))
    if not answers["email"]:
        answers["email"] = ask.text("Email:", validate=validator(fresh_email))
    departments = sorted({p.department for p in people if p.department})
    for key, question, choices in (  # no choices: typed as text
        ("title", "Job title:", []),
        ("level", "Level (whole number, higher = more senior):", []),
        ("department", "Department:", departments),
    ):
        if answers[key] is None:
            answers[key] = ask.autocomplete(
                question, choices, validate=_check(key), **OPTIONAL
            )
    if answers["manager"] is None:
        # "Name <email>" so the coordinator can type either part of it.
        named = partial(_email_named, people=people)
        answers["manager"] = named(
            ask.autocomplete(
                "Manager (type a name or an email):",
                sorted(f"{p.name} <{p.email}>" for p in people),
                validate=_check("manager", named),
                **OPTIONAL,
            )
        )


def _ask_preferences(ask, role: str, people: list[Participant]) -> list[str]:
    """Up to three people of the other side they would like to meet, in order."""
    others = [p for p in people if p.role != role and p.status != LEFT]
    choices = sorted(f"{p.name} <{p.email}>" for p in others)
    emails = {p.email for p in others}
    side = "mentee" if role == MENTOR else "mentor"

    def other_side(text: str) -> str | None:
        address = _email_named(text, people)
        if address is not None and validation.normalize_email(address) not in emails:
            raise InvalidInput(f"{address} is not an enrolled {side}")
        return address and validation.normalize_email(address)

    picked: list[str] = []
    while others and len(picked) < 3:
        answer = ask.autocomplete(
            f"{ordinal(len(picked) + 1)} choice of {side} to be paired with "
            "(type a name or an email):",
            [c for c in choices if manager_email(c) not in picked],
            validate=validator(other_side),
            instruction="(optional; leave empty to finish)",
        )
        if (address := other_side(answer)) is None:
            break
        picked.append(address)
    return picked


def _email_named(answer: str, people: list[Participant]) -> str | None:
    """The email an answer gives: "Name <email>", an address as typed, or the
    name (or a part of one) of someone enrolled."""
    text = manager_email(answer)
    if "@" in text or not text:
        return text or None
    return rules.pick_person(people, text).email


def manager_email(answer: str) -> str:
    """The email in an autocompleted "Name <email>" answer, or the text as typed."""
    text = answer.strip()
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text
