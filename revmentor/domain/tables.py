"""Spreadsheet tables (CSV or Excel) as rows of cells: pure parsing, no file I/O.

A ``Table`` is one sheet: its header row and its data rows, each row with its
number in the file (the header is row 1), so every message can say
``people.xlsx, row 14, column 'Level': ...``. This module matches headers to the
keys a record takes (ignoring case, spaces and underscores, with ``--map
"Work Email=email"`` for the rest), and turns cells into text, lists and dates.
What a value *means* is left to the record's own rule set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from revmentor.domain.records import suggest
from revmentor.domain.validation import parse_date
from revmentor.errors import InvalidInput, RosterError

# `--map "Start time=-"` leaves a column unread (a form export's extra columns).
SKIP = "-"


@dataclass
class Table:
    """One sheet: the header row as written, and the non-blank data rows."""

    source: str  # the file name, for messages
    headers: list[str]
    rows: list[tuple[int, tuple[object, ...]]] = field(default_factory=list)
    note: str = ""  # which sheet of several was read, for the coordinator
    # The workbook's other sheets, when its first was read for want of --sheet.
    other_sheets: list[str] = field(default_factory=list)


@dataclass
class Columns:
    """Which column holds which key, and the header each key was read from."""

    index: dict[str, int] = field(default_factory=dict)  # key -> column
    header: dict[str, str] = field(default_factory=dict)  # key -> header as written

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def cell(self, cells: Sequence[object], key: str) -> object:
        at = self.index.get(key, len(cells))
        return cells[at] if at < len(cells) else None

    def where(self, key: str) -> str:
        return f"column '{self.header.get(key, key)}'"


@dataclass
class Problems:
    """Every problem of a table, raised together as one ``RosterError``."""

    source: str
    unit: str = "row"  # or "line", in a YAML file
    found: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, row: int, where: str | None, message: str, order: int = 0) -> None:
        place = f"{self.source}, {self.unit} {row}" if row else self.source
        place += f", {where}" if where else ""
        self.found.append((row, order, f"{place}: {message}"))

    @property
    def messages(self) -> list[str]:
        return [message for *_, message in sorted(self.found, key=lambda f: f[:2])]

    def raise_if_any(self) -> None:
        if self.found:
            raise RosterError(self.messages)


def header_key(text: object) -> str:
    """How headers compare: no case, no spaces, no underscores ('Work_Email'),
    and "organisation" read as "organization"."""
    key = re.sub(r"[\s_]+", "", str(text)).casefold()
    return key.replace("organisation", "organization")


def parse_map_options(items: Iterable[str] | None) -> dict[str, str]:
    """``["Work Email=email"]`` -> {header key: target key}."""
    mapping: dict[str, str] = {}
    for item in items or ():
        header, sep, key = item.partition("=")
        if not sep or not header.strip() or not key.strip():
            raise InvalidInput(
                f'--map {item!r} must be written "Column header=key", e.g. '
                '--map "Work Email=email"'
            )
        mapping[header_key(header)] = key.strip()
    return mapping


def match_headers(
    table: Table,
    keys: Sequence[str],
    mapping: Mapping[str, str] | None = None,
    *,
    prefixed: str | None = None,
    required: Sequence[str] = (),
) -> Columns:
    """Match each header to one of ``keys``; refuse unknown or repeated ones.

    ``prefixed`` allows ``PREFIX.NAME`` keys (``attributes.gender``); ``mapping``
    comes from --map; a ``required`` key must have a column. Raises ``RosterError`` listing every problem with the
    header row.
    """
    mapping = mapping or {}
    by_key = {header_key(k): k for k in keys}
    problems = Problems(table.source)
    columns = Columns()
    known = [*keys, *([f"{prefixed}.NAME"] if prefixed else [])]  # for "did you mean"
    first: dict[str, int] = {}  # the column each key was first given in
    for at, written in enumerate(table.headers):
        target = mapping.get(header_key(written))
        if not written or target == SKIP:
            continue  # an unnamed column (Excel's trailing ones), or one to leave
        key = _key(target or written, by_key, prefixed)
        if key is None and target:  # about the command line rather than a row
            field = suggest(target, known)
            problems.add(0, None, f'--map "{written}={target}" names an {field}', at)
        elif key is None:
            problem = (
                f"{suggest(written, known, 'column')}; rename it, "
                f'map it with --map "{written}=KEY", or leave it out with '
                f'--map "{written}=-"'
            )
            problems.add(1, f"column '{written}'", problem, at)
        # 'attributes.Gender' and 'attributes.gender' are one attribute.
        elif (same := first.setdefault(header_key(key), at)) != at:
            problem = f"gives {key} again (column '{table.headers[same]}' already does)"
            problems.add(1, f"column '{written}'", problem, at)
        else:
            columns.index[key], columns.header[key] = at, written
    found = set(map(header_key, table.headers))
    names = ", ".join(repr(h) for h in table.headers if h)
    for target in (t for h, t in mapping.items() if h not in found):
        problem = f"--map names a column for {target!r} that the file does not have"
        problems.add(0, None, f"{problem} (its columns are {names})")
    for key in (k for k in required if k not in columns):
        problem = f"there is no '{key}' column (the header row must name it"
        problems.add(1, None, f'{problem}, or map one with --map "Header={key}")')
    if problems.found and table.other_sheets:  # a "Read me" sheet, say
        others = ", ".join(map(repr, table.other_sheets))
        note = "this is its first sheet; read another with --sheet, "
        note += f'e.g. --sheet "{table.other_sheets[0]}"'
        problems.add(0, None, f"{note} (its other sheets: {others})", order=-1)
    problems.raise_if_any()
    return columns


def _key(text: str, by_key: Mapping[str, str], prefixed: str | None) -> str | None:
    found = header_key(text)
    if prefixed and found.startswith(prefixed + ".") and found not in by_key:
        name = text.split(".", 1)[1].strip()
        return f"{prefixed}.{name}" if name else None
    return by_key.get(found)


def cell_text(value: object) -> str | None:
    """A cell as text; ``None`` when empty (an empty cell means "not given")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # A formula-safe cell written by revmentor itself (render.formats.safe_csv_cell).
    text = re.sub(r"(^|[,;]\s*)'(?=[=+\-@])", r"\1", text)
    return text or None


