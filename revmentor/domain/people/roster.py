"""Roster and program files: YAML text (or spreadsheet rows) in, validated
records out.

Pure: no file I/O and no Typer, Rich or sqlite-utils. ``yaml_reader`` turns
the text into plain values that remember their lines; each section's entries
then pass their record's model (participant, program settings, fixed pair).

Every problem is one sentence of the shape::

    roster.yaml, line 14, field 'level' of participant 3 (ana@example.com):
    level must be a whole number, not 'senior'

(on one line), and all problems found are raised together in one ``RosterError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, model_validator

from revmentor.domain.models import MENTEE, MENTOR, Participant
from revmentor.domain.pairing.pair_rules import AVOID, FIXED, check_rule_people
from revmentor.domain.people.org import ORG_KEYS, OrgPerson, find_loops, manager_loops
from revmentor.domain.people.participant_record import OrgRecord, ParticipantRecord
from revmentor.domain.people.people import check_prefers
from revmentor.domain.program import ProgramSettings, keys_at
from revmentor.domain.records import Record, field_name, rule, suggest
from revmentor.domain.sessions.goals import parse_goal_text
from revmentor.domain.validation import parse_date, parse_email
from revmentor.domain.yaml_reader import BAD, NULL, YamlReader, always, describe, line
from revmentor.errors import InvalidInput

TOP_LEVEL_KEYS = ("program", "participants", "avoid", "fixed", "org")
# The roster's keys for a person: every field of a participant (the days they
# enrolled and left too, for a program that began before it was recorded, and
# so that `people --format csv` reads back).
PARTICIPANT_KEYS = tuple(ParticipantRecord.model_fields)
_PROGRAM_SHAPE = "a group of fields such as name, cadence_days and topics"


class PairGoal(Record):
    """What a fixed pair sets out to do (the due date is checked against the
    pair's start when the pair is made)."""

    text: Annotated[str, rule(parse_goal_text)] = Field("", validate_default=True)
    due: Annotated[date | None, rule(parse_date, "the due date", optional=True)] = None


def _goal_list(value: object) -> list:
    """Goals as texts, or groups such as {text: Post weekly, due: 2027-03-01}."""
    items = value if isinstance(value, list) else [value]
    return [{"text": item} if isinstance(item, str) else item for item in items]


class FixedPair(Record):
    """A pair the coordinator has decided, and what it sets out to do."""

    mentor: Annotated[str, rule(parse_email)] = Field("", validate_default=True)
    mentee: Annotated[str, rule(parse_email)] = Field("", validate_default=True)
    goals: Annotated[list[PairGoal], BeforeValidator(_goal_list)] = []

    @model_validator(mode="after")
    def _two_people(self) -> FixedPair:
        try:
            check_rule_people(FIXED, self.mentor, self.mentee)
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        return self


def _fixed_keys(loc: tuple) -> tuple[str, ...]:
    """The keys a fixed entry takes, or (deeper) one of its goals."""
    return tuple((PairGoal if len(loc) > 1 else FixedPair).model_fields)


@dataclass
class Roster:
    """A validated roster file.

    ``program`` holds only the keys the file's ``program:`` block gives (``None``
    when there is no block); ``lines`` maps each participant's email to the line of
    its entry, ``fixed_lines``/``avoid_lines`` give the line of each entry, and
    ``manager_lines`` the line of each participant's ``manager`` field. ``given``
    maps each email to the participant keys the file actually wrote, so an import
    can tell "not given" from "given the default".
    """

    program: dict[str, object] | None = None
    participants: list[Participant] = field(default_factory=list)
    avoid: list[tuple[str, str]] = field(default_factory=list)
    fixed: list[tuple[str, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    index_of: dict[str, int] = field(default_factory=dict)  # email -> entry number
    fixed_lines: list[int] = field(default_factory=list)
    # (mentor, mentee) of a fixed pair -> its goals, each {"text", "due"}.
    fixed_goals: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    avoid_lines: list[int] = field(default_factory=list)
    manager_lines: dict[str, int] = field(default_factory=dict)
    given: dict[str, frozenset[str]] = field(default_factory=dict)
    # A roster read from a spreadsheet counts rows, not lines, and names columns
    # by their header (key -> header as written).
    unit: str = "line"
    columns: dict[str, str] | None = None
    # The org chart around the program (``org:``): people who are not enrolled.
    org: list[OrgPerson] = field(default_factory=list)
    org_lines: dict[str, int] = field(default_factory=dict)
    note: str = ""  # which sheet of a workbook was read (``Table.note``)


# ---------------------------------------------------------------------------
# public functions


def parse_roster(
    text: str, source: str, keys: tuple[str, ...] = TOP_LEVEL_KEYS
) -> Roster:
    """Parse and validate a roster; raise ``RosterError`` listing every problem
    (``keys``: the top-level keys the file may hold, say only ``org``)."""
    reader = _Reader(source)
    roster = Roster()
    root = reader.root(
        text, "a roster must be a group of fields (program, participants, avoid, fixed)"
    )
    if root is not None:
        for key, (key_node, node) in reader.fields(root, _top, ()).items():
            if key not in keys:
                reader.problem(line(key_node), None, suggest(key, keys))
            elif key == "program":
                roster.program = reader.program(node)
            else:
                getattr(reader, key)(node, roster)
        reader.pair_conflicts(roster)
    reader.raise_if_any()
    return roster


def parse_program(text: str, source: str) -> dict[str, object]:
    """Parse a program file: a ``program:`` block, or the program keys at top level.

    Returns the validated keys that were given (``{}`` for an empty file).
    """
    reader = _Reader(source)
    result: dict[str, object] | None = {}
    root = reader.root(text, f"a program file must be {_PROGRAM_SHAPE}")
    if root is not None and any(
        k.id == "scalar" and k.value in TOP_LEVEL_KEYS for k, _ in root.value
    ):
        # A roster-shaped file: take its program block, refuse the rest.
        for key, (key_node, node) in reader.fields(root, _top, ()).items():
            if key == "program":
                result = reader.program(node)
            elif key not in TOP_LEVEL_KEYS:
                reader.problem(line(key_node), None, suggest(key, ("program",)))
            else:
                hint = "add people with `revmentor import ROSTER.yaml`"
                only = f"a program file holds only the program's settings; {hint}"
                reader.problem(line(key_node), f"field '{key}'", only)
    elif root is not None:
        result = reader.program(root)
    reader.raise_if_any()
    return result or {}


def check_references(
    roster: Roster, source: str, enrolled: dict[str, tuple[str, str | None]]
) -> None:
    """Check what a roster names against the people already enrolled.

    ``enrolled`` maps email -> (role, manager email) for people in the database.
    Raises ``RosterError`` when ``fixed``/``avoid`` name someone neither enrolled
    nor in the file, when a fixed pair's mentor is not a mentor or its mentee not a
    mentee, and when the manager chain (database and file merged, the file winning)
    loops through someone in the file.
    """
    reader = _Reader(source, roster.unit, roster.columns)
    roles = {email: role for email, (role, _) in enrolled.items()}
    managers = {email: manager for email, (_, manager) in enrolled.items()}
    for person in roster.participants:
        roles[person.email] = person.role
        if "manager" in roster.given[person.email]:  # else the enrolled one's stays
            managers[person.email] = person.manager

    def check(email: str, line: int, where: str, want: str | None = None) -> None:
        if email not in roles:
            text = "is neither enrolled nor listed under participants in this file"
            reader.problem(line, where, f"{email} {text}")
        elif want and roles[email] != want:
            reader.problem(line, where, f"{email} is a {roles[email]}, not a {want}")

    for index, pair in enumerate(roster.avoid, start=1):
        for email in pair:
            check(email, roster.avoid_lines[index - 1], f"avoid entry {index}")
    for index, (mentor, mentee) in enumerate(roster.fixed, start=1):
        line = roster.fixed_lines[index - 1]
        check(mentor, line, f"field 'mentor' of fixed entry {index}", MENTOR)
        check(mentee, line, f"field 'mentee' of fixed entry {index}", MENTEE)
    for person in roster.participants:
        try:
            check_prefers(person, roles)
        except InvalidInput as error:
            who = f"participant {roster.index_of[person.email]} ({person.email})"
            message = str(error).removeprefix("prefers: ")
            where = reader.field("prefers", who)
            reader.problem(roster.lines[person.email], where, message)
    reader.manager_loops(roster, managers)
    reader.raise_if_any()


# ---------------------------------------------------------------------------
# the reader


def _top(path: tuple) -> str | None:
    return f"field '{path[0]}'" if path else None


def _label(who: str, values: Mapping[str, object]) -> str:
    """``who`` with the person's email (else name): every message about them
    names them."""
    for key in ("email", "name"):
        label = values.get(key)
        label = " ".join(label.split()) if isinstance(label, str) else ""
        if label:
            return f"{who} ({label.lower() if key == 'email' else label})"
    return who


class _Reader(YamlReader):
    """The roster's sections, each entry through its record's model."""

    def about(self, who: str) -> Callable[[tuple], str]:
        """Where a problem inside ``who``'s entry is: the entry, or a field."""
        return lambda path: self.field(path[0], who) if path else who

    def program(self, node: Any) -> dict[str, object] | None:
        def where(path: tuple) -> str:
            name = field_name(path)
            return f"field '{name}' of the program" if path else "the program"

        shape = f"the program must be {_PROGRAM_SHAPE}"
        if node.tag == NULL or not self.entry(node, "the program", shape):
            return None
        values = self.plain(node, where)
        if values is BAD:
            return None
        try:
            checked = ProgramSettings.model_validate(values)
        except ValidationError as error:
            self.invalid(error, partial(self.line_at, node), where, keys_at)
            return None
        given = checked.model_dump(exclude_unset=True)
        return {key: value for key, value in given.items() if value is not None}

    def records(
        self, node: Any, key: str, what: str, who: str, example: str
    ) -> Iterator[tuple[int, Any, str, Any]]:
        """Each entry of a section that reads as a group of fields: its number,
        node, name in messages (with the person's email or name) and values."""
        shape = f"each {who} must be a group of fields such as {example}"
        for index, entry in self.entries(node, key, what):
            name = f"{who} {index}"
            if self.entry(entry, name, shape) is None:
                continue
            if who == "participant":
                scalars = [(k, v) for k, v in entry.value if v.id == k.id == "scalar"]
                name = _label(name, {k.value: v.value for k, v in scalars})
            values = self.plain(entry, self.about(name))
            if values is not BAD:
                yield index, entry, name, values

    def participants(self, node: Any, roster: Roster) -> None:
        what = "people (each starting with '- ')"
        example = "name, email and role"
        entries = self.records(node, "participants", what, "participant", example)
        for index, entry, who, values in entries:
            line_of = partial(self.line_at, entry)
            self.add_participant(index, values, line_of, who, roster)

    def add_participant(
        self,
        index: int,
        values: dict[str, object],
        line_of: Callable[[tuple], int],
        who: str,
        roster: Roster,
    ) -> None:
        """Read one participant into the roster, or report why not."""
        # An empty value is not given; an unknown key is the model's to refuse.
        fields = ParticipantRecord.model_fields
        given = {k: v for k, v in values.items() if v is not None or k not in fields}
        try:
            record = ParticipantRecord.model_validate(given)
        except ValidationError as error:
            self.invalid(error, line_of, self.about(who), lambda _: PARTICIPANT_KEYS)
            return
        person = record.participant()
        email = person.email
        if email in roster.lines:
            where = self.field("email", f"participant {index} ({email})")
            text = f"{email} is already listed on {self.unit} {roster.lines[email]}"
            self.problem(line_of(("email",)), where, text)
            return
        roster.participants.append(person)
        roster.index_of[email] = index
        roster.lines[email] = line_of(())
        roster.given[email] = frozenset(values)
        if "manager" in values:
            roster.manager_lines[email] = line_of(("manager",))

    def avoid(self, node: Any, roster: Roster) -> None:
        example = "[ana@example.com, sam@example.com]"
        for index, entry in self.entries(node, "avoid", "pairs of emails"):
            where = f"avoid entry {index}"
            value = self.plain(entry, always(where))
            if value is BAD:
                continue
            try:
                if not isinstance(value, list) or len(value) != 2:
                    size = f" of {len(value)}" if isinstance(value, list) else ""
                    raise InvalidInput(
                        f"each avoid entry must be a pair of emails such as "
                        f"{example}, not {describe(entry)}{size}"
                    )
                first, second = (parse_email(item) for item in value)
                check_rule_people(AVOID, first, second)
            except InvalidInput as error:
                self.problem(line(entry), where, str(error))
                continue
            roster.avoid.append((first, second))
            roster.avoid_lines.append(line(entry))

    def fixed(self, node: Any, roster: Roster) -> None:
        example = "{mentor: lee@example.com, mentee: sam@example.com}"
        for _, entry, who, values in self.records(
            node, "fixed", "mentor/mentee pairs", "fixed entry", example
        ):
            try:
                pair = FixedPair.model_validate(values)
            except ValidationError as error:
                where = self.about(who)
                self.invalid(error, partial(self.line_at, entry), where, _fixed_keys)
                continue
            roster.fixed.append((pair.mentor, pair.mentee))
            roster.fixed_lines.append(line(entry))
            if pair.goals:
                goals = [goal.model_dump(mode="json") for goal in pair.goals]
                roster.fixed_goals[(pair.mentor, pair.mentee)] = goals

    def org(self, node: Any, roster: Roster) -> None:
        what = "people (each with an email)"
        example = "email, name and manager"
        entries = self.records(node, "org", what, "org entry", example)
        for index, entry, _, values in entries:
            self.add_org_person(index, values, line(entry), roster)
        self.org_loops(roster)

    def add_org_person(
        self, index: int, values: dict[str, object], line: int, roster: Roster
    ) -> None:
        """Read one person of the org chart, through its one rule set."""
        who = f"org entry {index}"
        try:
            person = OrgRecord.model_validate(values).person()
        except ValidationError as error:
            self.invalid(error, lambda _: line, self.about(who), lambda _: ORG_KEYS)
            return
        earlier = roster.org_lines.get(person.email)
        if earlier is not None:
            text = f"{person.email} is already listed on {self.unit} {earlier}"
            self.problem(line, self.field("email", who), text)
        else:
            roster.org.append(person)
            roster.org_lines[person.email] = line

    def org_loops(self, roster: Roster) -> None:
        """A manager chain inside the org chart that comes back to its start."""
        managers = {p.email: p.manager for p in roster.org}
        for loop in manager_loops(managers):
            where = self.field("manager", f"org entry ({loop[0]})")
            text = "the manager chain loops: " + " → ".join([*loop, loop[0]])
            self.problem(roster.org_lines.get(loop[0], 0), where, text)

    # -- whole-roster checks -----------------------------------------------

    def pair_conflicts(self, roster: Roster) -> None:
        """A mentee fixed twice, or a pair both fixed and avoided."""
        mentee_line: dict[str, tuple[str, int]] = {}
        avoided = {frozenset(pair) for pair in roster.avoid}
        for index, pair in enumerate(roster.fixed, start=1):
            (mentor, mentee), at_line = pair, roster.fixed_lines[index - 1]
            if mentee in mentee_line:
                other, at = mentee_line[mentee]
                text = f"{mentee} is already fixed to {other} on line {at}"
                self.problem(at_line, f"field 'mentee' of fixed entry {index}", text)
            mentee_line.setdefault(mentee, (mentor, at_line))
            if frozenset(pair) in avoided:
                text = f"{mentor} and {mentee} are both fixed and listed under avoid"
                self.problem(at_line, f"fixed entry {index}", text)

    def manager_loops(self, roster: Roster, managers: Mapping[str, str | None]) -> None:
        """Report each manager cycle that passes through someone in the file
        (``managers``: everyone's manager, enrolled and in the file)."""
        lines = roster.lines
        for cycle in find_loops(lines, managers.get):
            in_file = [e for e in cycle if e in lines]
            if not in_file:
                continue
            first = min(in_file, key=lambda e: lines[e])
            at = cycle.index(first)
            ordered = cycle[at:] + cycle[:at] + [first]
            who = f"participant {roster.index_of[first]} ({first})"
            where = self.field("manager", who)
            text = "the manager chain loops: " + " → ".join(ordered)
            self.problem(roster.manager_lines.get(first, lines[first]), where, text)
