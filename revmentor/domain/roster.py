"""Roster and program files: YAML text in, validated values out.

Pure: no file I/O and no Typer, Rich or sqlite-utils. The text is *composed* (never
constructed) with PyYAML's safe loader, libyaml's ``CSafeLoader`` when present, so
every value keeps its line number and no tag is ever turned into an object: a tag
such as ``!!python/object/apply:os.system`` is reported, not run.

Every problem is one sentence of the shape::

    roster.yaml, line 14, field 'level' of participant 3 (ana@example.com):
    level must be a whole number, not 'senior'

(on one line), and all problems found are raised together in one ``RosterError``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from revmentor.domain import matching_rules
from revmentor.domain.chains import find_loops
from revmentor.domain.goals import parse_goal_text
from revmentor.domain.mail_settings import MAIL_SETTING_KEYS, parse_mail_setting
from revmentor.domain.matching_rules import WEIGHT_KEYS
from revmentor.domain.models import (
    ACTIVE,
    MENTEE,
    MENTOR,
    Participant,
)
from revmentor.domain.org import ORG_KEYS, OrgPerson, clean_org_field, manager_loops
from revmentor.domain.people import check_participant, clean_field
from revmentor.domain.program import (
    MATCHING_KEYS,
    PROGRAM_KEYS,
    clean_matching_setting,
    clean_setting,
)
from revmentor.domain.tables import (
    Columns,
    Table,
    cell_text,
    match_headers,
    require_columns,
    split_list,
)
from revmentor.domain.validation import (
    parse_date,
    parse_email,
    parse_emails,
    parse_name,
    parse_topics,
    parse_whole_number,
)
from revmentor.errors import InvalidInput, RosterError

TOP_LEVEL_KEYS = ("program", "participants", "avoid", "fixed", "org")
# The roster's keys for a person: the fields of Participant that a file may set.
PARTICIPANT_KEYS = tuple(
    f.name
    for f in fields(Participant)
    if f.name not in ("enrolled_on", "left_on", "left_reason", "left_organisation_on")
)
FIXED_KEYS = ("mentor", "mentee")
# A fixed pair may also carry what it sets out to do.
FIXED_GOALS_KEY = "goals"
GOAL_KEYS = ("text", "due")

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
_BOOL = _TAG + "bool"
_NULL = _TAG + "null"
_SEQ = _TAG + "seq"
_MAP = _TAG + "map"
_MERGE = _TAG + "merge"
# Plain values only. Timestamps are read from their text (see parse_date), and
# '=' resolves to the 'value' tag, which is just text here.
_SCALAR_TAGS = frozenset(
    {_STR, _INT, _FLOAT, _BOOL, _NULL, _TAG + "timestamp", _TAG + "value"}
)


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
    root = reader.compose(text)
    if root is not None and root.id == "scalar" and root.tag == _NULL:
        root = None  # an empty document: nothing to read
    if root is not None and reader.check_tag(root, None):
        if root.id != "mapping":
            reader.problem(
                _line(root),
                None,
                "a roster must be a group of fields (program, participants, avoid, "
                f"fixed), not {_describe(root)}",
            )
        else:
            sections = reader.mapping(root, "the roster", _top_where)
            for key, (key_node, value_node) in sections.items():
                if key == "program":
                    roster.program = reader.program(value_node)
                elif key == "participants":
                    reader.participants(value_node, roster)
                elif key == "avoid":
                    reader.avoid(value_node, roster)
                elif key == "fixed":
                    reader.fixed(value_node, roster)
                elif key == "org":
                    reader.org(value_node, roster)
                else:
                    reader.unknown(key_node, key, TOP_LEVEL_KEYS, None)
            reader.pair_conflicts(roster)
            managers = {p.email: p.manager for p in roster.participants if p.manager}
            reader.manager_loops(roster, managers)
    if reader.problems:
        raise RosterError(reader.problems)
    return roster


def parse_roster_table(
    table: Table, mapping: Mapping[str, str] | None = None
) -> Roster:
    """A roster from a spreadsheet (CSV or Excel): one participant per row.

    Each row becomes the node tree its YAML entry would compose to and is read
    by the very same reader, so a spreadsheet passes exactly the rules of a YAML
    roster; messages name the row and the column instead of the line and field.
    A ``topics`` column (as `revmentor people --format csv` writes it) gives a
    mentor's ``teaches`` and a mentee's ``learns``. Raises ``RosterError``.
    """
    columns = match_headers(
        table, (*PARTICIPANT_KEYS, "topics"), mapping, prefixed="attributes"
    )
    require_columns(table, columns, ("name", "email", "role"))
    reader = _Reader(table.source, "row", dict(columns.header))
    roster = Roster(unit="row", columns=dict(columns.header))
    handlers = reader._participant_handlers()
    for index, (number, cells) in enumerate(table.rows, start=1):
        try:
            node = _row_node(columns, cells, number)
        except _CellError as error:
            reader.problem(number, error.where, error.message)
            continue
        reader.add_participant(index, node, roster, handlers)
    managers = {p.email: p.manager for p in roster.participants if p.manager}
    reader.manager_loops(roster, managers)
    if reader.problems:
        raise RosterError(reader.problems)
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
        try:
            node = _row_node(columns, cells, number)
        except _CellError as error:
            reader.problem(number, error.where, error.message)
            continue
        reader.add_org_person(index, node, roster)
    reader.org_loops(roster)
    if reader.problems:
        raise RosterError(reader.problems)
    return roster.org


class _CellError(InvalidInput):
    """A cell that cannot become a value at all, with the column it is in."""

    def __init__(self, message: str, where: str):
        super().__init__(message)
        self.where = where


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


def _labelled(who: str, node: Any) -> str:
    """``who`` with the person's email (else name): every message about them
    names them."""
    labels = {
        k.value: v.value
        for k, v in node.value
        if k.id == "scalar" and v.id == "scalar" and v.tag != _NULL
    }
    for key in ("email", "name"):
        label = " ".join(str(labels.get(key, "")).split())
        if label:
            return f"{who} ({label.lower() if key == 'email' else label})"
    return who


def _attribute_cell(text: str, where: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of "gender=female, site=Lyon", as listings write it."""
    found = []
    for item in split_list(text):
        name, sep, value = item.partition("=")
        if not sep:
            raise _CellError(
                f"attributes must be written name=value, not {item!r}", where
            )
        found.append((name, value))
    return found


