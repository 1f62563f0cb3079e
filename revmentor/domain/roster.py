"""Roster and program files: YAML text (or spreadsheet rows) in, validated
records out.

Pure: no file I/O and no Typer, Rich or sqlite-utils. The text is *composed*
(never constructed) with PyYAML's safe loader, so every value keeps its line
and no tag is ever turned into an object: a tag such as
``!!python/object/apply:os.system`` is reported, not run. Scalars stay the text
as written (``No`` stays 'No'); each record's model then gives them their type.

Every problem is one sentence of the shape::

    roster.yaml, line 14, field 'level' of participant 3 (ana@example.com):
    level must be a whole number, not 'senior'

(on one line), and all problems found are raised together in one ``RosterError``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, model_validator

from revmentor.domain.chains import find_loops
from revmentor.domain.goals import parse_goal_text
from revmentor.domain.models import (
    MENTEE,
    MENTOR,
    Participant,
    ParticipantRecord,
    required,
    rule,
)
from revmentor.domain.org import ORG_KEYS, OrgPerson, clean_org_field, manager_loops
from revmentor.domain.program import KEYS_AT, settings
from revmentor.domain.records import Record, field_name, sentence
from revmentor.domain.tables import (
    Columns,
    Table,
    cell_text,
    match_headers,
    require_columns,
    split_list,
)
from revmentor.domain.validation import parse_date, parse_email
from revmentor.errors import InvalidInput, RosterError

TOP_LEVEL_KEYS = ("program", "participants", "avoid", "fixed", "org")
# The roster's keys for a person: the fields of Participant that a file may set.
PARTICIPANT_KEYS = tuple(
    key
    for key in ParticipantRecord.model_fields
    if key not in ("enrolled_on", "left_on", "left_reason", "left_organisation_on")
)
FIXED_KEYS = ("mentor", "mentee", "goals")

_TAG = "tag:yaml.org,2002:"
_NULL = _TAG + "null"
_MERGE = _TAG + "merge"
# Plain values only. Timestamps are read from their text (see parse_date), and
# '=' resolves to the 'value' tag, which is just text here.
_SCALAR_TAGS = frozenset(
    _TAG + kind
    for kind in ("str", "int", "float", "bool", "null", "timestamp", "value")
)
# A value that could not be read (its problem is reported): its record is skipped.
_BAD: Any = object()
Where = Callable[[tuple], str | None]


def _due(value: object) -> str:
    return parse_date(value, "the due date").isoformat()


class PairGoal(Record):
    """What a fixed pair sets out to do (the due date is checked against the
    pair's start when the pair is made)."""

    text: Annotated[str, rule(parse_goal_text)] = Field("", validate_default=True)
    due: Annotated[str | None, rule(_due, optional=True)] = None


def _goal_list(value: object) -> list:
    """Goals as texts, or groups such as {text: Post weekly, due: 2027-03-01}."""
    items = value if isinstance(value, list) else [value]
    return [{"text": item} if isinstance(item, str) else item for item in items]


def _email(role: str) -> Any:
    return required(parse_email, f"the {role}'s email is required")


class FixedPair(Record):
    """A pair the coordinator has decided, and what it sets out to do."""

    mentor: Annotated[str, _email("mentor")] = Field("", validate_default=True)
    mentee: Annotated[str, _email("mentee")] = Field("", validate_default=True)
    goals: Annotated[list[PairGoal], BeforeValidator(_goal_list)] = []

    @model_validator(mode="after")
    def _two_people(self) -> FixedPair:
        if self.mentor == self.mentee:
            raise ValueError(f"{self.mentor} cannot be their own mentor")
        return self


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


@dataclass
class ImportSummary:
    """What importing a roster changed (or would change, in a dry run)."""

    source: str
    added: int
    updated: int
    unchanged: int
    program_changed: bool
    rules_added: int
    org_added: int = 0
    org_updated: int = 0

    def sentence(self, *, dry_run: bool = False) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        verb = "Would import" if dry_run else "Imported"
        text = f"{verb} {self.source}: {', '.join(parts)}"
        if self.program_changed:
            text += "; program settings updated"
        if self.rules_added:
            text += f"; {self.rules_added} new avoid/fixed rule(s)"
        if self.org_added or self.org_updated:
            text += f"; org chart: {self.org_added} added, {self.org_updated} updated"
        return text + "."


# ---------------------------------------------------------------------------
# public functions


def parse_roster(text: str, source: str) -> Roster:
    """Parse and validate a roster; raise ``RosterError`` listing every problem."""
    reader = _Reader(source)
    roster = Roster()
    root = reader.root(
        text, "a roster must be a group of fields (program, participants, avoid, fixed)"
    )
    if root is not None:
        for key, (key_node, node) in reader.fields(root, _top, ()).items():
            if key == "program":
                roster.program = reader.program(node)
            elif key in TOP_LEVEL_KEYS:
                getattr(reader, key)(node, roster)
            else:
                reader.problem(_line(key_node), None, _suggest(key, TOP_LEVEL_KEYS))
        reader.pair_conflicts(roster)
        managers = {p.email: p.manager for p in roster.participants if p.manager}
        reader.manager_loops(roster, managers)
    reader.raise_if_any()
    return roster


def parse_program(text: str, source: str) -> dict[str, object]:
    """Parse a program file: a ``program:`` block, or the program keys at top level.

    Returns the validated keys that were given (``{}`` for an empty file).
    """
    reader = _Reader(source)
    result: dict[str, object] | None = {}
    root = reader.root(
        text,
        "a program file must be a group of fields such as "
        "name, cadence_days and topics",
    )
    if root is not None and any(
        k.id == "scalar" and k.value in TOP_LEVEL_KEYS for k, _ in root.value
    ):
        # A roster-shaped file: take its program block, refuse the rest.
        for key, (key_node, node) in reader.fields(root, _top, ()).items():
            if key == "program":
                result = reader.program(node)
            elif key in TOP_LEVEL_KEYS:
                reader.problem(
                    _line(key_node),
                    f"field '{key}'",
                    "a program file holds only the program's settings; "
                    "add people with `revmentor import ROSTER.yaml`",
                )
            else:
                reader.problem(_line(key_node), None, _suggest(key, ("program",)))
    elif root is not None:
        result = reader.program(root)
    reader.raise_if_any()
    return result or {}


def parse_roster_table(
    table: Table, mapping: Mapping[str, str] | None = None
) -> Roster:
    """A roster from a spreadsheet (CSV or Excel): one participant per row.

    Each row passes the very same rules as a YAML entry; messages name the row
    and the column instead of the line and field. A ``topics`` column (as
    `revmentor people --format csv` writes it) gives a mentor's ``teaches`` and a
    mentee's ``learns``. Raises ``RosterError``.
    """
    columns = match_headers(
        table, (*PARTICIPANT_KEYS, "topics"), mapping, prefixed="attributes"
    )
    require_columns(table, columns, ("name", "email", "role"))
    reader = _Reader(table.source, "row", dict(columns.header))
    roster = Roster(unit="row", columns=dict(columns.header))
    for index, (number, cells) in enumerate(table.rows, start=1):
        values = reader.row(columns, cells, number)
        if values is not _BAD:
            who = _label(f"participant {index}", values)
            reader.add_participant(index, values, lambda _, n=number: n, who, roster)
    managers = {p.email: p.manager for p in roster.participants if p.manager}
    reader.manager_loops(roster, managers)
    reader.raise_if_any()
    return roster


def parse_org_table(
    table: Table, mapping: Mapping[str, str] | None = None
) -> list[OrgPerson]:
    """The org chart from a spreadsheet: one person per row, read like the
    entries of a roster's ``org:`` section. Raises ``RosterError``."""
    columns = match_headers(table, ORG_KEYS, mapping)
    require_columns(table, columns, ("email",))
    reader = _Reader(table.source, "row", dict(columns.header))
    roster = Roster(unit="row", columns=dict(columns.header))
    for index, (number, cells) in enumerate(table.rows, start=1):
        values = reader.row(columns, cells, number)
        if values is not _BAD:
            reader.add_org_person(index, values, number, roster)
    reader.org_loops(roster)
    reader.raise_if_any()
    return roster.org


def _invalid_yaml(error: Any, source: str) -> tuple[int, str]:
    """(line, message) for YAML that does not parse, where the parser stopped."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 0
    what = error.problem or error.context or "unreadable"
    if error.context and error.problem:
        what = f"{error.problem} ({error.context})"
    column = f", column {mark.column + 1}" if mark is not None else ""
    return line, f"{source}, line {line}{column}: this is not valid YAML: {what}"


def _unreadable_character(
    error: Any, text: str, libyaml: bool, source: str
) -> tuple[int, str]:
    """(line, message) for a character YAML does not allow."""
    # libyaml counts the position in UTF-8 bytes, PyYAML in characters.
    before: str | bytes = (
        text.encode("utf-8", "replace")[: error.position]
        if libyaml
        else text[: error.position]
    )
    newline = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    char = error.character
    code = ord(char) if isinstance(char, str) else char
    return line, (
        f"{source}, line {line}: the text holds a character YAML "
        f"does not allow (#x{code:04x}: {error.reason})"
    )


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
    managers = {email: manager for email, (_, manager) in enrolled.items() if manager}
    for person in roster.participants:
        roles[person.email] = person.role
        given = roster.given.get(person.email)
        if person.manager:
            managers[person.email] = person.manager
        elif given is None or "manager" in given:
            managers.pop(person.email, None)

    def known(email: str, line: int, where: str) -> bool:
        if email in roles:
            return True
        reader.problem(
            line,
            where,
            f"{email} is neither enrolled nor listed under participants in this file",
        )
        return False

    for index, (first, second) in enumerate(roster.avoid, start=1):
        line = _at(roster.avoid_lines, index)
        for email in (first, second):
            known(email, line, f"avoid entry {index}")
    for index, (mentor, mentee) in enumerate(roster.fixed, start=1):
        line = _at(roster.fixed_lines, index)
        for key, email, want in (
            ("mentor", mentor, MENTOR),
            ("mentee", mentee, MENTEE),
        ):
            where = f"field '{key}' of fixed entry {index}"
            if known(email, line, where) and roles[email] != want:
                reader.problem(
                    line, where, f"{email} is a {roles[email]}, not a {want}"
                )
    reader.manager_loops(roster, managers)
    reader.raise_if_any()


# ---------------------------------------------------------------------------
# the reader: turns composed YAML nodes into plain values and collects problems


def _line(node: Any) -> int:
    return node.start_mark.line + 1


def _at(lines: list[int], index: int) -> int:
    return lines[index - 1] if index - 1 < len(lines) else 0


def _describe(node: Any) -> str:
    if node.id == "sequence":
        return "a list"
    if node.id == "mapping":
        return "a group of fields"
    return "empty" if node.tag == _NULL else repr(node.value)


def _tag_problem(node: Any) -> str | None:
    tag = node.tag
    kind = {"scalar": None, "sequence": _TAG + "seq", "mapping": _TAG + "map"}
    if tag in _SCALAR_TAGS if node.id == "scalar" else tag == kind[node.id]:
        return None
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return (
        f"the tag {shown} is not allowed: roster files hold plain values only, "
        "and nothing in them is ever run"
    )


def _top(path: tuple) -> str | None:
    return f"field '{path[0]}'" if path else None


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.7)
    if close:
        return f"unknown field '{key}' (did you mean '{close[0]}'?)"
    return f"unknown field '{key}' (the fields are {', '.join(allowed)})"


def _label(who: str, values: Mapping[str, object]) -> str:
    """``who`` with the person's email (else name): every message about them
    names them."""
    for key in ("email", "name"):
        label = values.get(key)
        label = " ".join(label.split()) if isinstance(label, str) else ""
        if label:
            return f"{who} ({label.lower() if key == 'email' else label})"
    return who


class _Reader:
    def __init__(
        self, source: str, unit: str = "line", columns: dict[str, str] | None = None
    ):
        self.source = source
        self.unit = unit
        self.columns = columns
        self._found: list[tuple[int, str]] = []
        self._values: dict[int, object] = {}  # node id -> plain value
        self._fields: dict[int, dict[str, tuple[Any, Any]]] = {}  # per mapping
        self._active: set[int] = set()  # the nodes being read (loops)
        self.index_of: dict[str, int] = {}  # email -> 1-based entry in the file

    # -- reporting ---------------------------------------------------------

    def problem(self, line: int, where: str | None, message: str) -> None:
        place = f"{self.source}, {self.unit} {line}" if line else self.source
        if where:
            place += f", {where}"
        self._found.append((line, f"{place}: {message}"))

    def raise_if_any(self) -> None:
        """Every problem found, in the order of the file's lines."""
        if self._found:
            raise RosterError([m for _, m in sorted(self._found, key=lambda f: f[0])])

    def field(self, key: str, who: str) -> str:
        """Where a person's field is: a YAML field, or a spreadsheet's column."""
        if self.columns is not None:
            return f"column '{self.columns.get(key, key)}'"
        return f"field '{key}' of {who}"

    def check_tag(self, node: Any, where: str | None) -> bool:
        """True when the node carries a plain YAML tag; report it otherwise."""
        message = _tag_problem(node)
        if message is not None:
            self.problem(_line(node), where, message)
        return message is None

    def invalid(self, error: ValidationError, line_of: Callable, where: Where) -> None:
        """Report each problem of a record at its line, naming its field."""
        for problem in error.errors():
            loc = tuple(problem["loc"])
            parent = loc[:-1] if problem["type"] == "extra_forbidden" else loc
            text = sentence(problem, KEYS_AT.get(tuple(map(str, loc[:-1])), ()))
            self.problem(line_of(loc), where(parent), text)

    # -- YAML to plain values ----------------------------------------------

    def root(self, text: str, shape: str) -> Any:
        """The document's top mapping node; None (reported) when it is not one."""
        import yaml

        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
        loader = yaml.CSafeLoader if libyaml else yaml.SafeLoader
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError as error:
            self._found.append(_invalid_yaml(error, self.source))
        except yaml.reader.ReaderError as error:
            self._found.append(_unreadable_character(error, text, libyaml, self.source))
        except RecursionError:
            self.problem(0, None, "the file nests lists or groups too deeply")
        else:
            if root is None or (root.id == "scalar" and root.tag == _NULL):
                return None  # an empty document: nothing to read
            if self.check_tag(root, None) and root.id != "mapping":
                self.problem(_line(root), None, f"{shape}, not {_describe(root)}")
            elif root.id == "mapping":
                return root
        return None

    def fields(self, node: Any, where: Where, path: tuple) -> dict[str, tuple]:
        """The key -> (key node, value node) of a mapping node, keys checked.

        Merge keys (``<<: *defaults``) are honoured, the mapping's own keys
        winning, then the first merged mapping; a key written twice in the same
        mapping is reported. Merges are resolved once per node, so nested merges
        cannot blow up or loop.
        """
        done = self._fields.get(id(node))
        if done is not None:
            return done
        self._fields[id(node)] = {}  # a merge that loops brings nothing
        merged: dict[str, tuple] = {}
        own: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                many = value_node.id == "sequence"
                for source in value_node.value if many else [value_node]:
                    if source.id != "mapping" or _tag_problem(source):
                        self.problem(
                            _line(source),
                            where(path),
                            "the merge key '<<' must name a group of fields (such "
                            "as *defaults), or a list of them",
                        )
                        continue
                    for key, pair in self.fields(source, where, path).items():
                        merged.setdefault(key, pair)
            elif key_node.id != "scalar" or key_node.tag == _NULL:
                self.problem(
                    _line(key_node),
                    where(path),
                    f"field names must be text, not {_describe(key_node)}",
                )
            elif key_node.value in own:
                self.problem(
                    _line(key_node),
                    where((*path, key_node.value)),
                    f"'{key_node.value}' is given twice (first on line "
                    f"{_line(own[key_node.value][0])})",
                )
            else:
                own[key_node.value] = (key_node, value_node)
        self._fields[id(node)] = result = {**merged, **own}
        return result

    def plain(self, node: Any, where: Where, path: tuple = ()) -> Any:
        """The node as plain text, lists and dicts; ``_BAD`` once reported."""
        done = self._values.get(id(node))
        if done is not None:
            return done
        if id(node) in self._active:
            self.problem(_line(node), where(path), "a list or group contains itself")
            return _BAD
        if not self.check_tag(node, where(path)):
            return _BAD
        if node.id == "scalar":
            return None if node.tag == _NULL else node.value
        found = len(self._found)
        self._active.add(id(node))
        if node.id == "sequence":
            value: Any = [
                self.plain(item, where, (*path, i)) for i, item in enumerate(node.value)
            ]
        else:
            value = {
                key: self.plain(pair[1], where, (*path, key))
                for key, pair in self.fields(node, where, path).items()
            }
        self._active.discard(id(node))
        self._values[id(node)] = value = _BAD if len(self._found) > found else value
        return value

    def line_at(self, node: Any, loc: tuple) -> int:
        """The line of the value at ``loc`` under ``node`` (as far as it goes)."""
        for part in loc:
            if node.id == "mapping" and part in self._fields.get(id(node), {}):
                node = self._fields[id(node)][part][1]
            elif node.id == "sequence" and isinstance(part, int):
                node = node.value[part]
            else:
                break
        return _line(node)

    def _entries(self, node: Any, key: str, what: str) -> list[tuple[int, Any]]:
        if not self.check_tag(node, f"field '{key}'"):
            return []
        if node.id == "scalar" and node.tag == _NULL:
            return []
        if node.id != "sequence":
            self.problem(
                _line(node),
                f"field '{key}'",
                f"{key} must be a list of {what}, not {_describe(node)}",
            )
            return []
        return list(enumerate(node.value, start=1))

    def _entry(self, node: Any, who: str, shape: str) -> Any:
        """An entry that must be a mapping: its node, or None (reported)."""
        if not self.check_tag(node, who):
            return None
        if node.id != "mapping":
            self.problem(_line(node), who, f"{shape}, not {_describe(node)}")
            return None
        return node

    # -- sections ----------------------------------------------------------

    def program(self, node: Any) -> dict[str, object] | None:
        def where(path: tuple) -> str:
            name = field_name(path)
            return f"field '{name}' of the program" if path else "the program"

        if node.id == "scalar" and node.tag == _NULL:
            return None
        shape = "the program must be a group of fields such as name, cadence_days "
        if self._entry(node, "the program", shape + "and topics") is None:
            return None
        values = self.plain(node, where)
        if values is _BAD:
            return None
        try:
            given = settings(values)
        except ValidationError as error:
            self.invalid(error, lambda loc: self.line_at(node, loc), where)
            return None
        return {key: value for key, value in given.items() if value is not None}

    def participants(self, node: Any, roster: Roster) -> None:
        what = "people (each starting with '- ')"
        shape = (
            "each participant must be a group of fields such as name, email and role"
        )
        for index, entry in self._entries(node, "participants", what):
            who = f"participant {index}"
            if self._entry(entry, who, shape) is None:
                continue
            who = _label(
                who,
                {
                    k.value: v.value
                    for k, v in entry.value
                    if k.id == "scalar" and v.id == "scalar"
                },
            )
            values = self.plain(
                entry, lambda p, who=who: self.field(p[0], who) if p else who
            )
            if values is not _BAD:
                self.add_participant(
                    index, values, partial(self.line_at, entry), who, roster
                )

    def add_participant(
        self,
        index: int,
        values: dict[str, object],
        line_of: Callable[[tuple], int],
        who: str,
        roster: Roster,
    ) -> None:
        """Read one participant into the roster, or report why not."""
        unknown = [key for key in values if key not in PARTICIPANT_KEYS]
        for key in unknown:
            self.problem(line_of((key,)), who, _suggest(key, PARTICIPANT_KEYS))
        defaults = ParticipantRecord.model_fields
        try:
            record = ParticipantRecord.model_validate(
                {
                    key: defaults[key].default if value is None else value
                    for key, value in values.items()
                    if key in defaults
                }
            )
        except ValidationError as error:
            self.invalid(error, line_of, lambda p: self.field(p[0], who) if p else who)
            return
        if unknown:
            return
        person = record.participant()
        email = person.email
        if email in roster.lines:
            self.problem(
                line_of(("email",)),
                self.field("email", f"participant {index} ({email})"),
                f"{email} is already listed on {self.unit} {roster.lines[email]} "
                "(emails are compared ignoring case)",
            )
            return
        roster.participants.append(person)
        self.index_of[email] = index
        roster.lines[email] = line_of(())
        roster.given[email] = frozenset(values)
        if "manager" in values:
            roster.manager_lines[email] = line_of(("manager",))

    def avoid(self, node: Any, roster: Roster) -> None:
        for index, entry in self._entries(node, "avoid", "pairs of emails"):
            where = f"avoid entry {index}"
            value = self.plain(entry, lambda _, where=where: where)
            if value is _BAD:
                continue
            if not isinstance(value, list) or len(value) != 2:
                self.problem(
                    _line(entry),
                    where,
                    "each avoid entry must be a pair of emails such as "
                    f"[ana@example.com, sam@example.com], not {_describe(entry)}"
                    + (f" of {len(value)}" if isinstance(value, list) else ""),
                )
                continue
            try:
                first, second = (parse_email(item) for item in value)
            except InvalidInput as error:
                self.problem(_line(entry), where, error.message)
                continue
            if first == second:
                self.problem(
                    _line(entry), where, f"{first} cannot be kept apart from themselves"
                )
                continue
            roster.avoid.append((first, second))
            roster.avoid_lines.append(_line(entry))

    def fixed(self, node: Any, roster: Roster) -> None:
        shape = (
            "each fixed entry must be a group of fields such as {mentor: "
            "lee@example.com, mentee: sam@example.com}"
        )
        for index, entry in self._entries(node, "fixed", "mentor/mentee pairs"):
            who = f"fixed entry {index}"
            if self._entry(entry, who, shape) is None:
                continue

            def where(path: tuple, who: str = who) -> str:
                return f"field '{path[0]}' of {who}" if path else who

            values = self.plain(entry, where)
            if values is _BAD:
                continue
            try:
                pair = FixedPair.model_validate(values)
            except ValidationError as error:
                for problem in error.errors():
                    loc = tuple(problem["loc"])
                    parent = loc[:-1] if problem["type"] == "extra_forbidden" else loc
                    keys = tuple(PairGoal.model_fields) if len(loc) > 2 else FIXED_KEYS
                    text = sentence(problem, keys)
                    self.problem(self.line_at(entry, loc), where(parent), text)
                continue
            roster.fixed.append((pair.mentor, pair.mentee))
            roster.fixed_lines.append(_line(entry))
            if pair.goals:
                goals = [goal.model_dump() for goal in pair.goals]
                roster.fixed_goals[(pair.mentor, pair.mentee)] = goals

    def org(self, node: Any, roster: Roster) -> None:
        shape = (
            "each org entry must be a group of fields such as email, name and manager"
        )
        for index, entry in self._entries(node, "org", "people (each with an email)"):
            who = f"org entry {index}"
            if self._entry(entry, who, shape) is None:
                continue
            values = self.plain(
                entry, lambda p, who=who: self.field(p[0], who) if p else who
            )
            if values is not _BAD:
                self.add_org_person(index, values, _line(entry), roster)
        self.org_loops(roster)

    def add_org_person(
        self, index: int, values: dict[str, object], line: int, roster: Roster
    ) -> None:
        """Read one person of the org chart, through its one rule set."""
        who = f"org entry {index}"
        cleaned: dict[str, object] = {}
        for key, value in values.items():
            if key not in ORG_KEYS:
                self.problem(line, who, _suggest(key, ORG_KEYS))
                continue
            try:
                cleaned[key] = clean_org_field(key, value)
            except InvalidInput as error:
                self.problem(line, self.field(key, who), error.message)
        if "email" not in values:
            self.problem(line, self.field("email", who), "an email address is required")
        if len(cleaned) < len(values) or "email" not in values:
            return
        person = OrgPerson(**cleaned)  # type: ignore[arg-type]
        earlier = roster.org_lines.get(person.email)
        if person.manager == person.email:
            self.problem(
                line, self.field("manager", who), "a person cannot be their own manager"
            )
        elif earlier is not None:
            self.problem(
                line,
                self.field("email", who),
                f"{person.email} is already listed on {self.unit} {earlier}",
            )
        else:
            roster.org.append(person)
            roster.org_lines[person.email] = line

    def org_loops(self, roster: Roster) -> None:
        """A manager chain inside the org chart that comes back to its start."""
        managers = {p.email: p.manager for p in roster.org}
        for loop in manager_loops(managers):
            self.problem(
                roster.org_lines.get(loop[0], 0),
                self.field("manager", f"org entry ({loop[0]})"),
                "the manager chain loops: " + " → ".join([*loop, loop[0]]),
            )

    def row(self, columns: Columns, cells: tuple[object, ...], number: int) -> Any:
        """One spreadsheet row as the plain values of a roster entry."""
        try:
            role = (cell_text(columns.cell(cells, "role")) or "").strip().lower()
        except InvalidInput:
            role = ""  # the role's own column reports it
        values: dict[str, object] = {}
        attributes: dict[str, str] = {}
        for key, at in columns.index.items():
            try:
                text = cell_text(cells[at]) if at < len(cells) else None
                if text is None:
                    continue  # an empty cell: not given
                if key.startswith("attributes."):
                    attributes[key.split(".", 1)[1]] = text
                elif key == "attributes":
                    for item in split_list(text):
                        name, sep, value = item.partition("=")
                        if not sep:
                            raise InvalidInput(
                                f"attributes must be written name=value, not {item!r}"
                            )
                        attributes[name] = value
                elif key == "topics":
                    side = {MENTOR: "teaches", MENTEE: "learns"}.get(role)
                    if side and side not in columns:
                        values[side] = split_list(text)
                else:
                    split = key in ("teaches", "learns")
                    values[key] = split_list(text) if split else text
            except InvalidInput as error:
                self.problem(number, columns.where(key), error.message)
                return _BAD
        if attributes:
            values["attributes"] = attributes
        return values

    # -- whole-roster checks -----------------------------------------------

    def pair_conflicts(self, roster: Roster) -> None:
        """A mentee fixed twice, or a pair both fixed and avoided."""
        mentee_line: dict[str, tuple[str, int]] = {}
        for index, (mentor, mentee) in enumerate(roster.fixed, start=1):
            line = _at(roster.fixed_lines, index)
            earlier = mentee_line.get(mentee)
            if earlier is not None:
                self.problem(
                    line,
                    f"field 'mentee' of fixed entry {index}",
                    f"{mentee} is already fixed to {earlier[0]} on line {earlier[1]}",
                )
            else:
                mentee_line[mentee] = (mentor, line)
        avoided = {frozenset(pair) for pair in roster.avoid}
        for index, pair in enumerate(roster.fixed, start=1):
            if frozenset(pair) in avoided:
                self.problem(
                    _at(roster.fixed_lines, index),
                    f"fixed entry {index}",
                    f"{pair[0]} and {pair[1]} are both fixed and listed under avoid",
                )

    def manager_loops(self, roster: Roster, managers: dict[str, str | None]) -> None:
        """Report each manager cycle that passes through someone in the file."""
        lines = roster.lines
        starts = [person.email for person in roster.participants]
        for cycle in find_loops(starts, managers.get):
            in_file = [e for e in cycle if e in lines]
            if not in_file:
                continue
            first = min(in_file, key=lambda e: lines[e])
            at = cycle.index(first)
            ordered = cycle[at:] + cycle[:at] + [first]
            index = self.index_of.get(first) or 1 + next(
                i for i, p in enumerate(roster.participants) if p.email == first
            )
            self.problem(
                roster.manager_lines.get(first, lines[first]),
                self.field("manager", f"participant {index} ({first})"),
                "the manager chain loops: " + " → ".join(ordered),
            )
