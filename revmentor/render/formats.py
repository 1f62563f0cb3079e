"""Plain-text writers for listings: JSON, CSV and Markdown.

A listing is a list of dict rows plus the columns to show in flat formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

# A spreadsheet runs a cell starting with one of these as a formula
# (OWASP "CSV injection"); a leading apostrophe makes it plain text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


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


def markdown_cell(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", " ")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


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
