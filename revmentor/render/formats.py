"""Output formats, and plain-text writers for listings: JSON, CSV and Markdown.

A listing is a list of dict rows plus the columns to show in flat formats.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from pathlib import Path

from revmentor.domain.text import BIDI_CONTROLS, printable
from revmentor.errors import UsageProblem


class Format(StrEnum):
    """Every format revmentor writes; each command says which of them it can."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


LISTING_FORMATS = (Format.table, Format.json, Format.csv, Format.markdown)

# `--output people.csv` is enough to get CSV (and report.html to get HTML).
FORMAT_BY_SUFFIX = {
    ".json": Format.json,
    ".csv": Format.csv,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".html": Format.html,
    ".htm": Format.html,
    ".txt": Format.table,
}
SUFFIX_BY_FORMAT = {
    Format.table: ".txt",
    Format.json: ".json",
    Format.csv: ".csv",
    Format.markdown: ".md",
    Format.html: ".html",
}
# Files people expect to open in another program: writing text into them
# would only make a broken file.
_DOCUMENT_SUFFIXES = frozenset(
    [
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".xls",
        ".xlsx",
        ".ods",
        ".ppt",
        ".pptx",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".zip",
        ".gz",
        ".db",
        ".sqlite",
        ".sqlite3",
        ".eml",
        ".ics",
        ".xml",
        ".yaml",
        ".yml",
    ]
)


def pick_format(
    requested: Format | None,
    output: Path | None,
    allowed: Collection[Format] = LISTING_FORMATS,
) -> Format:
    """The format to write: the one asked for, else the output file's extension,
    else a table. An extension or format the command cannot write is refused,
    naming the ones it can."""
    if requested is not None and requested not in allowed:
        raise UsageProblem(
            f"--format {requested.value} is not available here; "
            f"use {_choices(f.value for f in allowed)}."
        )
    if output is not None:
        from revmentor.files import check_writable_target

        check_writable_target(output)  # the database, an input, a link: say so first
    suffix = output.suffix.lower() if output is not None else ""
    named = FORMAT_BY_SUFFIX.get(suffix)
    if suffix and (suffix in _DOCUMENT_SUFFIXES or (named and named not in allowed)):
        raise UsageProblem(
            f"Cannot write a {suffix} file here; name the output "
            f"{_choices(SUFFIX_BY_FORMAT[f] for f in allowed)} "
            "(or give --format for another extension)."
        )
    if requested is None or requested is Format.table:
        # A table is only the default, so the extension decides.
        return named or Format.table
    if named is not None and named is not Format.table and named is not requested:
        raise UsageProblem(
            f"{output} names a {named.value} file but --format {requested.value} "
            "was asked for; choose one."
        )
    return requested


def _choices(items) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]


# A spreadsheet runs a cell starting with one of these as a formula
# (OWASP "CSV injection"); a leading apostrophe makes it plain text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def to_json(data: object) -> str:
    """Stable, readable JSON; text-direction controls and C1 characters are
    written as \\u escapes, so the data is exact but harmless in a terminal."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    # Searching first is many times faster than translating text with none.
    return text.translate(_JSON_ESCAPES) if _JSON_ESCAPED.search(text) else text


_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in [*range(0x7F, 0xA0), *(ord(c) for c in BIDI_CONTROLS)]
}
_JSON_ESCAPED = re.compile("[" + "".join(map(chr, _JSON_ESCAPES)) + "]")


def flat(value: object) -> str:
    """One cell of text for CSV/Markdown/tables."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={flat(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def safe_csv_cell(text: str) -> str:
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_csv_cell(flat(row.get(c))) for c in columns])
    return buffer.getvalue()


_MARKDOWN_SPECIAL = "\\`*_[]<>|#~"
# One replacement per character, so a translation table does it in one pass.
_MARKDOWN_ESCAPES = {
    **{ord(char): "\\" + char for char in _MARKDOWN_SPECIAL},
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("&"): "&amp;",
    ord("\r"): " ",
    ord("\n"): " ",
}


def markdown_text(text: object) -> str:
    """Plain text made inert inside Markdown, on one line: no emphasis, link,
    image (``![x](url)``), table break or HTML a value carries ever renders.

    The one Markdown escaper: listings, the report and messages all use it.
    """
    return printable(str(text)).translate(_MARKDOWN_ESCAPES).strip()


def markdown_cell(text: str) -> str:
    return markdown_text(text)


def to_markdown(
    rows: Sequence[dict], columns: Sequence[str], headers: Sequence[str] | None = None
) -> str:
    headers = list(headers or columns)
    lines = [
        "| " + " | ".join(markdown_cell(h) for h in headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    for row in rows:
        lines.append(
            "| " + " | ".join(markdown_cell(flat(row.get(c))) for c in columns) + " |"
        )
    return "\n".join(lines) + "\n"