def _row_node(columns: Columns, cells: tuple[object, ...], number: int) -> Any:
    """One spreadsheet row as the YAML mapping node of a participant entry."""
    import yaml

    mark = yaml.Mark("", 0, number - 1, 0, None, None)

    def scalar(text: str) -> Any:
        return yaml.ScalarNode(_STR, text, mark, mark)

    try:
        role = (cell_text(columns.cell(cells, "role")) or "").strip().lower()
    except InvalidInput:
        role = ""  # the role's own column reports it
    entries: list[tuple[Any, Any]] = []
    attributes: list[tuple[Any, Any]] = []
    for key, at in columns.index.items():
        try:
            text = cell_text(cells[at]) if at < len(cells) else None
        except InvalidInput as error:
            raise _CellError(error.message, columns.where(key)) from None
        if text is None:
            continue  # an empty cell: not given
        if key.startswith("attributes."):
            attributes.append((scalar(key.split(".", 1)[1]), scalar(text)))
            continue
        if key == "attributes":
            attributes += [
                (scalar(name), scalar(value))
                for name, value in _attribute_cell(text, columns.where(key))
            ]
            continue
        if key == "topics":
            key = {MENTOR: "teaches", MENTEE: "learns"}.get(role, "")
            if not key or key in columns:
                continue
        if key in ("teaches", "learns"):
            items = [scalar(item) for item in split_list(text)]
            entries.append((scalar(key), yaml.SequenceNode(_SEQ, items, mark, mark)))
        else:
            entries.append((scalar(key), scalar(text)))
    if attributes:
        entries.append(
            (scalar("attributes"), yaml.MappingNode(_MAP, attributes, mark, mark))
        )
    return yaml.MappingNode(_MAP, entries, mark, mark)


def parse_program(text: str, source: str) -> dict[str, object]:
    """Parse a program file: a ``program:`` block, or the program keys at top level.

    Returns the validated keys that were given (``{}`` for an empty file).
    """
    reader = _Reader(source)
    result: dict[str, object] = {}
    root = reader.compose(text)
    if root is not None and root.id == "scalar" and root.tag == _NULL:
        root = None  # an empty document: nothing to read
    if root is not None and reader.check_tag(root, None):
        if root.id != "mapping":
            reader.problem(
                _line(root),
                None,
                "a program file must be a group of fields such as name, cadence_days "
                f"and topics, not {_describe(root)}",
            )
        elif any(k.id == "scalar" and k.value in TOP_LEVEL_KEYS for k, _ in root.value):
            # A roster-shaped file: take its program block, refuse the rest.
            sections = reader.mapping(root, "the file", _top_where)
            for key, (key_node, value_node) in sections.items():
                if key == "program":
                    result = reader.program(value_node) or {}
                elif key in TOP_LEVEL_KEYS:
                    reader.problem(
                        _line(key_node),
                        f"field '{key}'",
                        "a program file holds only the program's settings; "
                        "add people with `revmentor import ROSTER.yaml`",
                    )
                else:
                    reader.unknown(key_node, key, ("program",), None)
        else:
            result = reader.program(root) or {}
    if reader.problems:
        raise RosterError(reader.problems)
    return result


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
    if reader.problems:
        raise RosterError(reader.problems)


