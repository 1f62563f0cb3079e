"""`revmentor enroll`: add one participant, by prompts or by flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import typer

from revmentor.commands import common
from revmentor.commands import person_options as opt
from revmentor.commands.common import NoInputOption, open_for_writing
from revmentor.domain import validation
from revmentor.domain.models import MENTEE, MENTOR, Participant
from revmentor.domain.people import (
    check_manager_chain,
    clean_field,
    new_participant,
    parse_attribute_flags,
)
from revmentor.errors import Conflict, InvalidInput, UsageProblem
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
    from revmentor.store.participants import (
        get_participant,
        insert_participant,
        manager_map,
    )

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
        _refuse_missing_flags(values)
    store = open_for_writing(ctx)
    if values["email"]:
        _refuse_enrolled(get_participant(store.db, _email_flag(values["email"])))
    if interactive:
        person = _ask_and_confirm(store, values)
        if person is None:
            tell("Nothing saved.")
            raise typer.Exit(0)
    else:
        person = _enrollable(values)
    try:
        check_manager_chain(person, manager_map(store.db))
    except InvalidInput as error:
        raise InvalidInput(f"Cannot enroll: {error}.") from None
    person.enrolled_on = date.today()
    with store.write():
        _refuse_enrolled(get_participant(store.db, person.email))
        insert_participant(store.db, person)
    tell(f"Enrolled {person.name} <{person.email}> as a {person.role}.")
    common.warn_unknown_manager(store, person)


def _refuse_missing_flags(values: dict) -> None:
    missing = [f"--{k}" for k in ("name", "email", "role") if not values[k]]
    if missing:
        raise UsageProblem(
            f"Missing {', '.join(missing)}: give every required answer as a flag "
            "when not running in a terminal."
        )


def _email_flag(value: object) -> str:
    try:
        return validation.parse_email(value)
    except InvalidInput as error:
        raise InvalidInput(f"Cannot enroll: {error}.") from None


def _refuse_enrolled(known: Participant | None) -> None:
    if known is not None:
        raise Conflict(
            f"{known.email} is already enrolled (as {known.name}); "
            f"use `revmentor people update {known.email}` to change their details."
        )


def _enrollable(values: dict) -> Participant:
    """The participant the answers describe, through the one rule set."""
    cleaned = {k: (v if v != "" else None) for k, v in values.items()}
    try:
        return new_participant(cleaned)
    except InvalidInput as error:
        raise InvalidInput(f"Cannot enroll: {error}.") from None


def _ask_and_confirm(store, values: dict) -> Participant | None:
    from revmentor.prompts import get_prompter
    from revmentor.store.participants import list_participants
    from revmentor.store.program import load_program

    program = load_program(store.db)
    questions = _Questions(get_prompter(), list_participants(store.db))
    answers = questions.ask_all(
        dict(values), program.topics, program.matching.diversity_attributes
    )
    person = _enrollable(answers)
    participant_summary(person)
    if not questions.ask.confirm("Save this participant?", default=True):
        return None
    return person


def _check(key: str):
    """A prompt validator: the field's rule from the one rule set."""
    return lambda text: clean_field(key, text)


