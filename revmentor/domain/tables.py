"""Spreadsheet tables (CSV or Excel) as rows of cells: pure parsing, no file I/O.

A ``Table`` is one sheet: its header row and its data rows, each row with its
number in the file (the header is row 1), so every message can say
``people.xlsx, row 14, column 'Level': ...``. This module matches headers to the
keys a record takes (ignoring case, spaces and underscores, with ``--map
"Work Email=email"`` for the rest), and turns cells into text, lists and dates.
What a value *means* is left to the record's own rule set.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from revmentor.domain.validation import parse_date
from revmentor.errors import InvalidInput, RosterError

# What a spreadsheet runs as a formula; revmentor's own CSV output puts an
# apostrophe before such a cell, which reading it back takes away again.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# `--map "Start time=-"` leaves a column unread (a form export's extra columns).
SKIP = "-"
# Cells longer than this are refused rather than read (a 10 MB cell is a mistake).
LONGEST_CELL = 10_000


@dataclass
class Table:
    """One sheet: the header row as written, and the non-blank data rows."""

    source: str  # the file name, for messages
    headers: list[str]
    rows: list[tuple[int, tuple[object, ...]]] = field(default_factory=list)


@dataclass
class Columns:
    """Which column holds which key, and the header each key was read from."""

    index: dict[str, int] = field(default_factory=dict)  # key -> column
    header: dict[str, str] = field(default_factory=dict)  # key -> header as written

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def cell(self, cells: Sequence[object], key: str) -> object:
        at = self.index.get(key)
        return cells[at] if at is not None and at < len(cells) else None

    def where(self, key: str) -> str:
        return f"column '{self.header.get(key, key)}'"


class Problems:
    """Every problem of a table, raised together as one ``RosterError``."""

    def __init__(self, source: str):
        self.source = source
        self._found: list[tuple[int, int, str]] = []

    def add(self, row: int, where: str | None, message: str, order: int = 0) -> None:
        place = f"{self.source}, row {row}" if row else self.source
        if where:
            place += f", {where}"
        self._found.append((row, order, f"{place}: {message}"))

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    @property
    def messages(self) -> list[str]:
        return [m for _, _, m in sorted(self._found, key=lambda f: (f[0], f[1]))]

    def raise_if_any(self) -> None:
        if self._found:
            raise RosterError(self.messages)


def header_key(text: object) -> str:
    """How headers compare: no case, no spaces, no underscores ('Work_Email')."""
    return re.sub(r"[\s_]+", "", str(text)).casefold()


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
    aliases: Mapping[str, str] | None = None,
) -> Columns:
    """Match each header to one of ``keys``; refuse unknown or repeated ones.

    ``prefixed`` allows ``PREFIX.NAME`` keys (``attributes.gender``); ``aliases``
    maps other accepted header keys to a key. ``mapping`` comes from --map.
    Raises ``RosterError`` listing every problem with the header row.
    """
    mapping = dict(mapping or {})
    by_key = {header_key(k): k for k in keys}
    for alias, key in (aliases or {}).items():
        by_key.setdefault(header_key(alias), key)
    problems = Problems(table.source)
    columns = Columns()
    used_maps: set[str] = set()
    for at, header in enumerate(table.headers):
        written = " ".join(str(header or "").split())
        if not written:
            continue  # an unnamed column (often Excel's trailing ones): not read
        found = header_key(written)
        if found in mapping:
            used_maps.add(found)
        key = _column_key(written, at, mapping, by_key, keys, prefixed, problems)
        if key is None:
            continue
        if key in columns.index:
            problems.add(
                1,
                f"column '{written}'",
                f"gives {key} again (column '{columns.header[key]}' already does)",
                at,
            )
            continue
        columns.index[key] = at
        columns.header[key] = written
    for header, target in mapping.items():
        if header not in used_maps:
            problems.add(
                0,
                None,
                f"--map names a column for {target!r} that the file does not have "
                f"(its columns are {', '.join(repr(h) for h in table.headers if h)})",
            )
    problems.raise_if_any()
    return columns


def _column_key(
    written: str,
    at: int,
    mapping: Mapping[str, str],
    by_key: Mapping[str, str],
    keys: Sequence[str],
    prefixed: str | None,
    problems: Problems,
) -> str | None:
    """The key the header ``written`` names, --map first; None for a column not
    to read (a problem is reported unless --map left it out on purpose)."""
    found = header_key(written)
    key: str | None = None
    if found in mapping:
        if mapping[found] == SKIP:
            return None  # --map "Start time=-": a column not to read
        key = _mapped_key(mapping[found], by_key, prefixed)
        if key is None:
            problems.add(
                0,
                None,
                f'--map "{written}={mapping[found]}" names an unknown field '
                f"{_suggestion(mapping[found], keys, prefixed)}",
                at,
            )
            return None
    elif found in by_key:
        key = by_key[found]
    elif prefixed and found.startswith(header_key(prefixed) + "."):
        name = written.split(".", 1)[1].strip()
        key = f"{prefixed}.{name}" if name else None
    if key is None:
        problems.add(
            1,
            f"column '{written}'",
            f"unknown column {_suggestion(written, keys, prefixed)}; rename "
            f'it, map it with --map "{written}=KEY", or leave it out with '
            f'--map "{written}=-"',
            at,
        )
    return key


def _mapped_key(target: str, by_key: Mapping[str, str], prefixed: str | None):
    key = by_key.get(header_key(target))
    if key is None and prefixed and header_key(target).startswith(prefixed + "."):
        name = target.split(".", 1)[1].strip()
        key = f"{prefixed}.{name}" if name else None
    return key


def _suggestion(written: str, keys: Sequence[str], prefixed: str | None) -> str:
    close = difflib.get_close_matches(header_key(written), list(keys), n=1, cutoff=0.6)
    if close:
        return f"'{written}' (did you mean '{close[0]}'?)"
    known = ", ".join(keys) + (f", {prefixed}.NAME" if prefixed else "")
    return f"'{written}' (the columns are {known})"


def require_columns(table: Table, columns: Columns, required: Sequence[str]) -> None:
    """Refuse a table that lacks a column every row needs."""
    problems = Problems(table.source)
    for key in required:
        if key not in columns:
            problems.add(
                1,
                None,
                f"there is no '{key}' column (the header row must name it, or map "
                f'one with --map "Header={key}")',
            )
    problems.raise_if_any()


# ------------------------------------------------------------------------ cells


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
    if len(text) > LONGEST_CELL:
        raise InvalidInput(
            f"the cell holds {len(text):,} characters; at most {LONGEST_CELL:,} "
            "are read"
        )
    if text[:1] == "'" and text[1:2] and text[1:2] in "=+-@":
        text = text[1:]  # a formula-safe cell written by revmentor itself
    return text or None


def split_list(text: str | None) -> list[str]:
    """A list cell: items separated by ';' or ','; blanks dropped."""
    if not text:
        return []
    return [item.strip() for item in re.split(r"[;,]", text) if item.strip()]


def date_pattern(form: str) -> str:
    """``MM/DD/YYYY`` style (or a strftime pattern) -> a strptime pattern."""
    if "%" in form:
        return form
    pattern = form.strip()
    for token, code in (
        ("YYYY", "%Y"),
        ("YY", "%y"),
        ("MM", "%m"),
        ("DD", "%d"),
        ("M", "%m"),
        ("D", "%d"),
    ):
        pattern = pattern.replace(token, code)
    if not re.search(r"%[Yy]", pattern) or "%m" not in pattern or "%d" not in pattern:
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
    candidates = [text]
    head = re.split(r"[ T]", text, maxsplit=1)[0]
    if head != text:
        candidates.append(head)
    for candidate in candidates:
        try:
            if pattern:
                return datetime.strptime(candidate, pattern).date()
            return parse_date(candidate)
        except (ValueError, InvalidInput):
            continue
    return text


def timestamp_key(value: object) -> str | None:
    """A form's timestamp cell as stable text (an idempotency key)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return cell_text(value)