# ---------------------------------------------------------------------------
# the reader: walks composed YAML nodes and collects problems


def _line(node: Any) -> int:
    return node.start_mark.line + 1


def _at(lines: list[int], index: int) -> int:
    return lines[index - 1] if index - 1 < len(lines) else 0


def _describe(node: Any) -> str:
    if node.id == "sequence":
        return "a list"
    if node.id == "mapping":
        return "a group of fields"
    if node.tag == _NULL:
        return "empty"
    return repr(node.value)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _tag_problem(node: Any) -> str | None:
    tag = node.tag
    if node.id == "scalar":
        ok = tag in _SCALAR_TAGS
    elif node.id == "sequence":
        ok = tag == _SEQ
    else:
        ok = tag == _MAP
    if ok:
        return None
    return (
        f"the tag {_short_tag(tag)} is not allowed: roster files hold plain values "
        "only, and nothing in them is ever run"
    )


class _Problem(InvalidInput):
    """An ``InvalidInput`` found inside a value, on a line of its own."""

    def __init__(self, message: str, node: Any):
        super().__init__(message)
        self.line = _line(node)


def _error_line(error: InvalidInput, node: Any) -> int:
    return error.line if isinstance(error, _Problem) else _line(node)


def _check_item_tag(node: Any) -> None:
    message = _tag_problem(node)
    if message is not None:
        raise _Problem(message, node)


def _top_where(key: str) -> str:
    return f"field '{key}'"


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.7)
    if close:
        return f"unknown field '{key}' (did you mean '{close[0]}'?)"
    return f"unknown field '{key}' (the fields are {', '.join(allowed)})"