@dataclass
class _Questions:
    """The enroll questions, each one step; only unanswered ones are asked."""

    ask: object
    people: list[Participant]

    def ask_all(self, answers: dict, catalogue: list[str], attributes: list[str]):
        if not answers["role"]:
            answers["role"] = self.ask.select("Role in the program:", ROLE_CHOICES)
        role = validation.parse_role(answers["role"])
        self.identity(answers)
        self.position(answers)
        self.manager(answers)
        key = "teaches" if role == MENTOR else "learns"
        if answers[key] is None:
            answers[key] = self.topics(role, catalogue)
        if answers["goals"] is None:
            answers["goals"] = self.ask.text(
                "Goals for the program:"
                if role == MENTEE
                else "What do they hope to get out of mentoring?",
                validate=self.validator("goals"),
                instruction="(optional)",
            )
        if role == MENTOR and answers["capacity"] is None:
            answers["capacity"] = self.ask.text(
                "How many mentees can they take?",
                default="1",
                validate=self.validator("capacity"),
            )
        if answers["timezone"] is None:
            answers["timezone"] = self.ask.autocomplete(
                "Time zone:",
                _timezones(),
                validate=self.validator("timezone"),
                instruction="(optional, e.g. Europe/Madrid)",
            )
        answers["attributes"] = self.private_attributes(
            dict(answers["attributes"] or {}), attributes
        )
        if answers["prefers"] is None:
            answers["prefers"] = self.preferences(role)
        return answers

    def validator(self, key: str):
        from revmentor.prompts import validator

        return validator(_check(key))

    def identity(self, answers: dict) -> None:
        from revmentor.prompts import validator

        taken = {p.email for p in self.people}

        def fresh_email(text: str) -> str:
            address = validation.parse_email(text)
            if address in taken:
                raise Conflict(
                    f"{address} is already enrolled; use `revmentor people update` "
                    "instead"
                )
            return address

        if not answers["name"]:
            answers["name"] = self.ask.text(
                "Full name:", validate=self.validator("name")
            )
        if not answers["email"]:
            answers["email"] = self.ask.text("Email:", validate=validator(fresh_email))

    def position(self, answers: dict) -> None:
        if answers["title"] is None:
            answers["title"] = self.ask.text(
                "Job title:", validate=self.validator("title"), instruction="(optional)"
            )
        if answers["level"] is None:
            answers["level"] = self.ask.text(
                "Level (whole number, higher = more senior):",
                validate=self.validator("level"),
                instruction="(optional)",
            )
        if answers["department"] is None:
            departments = sorted({p.department for p in self.people if p.department})
            answers["department"] = self.ask.autocomplete(
                "Department:",
                departments,
                validate=self.validator("department"),
                instruction="(optional)",
            )

    def manager(self, answers: dict) -> None:
        if answers["manager"] is not None:
            return
        # "Name <email>" so the coordinator can type either part of it.
        managers = sorted(f"{p.name} <{p.email}>" for p in self.people)
        answers["manager"] = manager_email(
            self.ask.autocomplete(
                "Manager (type a name or an email):",
                managers,
                validate=self.validator_of_manager(),
                instruction="(optional)",
            )
        )

    def validator_of_manager(self):
        from revmentor.prompts import validator

        return validator(lambda text: clean_field("manager", manager_email(text)))

    def topics(self, role: str, catalogue: list[str]) -> list[str]:
        question = (
            "Topics they can teach:" if role == MENTOR else "Topics they want to learn:"
        )
        picked = self.ask.checkbox(question, catalogue) if catalogue else []
        extra = self.ask.text(
            "Other topics (comma-separated):"
            if catalogue
            else question[:-1] + " (comma-separated):",
            validate=self.validator("teaches"),
            instruction="(optional)",
        )
        return validation.parse_topics(picked + validation.parse_topics(extra))

    def private_attributes(self, given: dict, asked: list[str]) -> dict | None:
        for attribute in asked:
            if attribute not in given:
                answer = self.ask.text(
                    f"{attribute.capitalize()}:",
                    validate=self.validator_of_attribute(attribute),
                    instruction="(optional, private: used only to diversify pairs)",
                ).strip()
                if answer:
                    given[attribute] = answer
        return given or None

    def preferences(self, role: str) -> list[str]:
        """Up to three people of the other side they would like to meet, in order."""
        from revmentor.domain.reasons import ordinal
        from revmentor.prompts import validator

        others = [p for p in self.people if p.role != role and p.status != "left"]
        if not others:
            return []
        choices = sorted(f"{p.name} <{p.email}>" for p in others)
        emails = {p.email for p in others}
        side = "mentee" if role == MENTOR else "mentor"

        def other_side(text: str) -> str | None:
            address = clean_field("manager", manager_email(text))
            if address is not None and address not in emails:
                raise InvalidInput(f"{address} is not an enrolled {side}")
            return address

        picked: list[str] = []
        while len(picked) < 3:
            answer = self.ask.autocomplete(
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

    def validator_of_attribute(self, attribute: str):
        from revmentor.prompts import validator

        return validator(lambda text: clean_field("attributes", {attribute: text}))


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
