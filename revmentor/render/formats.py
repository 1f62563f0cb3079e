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
from revmentor.files import check_writable_target

# Every format revmentor writes; each command says which of them it can.
Format = StrEnum("Format", "table json csv markdown html")


LISTING_FORMATS = (Format.table, Format.json, Format.csv, Format.markdown)

# The suffix each format is written with, and (below) the suffixes read as it:
# `--output people.csv` is enough to get CSV (and report.html to get HTML).
SUFFIX_BY_FORMAT = {f: f".{f}" for f in Format} | {Format.table: ".txt"}
SUFFIX_BY_FORMAT[Format.markdown] = ".md"
FORMAT_BY_SUFFIX = {s: f for f, s in SUFFIX_BY_FORMAT.items()}
FORMAT_BY_SUFFIX |= {".markdown": Format.markdown, ".htm": Format.html}
# Files people expect to open in another program: text in them is a broken file.
DOCUMENTS = "pdf doc docx odt rtf xls xlsx ods ppt pptx png jpg jpeg gif svg zip gz"
DOCUMENTS += " db sqlite sqlite3 eml ics xml yaml yml"


def pick_format(
    requested: str | None,
    output: Path | None,
    allowed: Collection[Format] = LISTING_FORMATS,
) -> Format:
    """The format to write: the one asked for, else the output file's extension,
    else a table. An extension the command cannot write is refused, naming the
    ones it can. ``requested`` is the command's own format enum, which holds only
    the formats it writes (Click refuses any other)."""
    requested = None if requested is None else Format(requested)
    if output is not None:
        check_writable_target(output)  # the database, an input, a link: say so first
    suffix = output.suffix.lower() if output is not None else ""
    named = FORMAT_BY_SUFFIX.get(suffix)
    if suffix[1:] in DOCUMENTS.split() or (named and named not in allowed):
        *others, last = (SUFFIX_BY_FORMAT[f] for f in allowed)
        raise UsageProblem(
            f"Cannot write a {suffix} file here; name the output "
            f"{', '.join(others)} or {last} (or give --format for another extension)."
        )
    if requested is None or requested is Format.table:
        return named or Format.table  # a table is only the default
    if named not in (None, Format.table, requested):
        raise UsageProblem(
            f"{output} names a {named.value} file but --format {requested.value} "
            "was asked for; choose one."
        )
    return requested


# Text-direction controls and C1 characters are written as \u escapes, so the
# data stays exact but harmless in a terminal (found by a pattern: translate
# takes a tenth of a second on the JSON of 2,000 pairs).
_JSON_ESCAPED = re.compile(f"[\x7f-\x9f{''.join(sorted(BIDI_CONTROLS))}]")


def to_json(data: object) -> str:
    """Stable, readable JSON."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    return _JSON_ESCAPED.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def column_header(column: str) -> str:
    """A listing's header for a key: 'paired_on' is headed 'Paired on'."""
    return "ID" if column == "id" else column.replace("_", " ").capitalize()


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
    """A spreadsheet runs a cell starting with one of these as a formula (OWASP
    "CSV injection"); a leading apostrophe makes it plain text. Each part after
    a ',' or ';' too: where ';' separates cells, ``x;=1+1`` is two cells."""
    return _FORMULA_START.sub(r"\1'", text)


_FORMULA_START = re.compile(r"(^|[,;]\s*)(?=[=+\-@\t\r])")


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_csv_cell(flat(row.get(c))) for c in columns])
    return buffer.getvalue()


_MARKDOWN_ESCAPES = str.maketrans(
    {char: "\\" + char for char in "\\`*_[]|#~"}
    | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\r": " ", "\n": " "}
)


def markdown_text(text: object) -> str:
    """Plain text made inert inside Markdown, on one line: no emphasis, link,
    image (``![x](url)``), table break or HTML a value carries ever renders.

    The one Markdown escaper: listings, the report and messages all use it.
    """
    return printable(str(text)).translate(_MARKDOWN_ESCAPES).strip()


def to_markdown(
    rows: Sequence[dict], columns: Sequence[str], headers: Sequence[str] | None = None
) -> str:
    header = [markdown_text(h) for h in headers or columns]
    body = [[markdown_text(flat(row.get(c))) for c in columns] for row in rows]
    lines = [header, ["---"] * len(header), *body]
    return "".join(f"| {' | '.join(cells)} |\n" for cells in lines)