class _Reader:
    def __init__(
        self, source: str, unit: str = "line", columns: dict[str, str] | None = None
    ):
        self.source = source
        self.unit = unit
        self.columns = columns
        self._found: list[tuple[int, str]] = []
        self._constructor: Any = None
        self._merged: dict[int, dict[str, tuple[Any, Any]]] = {}  # per merged node
        self.index_of: dict[str, int] = {}  # email -> 1-based entry in the file

    # -- reporting ---------------------------------------------------------

    def problem(self, line: int, where: str | None, message: str) -> None:
        place = f"{self.source}, {self.unit} {line}" if line else self.source
        if where:
            place += f", {where}"
        self._found.append((line, f"{place}: {message}"))

    @property
    def problems(self) -> list[str]:
        """Every problem found, in the order of the file's lines."""
        return [message for _, message in sorted(self._found, key=lambda f: f[0])]

    def field(self, key: str, who: str) -> str:
        """Where a person's field is: a YAML field, or a spreadsheet's column."""
        if self.columns is not None:
            return f"column '{self.columns.get(key, key)}'"
        return f"field '{key}' of {who}"

    def unknown(
        self, key_node: Any, key: str, allowed: tuple[str, ...], where: str | None
    ) -> None:
        self.problem(_line(key_node), where, _suggest(key, allowed))

    # -- YAML --------------------------------------------------------------

    def compose(self, text: str) -> Any:
        import yaml

        from revmentor.domain.yaml_loader import safe_loader

        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
        try:
            return yaml.compose(text, Loader=safe_loader(libyaml))
        except yaml.MarkedYAMLError as error:
            self._found.append(_invalid_yaml(error, self.source))
        except yaml.reader.ReaderError as error:
            self._found.append(_unreadable_character(error, text, libyaml, self.source))
        except RecursionError:
            self._found.append(
                (0, f"{self.source}: the file nests lists or groups too deeply")
            )
        except yaml.YAMLError as error:  # pragma: no cover - defensive
            self._found.append((0, f"{self.source}: this is not valid YAML: {error}"))
        return None

    def constructor(self) -> Any:
        if self._constructor is None:
            import yaml

            self._constructor = yaml.constructor.SafeConstructor()
        return self._constructor

    def check_tag(self, node: Any, where: str | None) -> bool:
        """True when the node carries a plain YAML tag; report it otherwise."""
        message = _tag_problem(node)
        if message is not None:
            self.problem(_line(node), where, message)
        return message is None

    def mapping(
        self,
        node: Any,
        what: str,
        where_of: Callable[[str], str],
        where: str | None = None,
    ) -> dict[str, tuple[Any, Any]]:
        """The key -> (key node, value node) of a mapping node, keys checked.

        Merge keys (``<<: *defaults``) are honoured, the mapping's own keys
        winning, then the first merged mapping; a key written twice in the same
        mapping is reported. Merges are resolved here, by key and once per node,
        so nested merges cannot blow up or loop.
        """
        merged: dict[str, tuple[Any, Any]] = {}
        result: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                for key, pair in self._merge(value_node, what, where_of, where).items():
                    merged.setdefault(key, pair)
                continue
            if key_node.id != "scalar" or key_node.tag == _NULL:
                self.problem(
                    _line(key_node),
                    where,
                    f"field names in {what} must be text, not {_describe(key_node)}",
                )
                continue
            key = key_node.value
            earlier = result.get(key)
            if earlier is not None:
                self.problem(
                    _line(key_node),
                    where_of(key),
                    f"'{key}' is given twice (first on line {_line(earlier[0])})",
                )
                continue
            result[key] = (key_node, value_node)
        if merged:
            merged.update(result)
            return merged
        return result

    def _merge(
        self,
        node: Any,
        what: str,
        where_of: Callable[[str], str],
        where: str | None,
    ) -> dict[str, tuple[Any, Any]]:
        """The fields a ``<<:`` value brings: one mapping or a list of them."""
        sources = node.value if node.id == "sequence" else [node]
        fields: dict[str, tuple[Any, Any]] = {}
        for source in sources:
            if source.id != "mapping" or not self.check_tag(source, where):
                self.problem(
                    _line(source),
                    where,
                    "the merge key '<<' must name a group of fields (such as "
                    "*defaults), or a list of them",
                )
                continue
            done = self._merged.get(id(source))
            if done is None:
                self._merged[id(source)] = {}  # a merge that loops brings nothing
                done = self.mapping(source, what, where_of, where)
                self._merged[id(source)] = done
            for key, pair in done.items():
                fields.setdefault(key, pair)
        return fields

    # -- scalar conversions (raise InvalidInput with a sentence) -------------

    def text(self, node: Any, what: str) -> str | None:
        """The text as written (``No`` stays 'No', ``2027`` stays '2027')."""
        if node.id != "scalar":
            raise InvalidInput(f"{what} must be text, not {_describe(node)}")
        if node.tag == _NULL:
            return None
        return node.value

    def whole(self, node: Any, what: str, minimum: int | None = None) -> int | None:
        if node.id != "scalar":
            raise InvalidInput(f"{what} must be a whole number, not {_describe(node)}")
        if node.tag == _NULL:
            return None
        value: object = node.value
        if node.tag == _INT:
            try:
                return parse_whole_number(value, what, minimum)
            except InvalidInput:
                # 0x1F, 1_000 and friends: YAML's own reading of an integer.
                value = self.constructor().construct_yaml_int(node)
        return parse_whole_number(value, what, minimum)

    def number(self, node: Any, what: str) -> float:
        """A weight as written; ``parse_weight`` then holds it to its bounds."""
        problem = f"{what} must be a number from 0 to {matching_rules.MAX_WEIGHT:g}"
        if node.id != "scalar" or node.tag == _NULL:
            raise InvalidInput(f"{problem}, not {_describe(node)}")
        try:
            if node.tag in (_INT, _FLOAT):
                value = float(self.constructor().construct_yaml_float(node))
            elif node.tag == _BOOL:
                raise ValueError
            else:
                value = float(node.value)
        except ValueError:
            raise InvalidInput(f"{problem}, not {node.value!r}") from None
        if not math.isfinite(value) or not 0 <= value <= matching_rules.MAX_WEIGHT:
            raise InvalidInput(f"{problem}, not {node.value!r}")
        return value

    def boolean(self, node: Any, what: str) -> bool:
        if node.id == "scalar" and node.tag == _BOOL:
            return bool(self.constructor().construct_yaml_bool(node))
        shown = repr(node.value) if node.id == "scalar" else _describe(node)
        raise InvalidInput(f"{what} must be true or false, not {shown}")

    def texts(self, node: Any, what: str, split: bool) -> list[str]:
        """A list of text items, or one text (split on commas when ``split``)."""
        if node.id == "mapping":
            raise InvalidInput(
                f"{what} must be a list or a comma-separated text, not a group of "
                "fields"
            )
        if node.id == "scalar":
            if node.tag == _NULL:
                return []
            items = [node.value]
        else:
            items = []
            for item in node.value:
                _check_item_tag(item)
                if item.id != "scalar":
                    raise _Problem(
                        f"each item of {what} must be text, not {_describe(item)}",
                        item,
                    )
                if item.tag != _NULL:
                    items.append(item.value)
        if split:
            return parse_topics(items if node.id == "sequence" else items[0])
        cleaned = (" ".join(str(item).split()) for item in items)
        return [item for item in cleaned if item]

    def attributes(self, node: Any, where: str) -> dict[str, str]:
        if node.id == "scalar" and node.tag == _NULL:
            return {}
        if node.id != "mapping":
            raise InvalidInput(
                "attributes must be a group of name: value fields such as "
                f"'gender: female', not {_describe(node)}"
            )
        result: dict[str, str] = {}
        for key, (_, value_node) in self.mapping(
            node, "attributes", lambda k: f"{where}, attribute '{k}'", where
        ).items():
            _check_item_tag(value_node)
            if value_node.id != "scalar":
                raise _Problem(
                    f"attribute '{key}' must be a single value, not "
                    f"{_describe(value_node)}",
                    value_node,
                )
            if value_node.tag == _NULL:
                continue
            name = " ".join(key.split())
            value = " ".join(value_node.value.split())
            if name and value:
                result[name] = value
        return result

    # -- sections ----------------------------------------------------------

    def program(self, node: Any) -> dict[str, object] | None:
        def where(key: str) -> str:
            return f"field '{key}' of the program"

        if node.id == "scalar" and node.tag == _NULL:
            return None
        if not self.check_tag(node, "the program"):
            return None
        if node.id != "mapping":
            self.problem(
                _line(node),
                "the program",
                "the program must be a group of fields such as name, cadence_days "
                f"and topics, not {_describe(node)}",
            )
            return None
        result: dict[str, object] = {}
        for key, (key_node, value_node) in self.mapping(
            node, "the program", where, "the program"
        ).items():
            if key not in PROGRAM_KEYS:
                self.unknown(key_node, key, PROGRAM_KEYS, "the program")
                continue
            if not self.check_tag(value_node, where(key)):
                continue
            try:
                value = self.program_value(key, value_node)
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where(key), error.message)
                continue
            if value is not None:
                result[key] = value
        return result

    def program_value(self, key: str, value_node: Any) -> object:
        """One program field's value, checked; raises InvalidInput."""
        if key == "name":
            value: object = parse_name(self.text(value_node, key))
        elif key in ("objectives", "rules", "statements"):
            value = self.texts(value_node, key, split=False)
        elif key == "topics":
            value = self.texts(value_node, key, split=True)
        elif key in ("cadence_days", "session_minutes", "length_weeks"):
            value = self.whole(value_node, key, 1)
            if value is None:
                raise InvalidInput(f"{key} must be a whole number, not empty")
        elif key == "start":
            raw = self.text(value_node, key)
            value = None if raw is None else parse_date(raw, key)
        elif key in MAIL_SETTING_KEYS:
            value = parse_mail_setting(key, key, self.text(value_node, key))
        elif key == "organization":
            value = self.text(value_node, key)
        else:
            value = self.matching(value_node)
        if value is not None and key != "matching":
            value = clean_setting(key, value)  # the one rule set's bounds
        return value

    def matching(self, node: Any) -> dict[str, object] | None:
        def where(key: str) -> str:
            return f"field 'matching.{key}' of the program"

        if node.id == "scalar" and node.tag == _NULL:
            return None
        if node.id != "mapping":
            raise InvalidInput(
                "matching must be a group of fields such as min_level_gap and "
                f"weights, not {_describe(node)}"
            )
        result: dict[str, object] = {}
        for key, (key_node, value_node) in self.mapping(
            node, "matching", where, "field 'matching' of the program"
        ).items():
            if key not in MATCHING_KEYS:
                self.unknown(
                    key_node, key, MATCHING_KEYS, "field 'matching' of the program"
                )
                continue
            if not self.check_tag(value_node, where(key)):
                continue
            try:
                if key == "min_level_gap":
                    value: object = self.whole(value_node, key)
                    if value is not None:
                        value = clean_matching_setting(key, value)
                elif key == "weights":
                    value = self.weights(value_node)
                elif key == "diversity_attributes":
                    value = self.texts(value_node, key, split=True)
                elif key == "require":
                    value = self.requirements(value_node)
                else:
                    value = self.boolean(value_node, key)
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where(key), error.message)
                continue
            if value is not None:
                result[key] = value
        return result

    def weights(self, node: Any) -> dict[str, float] | None:
        if node.id == "scalar" and node.tag == _NULL:
            return None
        if node.id != "mapping":
            raise InvalidInput(
                "weights must be a group of fields such as 'topics: 3', not "
                f"{_describe(node)}"
            )
        result: dict[str, float] = {}
        for key, (key_node, value_node) in self.mapping(
            node,
            "weights",
            lambda k: f"field 'matching.weights.{k}' of the program",
            "field 'matching.weights' of the program",
        ).items():
            where = f"field 'matching.weights.{key}' of the program"
            if key not in WEIGHT_KEYS:
                self.unknown(
                    key_node,
                    key,
                    WEIGHT_KEYS,
                    "field 'matching.weights' of the program",
                )
                continue
            if not self.check_tag(value_node, where):
                continue
            try:
                result[key] = self.number(value_node, f"the {key} weight")
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where, error.message)
        return result

    def requirements(self, node: Any) -> dict[str, object] | None:
        """``require``: checked key by key so each problem names its line."""
        if node.id == "scalar" and node.tag == _NULL:
            return None
        if node.id != "mapping":
            raise InvalidInput(
                "require must be a group of fields such as 'mentor: {gender: "
                f"female}}' or 'differ: [department]', not {_describe(node)}"
            )
        result: dict[str, object] = {}
        outer = "field 'matching.require' of the program"
        for key, (key_node, value_node) in self.mapping(
            node, "require", lambda k: f"field 'matching.require.{k}'", outer
        ).items():
            where = f"field 'matching.require.{key}' of the program"
            if key not in matching_rules.REQUIRE_KEYS:
                self.unknown(key_node, key, matching_rules.REQUIRE_KEYS, outer)
                continue
            try:
                plain = self.plain(value_node)
                if key in ("mentor", "mentee"):
                    result[key] = matching_rules.parse_side(plain, key)
                else:
                    result[key] = matching_rules.parse_rule_names(
                        plain, f"require.{key}"
                    )
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where, error.message)
        return result

    def plain(self, node: Any) -> object:
        """A small node as plain text, lists and groups (tags checked)."""
        _check_item_tag(node)
        if node.id == "scalar":
            return None if node.tag == _NULL else node.value
        if node.id == "sequence":
            return [self.plain(item) for item in node.value]
        return {
            key: self.plain(value)
            for key, (_, value) in self.mapping(
                node, "require", lambda k: f"field '{k}'"
            ).items()
        }

    def participants(self, node: Any, roster: Roster) -> None:
        if not self.check_tag(node, "field 'participants'"):
            return
        if node.id == "scalar" and node.tag == _NULL:
            return
        if node.id != "sequence":
            self.problem(
                _line(node),
                "field 'participants'",
                "participants must be a list of people (each starting with '- '), "
                f"not {_describe(node)}",
            )
            return
        handlers = self._participant_handlers()
        for index, entry in enumerate(node.value, start=1):
            self.add_participant(index, entry, roster, handlers)

    def add_participant(
        self,
        index: int,
        entry: Any,
        roster: Roster,
        handlers: dict[str, Callable[[Any], object]],
    ) -> None:
        """Read one participant entry into the roster, or report why not."""
        lines = roster.lines
        person = self.participant(index, entry, handlers)
        if person is None:
            return
        participant, line, manager_line, given = person
        email = participant.email
        if email in lines:
            self.problem(
                line,
                self.field("email", f"participant {index} ({email})"),
                f"{email} is already listed on {self.unit} {lines[email]} (emails "
                "are compared ignoring case)",
            )
            return
        roster.participants.append(participant)
        self.index_of[email] = index
        lines[email] = _line(entry)
        roster.given[email] = given
        if manager_line:
            roster.manager_lines[email] = manager_line

    def _participant_handlers(self) -> dict[str, Callable[[Any], object]]:
        """key -> reading of the YAML node; every value then passes the
        participant's one rule set (``clean_field``)."""
        text = self.text

        def field(key: str, read: Callable[[Any], object]) -> Callable[[Any], object]:
            return lambda node: clean_field(key, read(node))

        def required(key: str, message: str) -> Callable[[Any], object]:
            def read(node: Any) -> object:
                raw = text(node, key)
                if raw is None:
                    raise InvalidInput(message)
                return clean_field(key, raw)

            return read

        def optional_text(key: str) -> Callable[[Any], object]:
            return field(key, lambda node: text(node, key))

        def status(node: Any) -> object:
            raw = text(node, "status")
            return ACTIVE if raw is None else clean_field("status", raw)

        def capacity(node: Any) -> object:
            value = self.whole(node, "capacity", 1)
            return 1 if value is None else clean_field("capacity", value)

        def prefers(node: Any) -> list[str]:
            if node.id == "scalar":  # one text: comma-separated emails
                return parse_emails(text(node, "prefers"), "prefers")
            return parse_emails(self.texts(node, "prefers", split=False), "prefers")

        return {
            "name": required("name", "a name is required"),
            "email": required("email", "an email address is required"),
            "role": required("role", "a role is required: mentor or mentee"),
            "title": optional_text("title"),
            "level": field("level", lambda node: self.whole(node, "level")),
            "department": optional_text("department"),
            "manager": optional_text("manager"),
            "teaches": field(
                "teaches", lambda node: self.texts(node, "teaches", split=True)
            ),
            "learns": field(
                "learns", lambda node: self.texts(node, "learns", split=True)
            ),
            "goals": optional_text("goals"),
            "capacity": capacity,
            "timezone": optional_text("timezone"),
            "status": status,
            "organization": optional_text("organization"),
            "prefers": prefers,
        }

    def participant(
        self, index: int, node: Any, handlers: dict[str, Callable[[Any], object]]
    ) -> tuple[Participant, int, int, frozenset[str]] | None:
        who = f"participant {index}"
        if not self.check_tag(node, who):
            return None
        if node.id != "mapping":
            self.problem(
                _line(node),
                who,
                "each participant must be a group of fields such as name, email and "
                f"role, not {_describe(node)}",
            )
            return None
        who = _labelled(who, node)
        fields = self.mapping(node, who, lambda k: self.field(k, who), who)
        values, lines, ok = self.participant_values(node, fields, handlers, who)
        ok = self.has_required(node, fields, who) and ok
        if not ok or self.names_themselves(values, fields, lines["manager"], who):
            return None
        given = frozenset(values)
        if values.get("manager") is None:
            values.pop("manager", None)
        participant = Participant(**values)  # type: ignore[arg-type]
        try:
            check_participant(participant)
        except InvalidInput as error:
            self.problem(_line(node), who, error.message)
            return None
        return participant, lines["email"], lines["manager"], given

    def participant_values(
        self,
        node: Any,
        fields: dict[str, tuple[Any, Any]],
        handlers: dict[str, Callable[[Any], object]],
        who: str,
    ) -> tuple[dict[str, object], dict[str, int], bool]:
        """Each field read by its handler, the lines of the email and manager,
        and whether every field could be read (problems are reported)."""
        values: dict[str, object] = {}
        lines = {"email": _line(node), "manager": 0}
        ok = True
        for key, (key_node, value_node) in fields.items():
            handler = handlers.get(key)
            if handler is None and key != "attributes":
                self.unknown(key_node, key, PARTICIPANT_KEYS, who)
                ok = False
                continue
            where = self.field(key, who)
            if not self.check_tag(value_node, where):
                ok = False
                continue
            try:
                if handler is None:  # attributes: nested, needs the context
                    values[key] = clean_field(
                        "attributes", self.attributes(value_node, where)
                    )
                else:
                    values[key] = handler(value_node)
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where, error.message)
                ok = False
                continue
            if key in lines:
                lines[key] = _line(value_node)
        return values, lines, ok

    def has_required(
        self, node: Any, fields: dict[str, tuple[Any, Any]], who: str
    ) -> bool:
        """True when the person has a name, an email and a role (else reported)."""
        ok = True
        for key, message in (
            ("name", "a name is required"),
            ("email", "an email address is required"),
            ("role", "a role is required: mentor or mentee"),
        ):
            if key not in fields:
                self.problem(_line(node), self.field(key, who), message)
                ok = False
        return ok

    def names_themselves(
        self,
        values: dict[str, object],
        fields: dict[str, tuple[Any, Any]],
        manager_line: int,
        who: str,
    ) -> bool:
        """True (and reported) when a person is their own manager or preferred
        partner."""
        if values.get("manager") == values["email"]:
            self.problem(
                manager_line,
                self.field("manager", who),
                "a person cannot be their own manager",
            )
            return True
        if values["email"] in values.get("prefers", ()):
            self.problem(
                _line(fields["prefers"][1]),
                f"field 'prefers' of {who}",
                "a person cannot prefer to be paired with themselves",
            )
            return True
        return False

    def avoid(self, node: Any, roster: Roster) -> None:
        for index, entry in self._entries(node, "avoid", "pairs of emails"):
            where = f"avoid entry {index}"
            line = _line(entry)
            if not self.check_tag(entry, where):
                continue
            if entry.id != "sequence" or len(entry.value) != 2:
                self.problem(
                    line,
                    where,
                    "each avoid entry must be a pair of emails such as "
                    f"[ana@example.com, sam@example.com], not {_describe(entry)}"
                    + (f" of {len(entry.value)}" if entry.id == "sequence" else ""),
                )
                continue
            emails = []
            for item in entry.value:
                if not self.check_tag(item, where):
                    continue
                try:
                    emails.append(parse_email(self.text(item, "avoid")))
                except InvalidInput as error:
                    self.problem(_line(item), where, error.message)
            if len(emails) != 2:
                continue
            if emails[0] == emails[1]:
                self.problem(
                    line, where, f"{emails[0]} cannot be kept apart from themselves"
                )
                continue
            roster.avoid.append((emails[0], emails[1]))
            roster.avoid_lines.append(line)

    def fixed(self, node: Any, roster: Roster) -> None:
        for index, entry in self._entries(node, "fixed", "mentor/mentee pairs"):
            who = f"fixed entry {index}"
            if not self.check_tag(entry, who):
                continue
            if entry.id != "mapping":
                self.problem(
                    _line(entry),
                    who,
                    "each fixed entry must be a group of fields such as {mentor: "
                    f"lee@example.com, mentee: sam@example.com}}, not {_describe(entry)}",
                )
                continue
            found, goals = self.fixed_fields(entry, who)
            missing = [key for key in FIXED_KEYS if key not in found]
            for key in missing:
                if key not in {k.value for k, _ in entry.value if k.id == "scalar"}:
                    self.problem(
                        _line(entry),
                        f"field '{key}' of {who}",
                        f"the {key}'s email is required",
                    )
            if missing:
                continue
            if found["mentor"] == found["mentee"]:
                self.problem(
                    _line(entry),
                    who,
                    f"{found['mentor']} cannot be their own mentor",
                )
                continue
            roster.fixed.append((found["mentor"], found["mentee"]))
            roster.fixed_lines.append(_line(entry))
            if goals:
                roster.fixed_goals[(found["mentor"], found["mentee"])] = goals

    def fixed_fields(self, entry: Any, who: str) -> tuple[dict[str, str], list[dict]]:
        """A fixed entry's emails by key (mentor, mentee) and its goals; the
        problems are reported."""
        found: dict[str, str] = {}
        goals: list[dict] = []
        for key, (key_node, value_node) in self.mapping(
            entry, who, lambda k: f"field '{k}' of {who}", who
        ).items():
            if key == FIXED_GOALS_KEY:
                goals = self.pair_goals(value_node, f"field 'goals' of {who}")
                continue
            if key not in FIXED_KEYS:
                self.unknown(key_node, key, (*FIXED_KEYS, FIXED_GOALS_KEY), who)
                continue
            where = f"field '{key}' of {who}"
            if not self.check_tag(value_node, where):
                continue
            try:
                found[key] = parse_email(self.text(value_node, key))
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where, error.message)
        return found, goals

    def pair_goals(self, node: Any, where: str) -> list[dict]:
        """A fixed pair's goals: texts, or groups such as {text: ..., due: DATE},
        through the goal rules (the due date is checked against the pair's
        start when the pair is made)."""
        items = node.value if node.id == "sequence" else [node]
        goals = []
        for item in items:
            if not self.check_tag(item, where):
                continue
            try:
                goals.append(self._pair_goal(item, where))
            except InvalidInput as error:
                self.problem(_error_line(error, item), where, error.message)
        return goals

    def _pair_goal(self, item: Any, where: str) -> dict:
        if item.id == "scalar":
            return {"text": parse_goal_text(self.text(item, "a goal")), "due": None}
        if item.id != "mapping":
            raise _Problem(
                "each goal must be a text or a group such as {text: Post weekly, "
                f"due: 2027-03-01}}, not {_describe(item)}",
                item,
            )
        given: dict[str, str | None] = {}
        for key, (key_node, value_node) in self.mapping(
            item, where, lambda k: f"{where}, key '{k}'", where
        ).items():
            if key not in GOAL_KEYS:
                self.unknown(key_node, key, GOAL_KEYS, where)
                continue
            given[key] = self.text(value_node, key)
        due = given.get("due")
        return {
            "text": parse_goal_text(given.get("text")),
            "due": parse_date(due, "the due date").isoformat() if due else None,
        }

    def org(self, node: Any, roster: Roster) -> None:
        for index, entry in self._entries(node, "org", "people (each with an email)"):
            self.add_org_person(index, entry, roster)
        self.org_loops(roster)

    def add_org_person(self, index: int, node: Any, roster: Roster) -> None:
        """Read one person of the org chart, through its one rule set."""
        who = f"org entry {index}"
        if not self.check_tag(node, who):
            return
        if node.id != "mapping":
            self.problem(
                _line(node),
                who,
                "each org entry must be a group of fields such as email, name and "
                f"manager, not {_describe(node)}",
            )
            return
        values: dict[str, object] = {}
        ok = True
        for key, (key_node, value_node) in self.mapping(
            node, who, lambda k: self.field(k, who), who
        ).items():
            if key not in ORG_KEYS:
                self.unknown(key_node, key, ORG_KEYS, who)
                ok = False
                continue
            where = self.field(key, who)
            if not self.check_tag(value_node, where):
                ok = False
                continue
            try:
                values[key] = clean_org_field(key, self.text(value_node, key))
            except InvalidInput as error:
                self.problem(_error_line(error, value_node), where, error.message)
                ok = False
        if "email" not in values:
            if ok:
                self.problem(
                    _line(node),
                    self.field("email", who),
                    "an email address is required",
                )
            return
        if not ok:
            return
        person = OrgPerson(**values)  # type: ignore[arg-type]
        if person.manager == person.email:
            self.problem(
                _line(node),
                self.field("manager", who),
                "a person cannot be their own manager",
            )
            return
        earlier = roster.org_lines.get(person.email)
        if earlier is not None:
            self.problem(
                _line(node),
                self.field("email", who),
                f"{person.email} is already listed on {self.unit} {earlier}",
            )
            return
        roster.org.append(person)
        roster.org_lines[person.email] = _line(node)

    def org_loops(self, roster: Roster) -> None:
        """A manager chain inside the org chart that comes back to its start."""
        managers = {p.email: p.manager for p in roster.org}
        for loop in manager_loops(managers):
            self.problem(
                roster.org_lines.get(loop[0], 0),
                self.field("manager", f"org entry ({loop[0]})"),
                "the manager chain loops: " + " → ".join([*loop, loop[0]]),
            )

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