def split_list(text: str | None) -> list[str]:
    """A list cell: items separated by ';' or ','; blanks dropped."""
    return [item.strip() for item in re.split(r"[;,]", text or "") if item.strip()]


def date_pattern(form: str) -> str:
    """``MM/DD/YYYY`` style (or a strftime pattern) -> a strptime pattern."""
    pattern = form.strip()
    if "%" not in form:
        for token, code in [("YYYY", "%Y"), ("YY", "%y"), ("MM", "%m"), ("DD", "%d")]:
            pattern = pattern.replace(token, code)
        pattern = pattern.replace("M", "%m").replace("D", "%d")
    if not all(re.search(f"%[{codes}]", pattern) for codes in ("Yy", "mbB", "d")):
        raise InvalidInput(
            f"--date-format {form!r} must name the year, month and day, e.g. "
            "MM/DD/YYYY or DD.MM.YYYY"
        )
    return pattern


def cell_date(value: object, pattern: str | None = None) -> object:
    """A date cell as a ``date`` when it can be read as one, else as text.

    Excel date cells arrive as dates; text is read as ISO (a time after the date,
    as in a form's timestamp, is ignored) or with ``pattern`` (--date-format).
    Text that fits neither is returned as it is, for the record's own rule to
    refuse with its usual sentence.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if text is None:
        return None
    for candidate in dict.fromkeys([text, re.split(r"[ T]", text, maxsplit=1)[0]]):
        try:
            if pattern:
                return datetime.strptime(candidate, pattern).date()
            return parse_date(candidate)
        except (ValueError, InvalidInput):
            continue
    return text


def timestamp_key(value: object, pattern: str | None = None) -> str | None:
    """A form's timestamp cell as one instant written one way (an idempotency
    key): the same answer exported as XLSX and as CSV gives the same key."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    text = cell_text(value)
    if text is None:
        return None
    day, _, clock = text.partition(" ")
    read = cell_date(day, pattern)
    for form in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"):
        try:
            moment = datetime.strptime(clock.strip().upper(), form).time()
        except ValueError:
            continue
        if isinstance(read, date):
            return datetime.combine(read, moment).isoformat(sep=" ")
    return text
